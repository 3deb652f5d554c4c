"""From clauses to what is queried: the search index, the lineage links,
citations and draft checks.

- ``segment``: jieba with PolicyKB's dictionary of policy terms;
- ``analysis``: the whoosh analyser (words, sub-words, exact offsets);
- ``phrase``, ``query``, ``conjunction``, ``postings``: phrase matching,
  the query syntax, the fast path for AND queries, postings decoded at
  index time;
- ``index``: building and syncing the whoosh index from the store;
- ``search``: :func:`search_clauses`, the verb the CLI and web app call;
- ``fingerprint``, ``align``, ``lineage``: :func:`link_documents`, clause
  links from winnowed fingerprints and local alignment;
- ``trace``, ``diff``: :func:`clause_lineage`, :func:`document_coverage`,
  :func:`diff_clauses`;
- ``cite``, ``check``: :func:`cite_clause`, :func:`check_draft`;
- ``update``: :func:`update_knowledge_base` (ingest, index, link).
"""

from .check import check_draft
from .cite import cite_clause, cite_document
from .diff import diff_clauses
from .index import build_index, sync_index
from .lineage import link_documents
from .query import QuerySyntaxError
from .search import SearchService, search_clauses
from .trace import clause_lineage, document_coverage
from .update import update_knowledge_base

__all__ = ["QuerySyntaxError", "SearchService", "build_index", "check_draft", "cite_clause",
           "cite_document", "clause_lineage", "diff_clauses", "document_coverage",
           "link_documents", "search_clauses", "sync_index", "update_knowledge_base"]
