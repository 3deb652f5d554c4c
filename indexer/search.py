"""Clause search: ranked hits with highlights, filters and facet counts.

:class:`SearchService` opens the index lazily — after a server forks — and
keeps one searcher per thread (a whoosh searcher shared across threads fails
without mmap), refreshed when the index has changed and reopened when a
rebuild swapped in a new generation. :func:`search_clauses` is the one verb
the CLI and the web app call.

One pass over the matches scores them, counts them and records their
document numbers; facet counts are then read from the ``facets`` column of
just those documents (whoosh's own ``len(results)`` would run the query a
second time, and its overlapping facets read a term vector per document).
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TopCollector

from .analysis import JiebaTokenizer
from .conjunction import PostingsCache, conjunction_words, match_conjunction
from .index import (
    FACET_FIELDS,
    HEADING_BOOST,
    MANIFEST,
    current_generation,
    decode_facets,
    open_index,
    read_titles,
)
from .query import LEVELS, QuerySyntaxError, parse_query, positive_words

SNIPPET_CHARS = 100
SNIPPET_LEAD = 24
MAX_LIMIT = 100
FACET_VALUES = 30   # the most frequent values of each facet

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
        self._titles_stamp = None
        self.titles: dict[str, str] = {}

    def searcher(self):
        generation = current_generation(self.home)
        with self._lock:
            if self._ix is None or generation != self._generation:
                self._ix = open_index(self.home)
                self._generation = generation
            ix, current = self._ix, self._generation
            # Titles (facet labels) change with any commit; read when it did.
            manifest = current / MANIFEST
            stamp = manifest.stat().st_mtime_ns if manifest.exists() else None
            if stamp != self._titles_stamp:
                self.titles, self._titles_stamp = read_titles(current), stamp
        local = self._local
        searcher = getattr(local, "searcher", None)
        if searcher is None or local.generation != current:
            searcher = ix.searcher()
        elif not searcher.up_to_date():
            searcher = searcher.refresh()
        if searcher is not getattr(local, "searcher", None):
            local.facets = {}    # docnum → facet values, valid for this searcher
            local.filters = {}   # filter terms → the set of docnums they allow
            local.postings = PostingsCache(searcher, current)
        local.searcher, local.generation = searcher, current
        return searcher

    def facet_pairs(self, searcher, docnum: int) -> tuple[tuple[int, str], ...]:
        """(facet index, value) pairs of a document, from the packed column."""
        cache = self._local.facets
        pairs = cache.get(docnum)
        if pairs is None:
            reader = getattr(self._local, "column", None)
            if reader is None or self._local.column_for is not searcher:
                reader = searcher.reader().column_reader("facets")
                self._local.column, self._local.column_for = reader, searcher
            pairs = cache[docnum] = tuple(
                (i, value) for i, values in enumerate(decode_facets(reader[docnum]))
                for value in values)
        return pairs


    def postings(self, searcher) -> PostingsCache:
        """Decoded postings of this thread's searcher (see conjunction.py)."""
        return self._local.postings

    def allowed(self, searcher, terms: list[wq.Term]) -> set[int]:
        """The documents a set of filters allows, computed once per searcher."""
        key = tuple(sorted((t.fieldname, t.text) for t in terms))
        cache = self._local.filters
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
            postings = self._local.postings
            allowed = None
            for fieldname, text in key:
                ids = set(postings.docnums(fieldname, text))
                allowed = ids if allowed is None else allowed & ids
            cache[key] = allowed or set()
        return cache[key]


class _Recorder(TopCollector):
    """Top hits, and every matching document with its score."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.matched: list[tuple[float, int]] = []

    def _collect(self, global_docnum, score):
        self.matched.append((score, global_docnum))
        return super()._collect(global_docnum, score)


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
    words = positive_words(parsed)
    filters = {k: v for k, v in (("level", level), ("region", region), ("doc_id", doc),
                                 ("issuer", issuer), ("year", year), ("doc_type", doc_type),
                                 ("unit", unit), ("flag", flag)) if v}
    terms = [wq.Term(k, LEVELS.get(v, v) if k == "level" else v) for k, v in filters.items()]
    allowed = service.allowed(searcher, terms) if terms else None
    conjunction = conjunction_words(parsed)
    if conjunction is not None:
        matched = match_conjunction(service.postings(searcher), conjunction, HEADING_BOOST,
                                    allowed)
    else:
        # BM25F-style: the heading's words count again, as an optional clause.
        scored = wq.AndMaybe(parsed, wq.Or([wq.Term("heading", w, boost=HEADING_BOOST)
                                            for w in sorted(words)])) if words else parsed
        # No block-quality skipping, no matcher replacement: every match is seen.
        recorder = _Recorder(limit=page * limit, usequality=False, replace=0)
        collector = FilterCollector(recorder, allow=allowed) if terms else recorder
        searcher.search_with_collector(scored, collector)
        matched = recorder.matched
    if sort == "date":
        dates = searcher.reader().column_reader("date")
        ranked = heapq.nlargest(page * limit, matched, key=lambda m: (dates[m[1]], m[0]))
    else:
        ranked = heapq.nlargest(page * limit, matched, key=lambda m: (m[0], -m[1]))
    window = ranked[(page - 1) * limit: page * limit]
    hits = [_hit(searcher.stored_fields(docnum), score, words) for score, docnum in window]
    counts = _facets(service, searcher, [d for _, d in matched]) if facets else {}
    return SearchResult(query=query, parsed=str(parsed), total=len(matched), page=page,
                        pages=max(1, -(-len(matched) // limit)), limit=limit, sort=sort,
                        hits=hits, facets=counts, filters=filters)


def _facets(service: SearchService, searcher, docnums: list[int]) -> dict[str, list[dict]]:
    # One count over every (facet, value) pair of every match, in C.
    counted = Counter(chain.from_iterable(service.facet_pairs(searcher, d) for d in docnums))
    by_facet: list[list[tuple[str, int]]] = [[] for _ in FACET_FIELDS]
    for (index, value), count in counted.items():
        by_facet[index].append((value, count))
    out = {}
    for name, items in zip(FACET_FIELDS, by_facet):
        items = sorted(items, key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        entries = [{"value": value, "count": count} for value, count in items]
        if name == "doc_id":
            for entry in entries:
                entry["label"] = service.titles.get(entry["value"], entry["value"])
        out[name] = entries
    return out


def _hit(stored: dict, score: float, words: set[str]) -> Hit:
    text = stored.get("text", "")
    snippet, offsets = _snippet(text, words)
    heading = stored.get("heading", "")
    return Hit(clause_id=stored["clause_id"], doc_id=stored["doc_id"], score=round(score, 4),
               heading=heading, snippet=snippet, highlights=offsets,
               heading_highlights=_spans(heading, words), label=stored.get("label", ""),
               path=list(stored.get("path", [])), title=stored.get("title", ""),
               doc_no=stored.get("doc_no"), level=stored.get("level", ""),
               region=[r for r in (stored.get("region") or "").split(",") if r],
               date=stored.get("date", ""))


def _spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Merged character spans of the tokens of ``text`` that are query words,
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


def _snippet(text: str, words: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET_CHARS of text around the first query word, with the
    spans of the query words in it. Only the window is segmented: a long
    article costs no more than a short clause."""
    if len(text) <= SNIPPET_CHARS:
        return text, _spans(text, words)
    lowered = text.lower()
    found = [at for at in (lowered.find(w) for w in words) if at >= 0]
    first = min(found) if found else 0
    start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    spans = [(s + len(prefix), e + len(prefix)) for s, e in _spans(text[start:end], words)]
    return prefix + text[start:end] + suffix, spans
