"""Search: a query read into one neutral form (``query``), executed by a
registered backend (``backends``; whoosh shipped), shaped into hits with
snippets, highlights and facets (``results``).

Public verbs: :func:`search_clauses`, :func:`sync_search_index`,
:func:`rebuild_search_index`, :func:`search_index_pending`.
"""

from __future__ import annotations

from pathlib import Path

from .backends import BACKENDS, SearchBackend, open_backend, register_backend
from .query import QuerySyntaxError, parse_query
from .results import Hit, SearchResult
from .service import SearchService, search_clauses


def sync_search_index(home: str | Path, store, progress=None) -> dict:
    """Bring the search index in line with the store (changed documents);
    ``progress(done, total)`` by document when given."""
    backend = open_backend(home)
    return backend.sync(store, progress=progress) if progress else backend.sync(store)


def rebuild_search_index(home: str | Path, store, progress=None) -> dict:
    """Index every clause afresh."""
    backend = open_backend(home)
    return backend.build(store, progress=progress) if progress else backend.build(store)


def search_index_pending(home: str | Path, store) -> int | None:
    """Documents the index is behind the store; None: no usable index."""
    return open_backend(home).pending(store)


__all__ = ["BACKENDS", "Hit", "QuerySyntaxError", "SearchBackend", "SearchResult",
           "SearchService", "open_backend", "parse_query", "rebuild_search_index",
           "register_backend", "search_clauses", "search_index_pending", "sync_search_index"]
