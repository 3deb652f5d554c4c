"""From clauses to what is queried, in three packages that meet only
through their public verbs:

- ``search``: a neutral query, search backends (whoosh shipped), results —
  :func:`search_clauses`, :func:`sync_search_index`;
- ``lineage``: fingerprints, alignment, links, trace, coverage, diff —
  :func:`link_documents`, :func:`clause_lineage`, :func:`document_coverage`,
  :func:`diff_clauses`;
- ``cite``: citation styles and draft checking — :func:`cite_clause`,
  :func:`check_draft`;

and ``errors`` (what callers catch, each with its HTTP status) and
``update`` (:func:`update_knowledge_base`: ingest, index, link, under the
data directory's write lock).
"""

from .cite import check_draft, cite_clause, cite_document
from .errors import BadRequest, DraftError, DraftLimit, NoIndexError, NotFound, PolicyKBError
from .lineage import clause_lineage, diff_clauses, document_coverage, link_documents
from .search import QuerySyntaxError, SearchService, search_clauses, sync_search_index
from .update import update_knowledge_base

__all__ = ["BadRequest", "DraftError", "DraftLimit", "NoIndexError", "NotFound",
           "PolicyKBError", "QuerySyntaxError", "SearchService", "check_draft", "cite_clause",
           "cite_document", "clause_lineage", "diff_clauses", "document_coverage",
           "link_documents", "search_clauses", "sync_search_index", "update_knowledge_base"]
