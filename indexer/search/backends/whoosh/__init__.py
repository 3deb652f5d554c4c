"""The whoosh backend: the index on disk (``index``), two paths to a query's
matches — the fast path for ANDs of words and phrases (``fastpath``) and
whoosh's own matchers for the rest (``translate``) — and facet counts.

The index is opened lazily, after a server forks, with one searcher per
thread (a whoosh searcher shared across threads fails without mmap),
refreshed when the index has changed and reopened when a rebuild swapped in
a new generation. One pass over the matches scores them, counts them and
records their document numbers; facet counts are then read from the
``facets`` column of just those documents (whoosh's own ``len(results)``
would run the query a second time, and its overlapping facets read a term
vector per document).
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter
from itertools import chain
from pathlib import Path

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TopCollector

from ...query import And, Filter, Query, positive_words
from .. import FACET_FIELDS, HEADING_BOOST, Matches, SearchRequest, register_backend
from .fastpath import PostingsCache, conjunction_words, match_conjunction
from .index import (
    MANIFEST,
    build_index,
    current_generation,
    decode_facets,
    open_index,
    pending_documents,
    read_titles,
    sync_index,
)
from .translate import to_whoosh

MAX_FILTER_SETS = 256   # filter combinations whose documents are kept per searcher


@register_backend("whoosh")
class WhooshBackend:
    paths = ("fast", "general")

    def __init__(self, home: Path):
        self.home = Path(home)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._ix = None
        self._generation = None
        self._titles_stamp = None
        self.titles: dict[str, str] = {}

    # -- the index ---------------------------------------------------------------------

    def sync(self, store, progress=None) -> dict:
        return sync_index(self.home, store, progress)

    def build(self, store, progress=None) -> dict:
        build_index(self.home, store, progress)
        return {"rebuilt": True}

    def pending(self, store) -> int | None:
        return pending_documents(self.home, store)

    # -- searching ---------------------------------------------------------------------

    def execute(self, request: SearchRequest) -> Matches:
        state = self._state()
        searcher = state.searcher
        query, filters = _split_filters(request.query)
        allowed = state.allowed(filters) if filters else None
        words = positive_words(query) if query is not None else set()
        conjunction = conjunction_words(query) if request.path != "general" else None
        if conjunction is not None:
            matched = match_conjunction(state.postings, conjunction, HEADING_BOOST, allowed)
        else:
            matched = self._general(searcher, state, query, words, allowed,
                                    request.page * request.limit)
        window = _ranked(searcher, matched, request)
        hits = [(score, searcher.stored_fields(docnum)) for score, docnum in window]
        facets = state.facet_counts([d for _, d in matched]) if request.facets else {}
        return Matches(total=len(matched), hits=hits, facets=facets, titles=self.titles)

    def _general(self, searcher, state, query, words, allowed, top) -> list[tuple[float, int]]:
        scored = wq.Every() if query is None else to_whoosh(query, state.text_of)
        if words:   # BM25F-style: the heading's words count again, as an optional clause
            scored = wq.AndMaybe(scored, wq.Or([wq.Term("heading", w, boost=HEADING_BOOST)
                                                for w in sorted(words)]))
        # No block-quality skipping, no matcher replacement: every match is seen.
        recorder = _Recorder(limit=top, usequality=False, replace=0)
        collector = FilterCollector(recorder, allow=allowed) if allowed is not None else recorder
        searcher.search_with_collector(scored, collector)
        return recorder.matched

    def _state(self) -> _ThreadState:
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
        state = getattr(self._local, "state", None)
        if state is None or state.generation != current:
            state = _ThreadState(ix.searcher(), current)
        elif not state.searcher.up_to_date():
            state = _ThreadState(state.searcher.refresh(), current)
        self._local.state = state
        return state


class _ThreadState:
    """One thread's searcher and what is cached for it (valid while it is)."""

    def __init__(self, searcher, generation: Path):
        self.searcher = searcher
        self.generation = generation
        self.postings = PostingsCache(searcher, generation)
        self.facets: dict[int, tuple] = {}      # docnum → (facet index, value) pairs
        self.filters: dict[tuple, set[int]] = {}
        self.columns: dict[str, object] = {}
        self.leaf_texts: dict[int, object] = {}   # id(leaf searcher) → its alltext column

    def column(self, name: str):
        reader = self.columns.get(name)
        if reader is None:
            reader = self.columns[name] = self.searcher.reader().column_reader(name)
        return reader

    def text_of(self, leaf, docnum: int, fieldname: str) -> str:
        """A field's text for phrase checks; ``docnum`` is ``leaf``'s own
        (a segment's searcher when the index has several)."""
        if fieldname != "all":
            return leaf.stored_fields(docnum).get(fieldname, "")
        if leaf is self.searcher:
            return self.postings.text(docnum)   # cached across queries
        column = self.leaf_texts.get(id(leaf))   # leaves live as long as this searcher
        if column is None:
            column = self.leaf_texts[id(leaf)] = leaf.reader().column_reader("alltext")
        return column[docnum].decode("utf-8")

    def allowed(self, filters: list[Filter]) -> set[int]:
        """The documents a set of filters allows, computed once per searcher."""
        key = tuple(sorted((f.field, f.value) for f in filters))
        if key not in self.filters:
            if len(self.filters) > MAX_FILTER_SETS:
                self.filters.clear()
            allowed = None
            for fieldname, value in key:
                ids = set(self.postings.docnums(fieldname, value))
                allowed = ids if allowed is None else allowed & ids
            self.filters[key] = allowed or set()
        return self.filters[key]

    def facet_counts(self, docnums: list[int]) -> dict[str, Counter]:
        # One count over every (facet, value) pair of every match, in C.
        counted = Counter(chain.from_iterable(self._facet_pairs(d) for d in docnums))
        out = {name: Counter() for name in FACET_FIELDS}
        for (index, value), count in counted.items():
            out[FACET_FIELDS[index]][value] = count
        return out

    def _facet_pairs(self, docnum: int) -> tuple:
        pairs = self.facets.get(docnum)
        if pairs is None:
            pairs = self.facets[docnum] = tuple(
                (i, value) for i, values in enumerate(decode_facets(self.column("facets")[docnum]))
                for value in values)
        return pairs


class _Recorder(TopCollector):
    """Top hits, and every matching document with its score."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.matched: list[tuple[float, int]] = []

    def _collect(self, global_docnum, score):
        self.matched.append((score, global_docnum))
        return super()._collect(global_docnum, score)


def _split_filters(query: Query) -> tuple[Query | None, list[Filter]]:
    """The filters ANDed at the top (a set of allowed documents) and the rest."""
    if isinstance(query, Filter):
        return None, [query]
    if isinstance(query, And):
        filters = [q for q in query.items if isinstance(q, Filter)]
        rest = [q for q in query.items if not isinstance(q, Filter)]
        if filters:
            return (None if not rest else rest[0] if len(rest) == 1 else And(tuple(rest))), filters
    return query, []


def _ranked(searcher, matched, request: SearchRequest) -> list[tuple[float, int]]:
    top = request.page * request.limit
    if request.sort == "date":
        dates = searcher.reader().column_reader("date")
        ranked = heapq.nlargest(top, matched, key=lambda m: (dates[m[1]], m[0]))
    else:
        ranked = heapq.nlargest(top, matched, key=lambda m: (m[0], -m[1]))
    return ranked[(request.page - 1) * request.limit:]
