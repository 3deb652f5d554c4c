"""Clause search: :func:`search_clauses` is the one verb the CLI and the web
app call; :class:`SearchService` is a data directory's search backend, kept
for the life of a process (its searchers are per thread)."""

from __future__ import annotations

from pathlib import Path

from ..errors import QuerySyntaxError
from .backends import Matches, SearchRequest, open_backend
from .query import parse_query, positive_words
from .results import SearchResult, facet_entries, group_identical, make_hit

MAX_LIMIT = 100
SORTS = ("relevance", "date")


class SearchService:
    """The search backend of one data directory."""

    def __init__(self, home: str | Path, backend: str | None = None):
        self.home = Path(home)
        self.backend = open_backend(self.home, backend)


def search_clauses(service: SearchService, query: str, *, level: str | None = None,
                   region: str | None = None, doc: str | None = None,
                   issuer: str | None = None, year: str | None = None,
                   doc_type: str | None = None, unit: str | None = None,
                   flag: str | None = None, limit: int = 10, page: int = 1,
                   sort: str = "relevance", facets: bool = True,
                   path: str | None = None) -> SearchResult:
    """Clauses matching ``query`` and every given filter, best first (or
    newest first), with facet counts over all matches unless ``facets`` is
    false. ``path`` picks one of the backend's paths (tests, benchmarks)."""
    if sort not in SORTS:
        raise QuerySyntaxError("排序方式只能是 relevance 或 date")
    limit = max(1, min(int(limit), MAX_LIMIT))
    page = max(1, int(page))
    filters = {k: v for k, v in (("level", level), ("region", region), ("doc_id", doc),
                                 ("issuer", issuer), ("year", year), ("doc_type", doc_type),
                                 ("unit", unit), ("flag", flag)) if v}
    parsed = parse_query(query, filters)
    matches: Matches = service.backend.execute(SearchRequest(
        query=parsed, limit=limit, page=page, sort=sort, facets=facets, path=path))
    words = positive_words(parsed)
    return SearchResult(
        query=query, parsed=str(parsed), total=matches.total, page=page,
        pages=max(1, -(-matches.total // limit)), limit=limit, sort=sort,
        hits=group_identical([(make_hit(record, score, words), record)
                              for score, record in matches.hits]),
        facets=facet_entries(matches.facets, matches.titles) if facets else {},
        filters=filters)
