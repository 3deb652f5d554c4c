"""From clauses to what is queried: the search index (lineage and citation
come here next).

- ``segment``: jieba with PolicyKB's dictionary of policy terms;
- ``analysis``: the whoosh analyser (words, sub-words, exact offsets);
- ``phrase``: phrase queries matched on characters;
- ``query``: the query syntax;
- ``index``: building and syncing the whoosh index from the store;
- ``search``: :func:`search_clauses`, the verb the CLI and web app call.
"""

from .index import build_index, sync_index
from .query import QuerySyntaxError
from .search import SearchService, search_clauses

__all__ = ["QuerySyntaxError", "SearchService", "build_index", "search_clauses", "sync_index"]
