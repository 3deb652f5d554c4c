"""Clause search: ranked hits with highlights, filters and facet counts.

:class:`SearchService` opens the index lazily — after a server forks — and
keeps one searcher per thread (a whoosh searcher shared across threads fails
without mmap), refreshed when the index has changed and reopened when a
rebuild swapped in a new generation. :func:`search_clauses` is the one verb
the CLI and the web app call.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh import sorting

from .analysis import JiebaTokenizer
from .index import NONE, current_generation, open_index
from .query import LEVELS, QuerySyntaxError, parse_query

FACETS = ("level", "region", "issuer", "year", "doc_id", "doc_type", "unit", "flag")
_MULTI = {"region", "unit", "flag"}
SNIPPET_CHARS = 100
SNIPPET_LEAD = 24
MAX_LIMIT = 100

__all__ = ["Hit", "QuerySyntaxError", "SearchResult", "SearchService", "search_clauses"]


@dataclass(frozen=True)
class Hit:
    clause_id: str
    doc_id: str
    score: float
    heading: str
    snippet: str
    highlights: list[tuple[int, int]]
    heading_highlights: list[tuple[int, int]]
    label: str
    path: list[str]
    title: str
    doc_no: str | None
    level: str
    region: list[str]
    date: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    parsed: str
    total: int
    page: int
    pages: int
    limit: int
    sort: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


class SearchService:
    """The index of one data directory, with a searcher per thread."""

    def __init__(self, home: str | Path):
        self.home = Path(home)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._ix = None
        self._generation = None

    def searcher(self):
        generation = current_generation(self.home)
        with self._lock:
            if self._ix is None or generation != self._generation:
                self._ix = open_index(self.home)
                self._generation = generation
            ix, current = self._ix, self._generation
        local = self._local
        searcher = getattr(local, "searcher", None)
        if searcher is None or local.generation != current:
            searcher = ix.searcher()
        elif not searcher.up_to_date():
            searcher = searcher.refresh()
        local.searcher, local.generation = searcher, current
        return searcher


def search_clauses(service: SearchService, query: str, *, level: str | None = None,
                   region: str | None = None, doc: str | None = None,
                   issuer: str | None = None, year: str | None = None,
                   doc_type: str | None = None, unit: str | None = None,
                   flag: str | None = None, limit: int = 10, page: int = 1,
                   sort: str = "relevance", facets: bool = True) -> SearchResult:
    """Clauses matching ``query`` and every given filter, best first, with
    facet counts over all matches unless ``facets`` is false."""
    if sort not in ("relevance", "date"):
        raise QuerySyntaxError("排序方式只能是 relevance 或 date")
    limit = max(1, min(int(limit), MAX_LIMIT))
    page = max(1, int(page))
    searcher = service.searcher()
    parsed = parse_query(query, searcher.schema)
    filters = {k: v for k, v in (("level", level), ("region", region), ("doc_id", doc),
                                 ("issuer", issuer), ("year", year), ("doc_type", doc_type),
                                 ("unit", unit), ("flag", flag)) if v}
    terms = [wq.Term(k, LEVELS.get(v, v) if k == "level" else v) for k, v in filters.items()]
    groupedby = ({name: sorting.FieldFacet(name, allow_overlap=name in _MULTI)
                  for name in FACETS} if facets else None)
    sortedby = (sorting.MultiFacet([sorting.FieldFacet("date", reverse=True),
                                    sorting.ScoreFacet()]) if sort == "date" else None)
    results = searcher.search(parsed, limit=page * limit, filter=wq.And(terms) if terms else None,
                              groupedby=groupedby, maptype=sorting.Count, terms=True,
                              sortedby=sortedby)
    total = len(results)
    window = results[(page - 1) * limit: page * limit]
    hits = [_hit(hit) for hit in window]
    counts = {name: _facet(results, name, searcher) for name in FACETS} if facets else {}
    return SearchResult(query=query, parsed=str(parsed), total=total, page=page,
                        pages=max(1, -(-total // limit)), limit=limit, sort=sort, hits=hits,
                        facets=counts, filters=filters)


def _facet(results, name: str, searcher) -> list[dict]:
    counts = results.groups(name)
    items = sorted(((k, v) for k, v in counts.items() if k not in ("", None, NONE, NONE.encode())),
                   key=lambda kv: (-kv[1], str(kv[0])))
    out = []
    for key, count in items:
        value = key.decode("utf-8") if isinstance(key, bytes) else str(key)
        entry = {"value": value, "count": count}
        if name == "doc_id":
            stored = searcher.document(doc_id=value) or {}
            entry["label"] = stored.get("title", value)
        out.append(entry)
    return out


def _hit(hit) -> Hit:
    stored = hit.fields()
    matched = {}
    for fieldname, term in hit.matched_terms():
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        matched.setdefault(fieldname, set()).add(text)
    text = stored.get("text", "")
    spans = _spans(text, matched.get("text", set()))
    snippet, offsets = _snippet(text, spans)
    heading = stored.get("heading", "")
    # Sorted by date, whoosh gives the sort key; its last part is the score
    # facet's key, the negated relevance score.
    score = -hit.score[-1] if isinstance(hit.score, tuple) else hit.score
    return Hit(clause_id=stored["clause_id"], doc_id=stored["doc_id"], score=round(score, 4),
               heading=heading, snippet=snippet, highlights=offsets,
               heading_highlights=_spans(heading, matched.get("heading", set())),
               label=stored.get("label", ""), path=list(stored.get("path", [])),
               title=stored.get("title", ""), doc_no=stored.get("doc_no"),
               level=stored.get("level", ""),
               region=[r for r in (stored.get("region") or "").split(",") if r not in ("", NONE)],
               date=stored.get("date", ""))


def _spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Merged character spans of the tokens of ``text`` that a query matched,
    from the same tokenizer that indexed it, so the offsets are exact."""
    if not text or not words:
        return []
    found = sorted((t.startchar, t.endchar) for t in JiebaTokenizer()(text, chars=True)
                   if t.text.lower() in words)
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET_CHARS of text around the first hit, offsets moved with it."""
    if len(text) <= SNIPPET_CHARS:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans
              if e > start and s < end]
    return prefix + text[start:end] + suffix, inside
