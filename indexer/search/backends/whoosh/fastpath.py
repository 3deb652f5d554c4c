"""The fast path: words and phrases that must all occur, with filters.

Whoosh intersects posting lists in pure Python, loading and decoding a block
for every skip: ~55 ms for 治安 管理 处罚 over the lawrefbook corpus, where 管理
is in 32,043 clauses. Here each word's postings are decoded once, block by
block, kept per searcher (compact arrays, bounded), intersected as C sets, and
the candidates scored with whoosh's own BM25F formula and parameters, so the
ranking is the one the general path gives for the same query (AND of the
words on ``all`` plus the optional heading clause). Phrases are checked on
the candidates' text with ``query.phrase_pattern``, the general path's rule.
OR, NOT and other fields take the general path. Reading whoosh's blocks is
``internals``' business.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict
from math import log

from whoosh.scoring import bm25

from ...query import And, Phrase, Query, Term, phrase_pattern
from .internals import decode_postings
from .postings import frequent_postings

#: At most this many postings are kept decoded per searcher (8 bytes each).
MAX_POSTINGS = 4_000_000
TEXTS = 50_000       # clause texts kept per searcher, for phrase checks
B, K1 = 0.75, 1.2   # whoosh.scoring.BM25F's defaults, which the index uses


def conjunction_words(q: Query | None) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """(words, phrases) of a query that is only an AND of words and phrases
    on ``all``; None for anything else (OR, NOT, other fields). A word is
    listed as often as the query holds it: the general path scores each
    item, a phrase as the sum of its words."""
    if isinstance(q, Term) and q.field == "all":
        return [q.text], []
    if isinstance(q, Phrase) and q.field == "all":
        return list(q.words), [q.words]
    if isinstance(q, And):
        words, phrases = [], []
        for sub in q.items:
            found = conjunction_words(sub) if not isinstance(sub, And) else None
            if found is None:
                return None
            words += found[0]
            phrases += found[1]
        return words, phrases   # a word twice (alone and in a phrase) is scored twice
    return None


class PostingsCache:
    """Decoded postings (global docnums, weights) of one searcher's terms."""

    def __init__(self, searcher, index_dir):
        self.searcher = searcher
        self.index_dir = index_dir
        self.terms: OrderedDict[tuple[str, str], tuple[array, array]] = OrderedDict()
        self.size = 0
        self.lengths: dict[tuple[int, str], int] = {}
        self.texts: dict[int, str] = {}
        self.column = None

    def postings(self, fieldname: str, text: str) -> tuple[array, array]:
        key = (fieldname, text)
        found = self.terms.get(key)
        if found is not None:
            self.terms.move_to_end(key)
            return found
        ids, weights = self._read(fieldname, text)
        self.terms[key] = (ids, weights)
        self.size += len(ids)
        while self.size > MAX_POSTINGS and len(self.terms) > 1:
            _, (old, _) = self.terms.popitem(last=False)
            self.size -= len(old)
        return ids, weights

    def docnums(self, fieldname: str, text: str) -> array:
        """The documents holding a term (not kept: filters cache their sets)."""
        return self._read(fieldname, text)[0]

    def _read(self, fieldname: str, text: str) -> tuple[array, array]:
        ids, weights = array("i"), array("f")
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            frequent = frequent_postings(self.index_dir, reader)
            if frequent and frequent.read(fieldname, text, offset, reader, ids, weights):
                continue
            if (fieldname, text) in reader:
                decode_postings(reader.postings(fieldname, text), offset, ids, weights)
        return ids, weights

    def text(self, docnum: int) -> str:
        """The ``all`` text of a document (heading, newline, text), from the
        ``alltext`` column: a slice of a file, no unpickling."""
        text = self.texts.get(docnum)
        if text is None:
            if self.column is None:
                self.column = self.searcher.reader().column_reader("alltext")
            if len(self.texts) >= TEXTS:
                self.texts.clear()
            text = self.texts[docnum] = self.column[docnum].decode("utf-8")
        return text

    def length(self, docnum: int, fieldname: str) -> int:
        key = (docnum, fieldname)
        value = self.lengths.get(key)
        if value is None:
            if len(self.lengths) > 2 * MAX_POSTINGS // 8:
                self.lengths.clear()
            value = self.lengths[key] = self.searcher.doc_field_length(docnum, fieldname, 0)
        return value


def match_conjunction(cache: PostingsCache, query: tuple[list[str], list[list[str]]],
                      heading_boost: float, allowed: set[int] | None
                      ) -> list[tuple[float, int]]:
    """(score, docnum) of every document holding all the words in ``all``,
    each phrase in order (``query.phrase_pattern``), and
    allowed by the filters; scored as whoosh's BM25F would."""
    searcher = cache.searcher
    words, phrases = query
    postings = [cache.postings("all", w) for w in dict.fromkeys(words)]
    if any(not ids for ids, _ in postings):
        return []
    postings.sort(key=lambda p: len(p[0]))
    candidates = set(postings[0][0])
    for ids, _ in postings[1:]:
        candidates.intersection_update(ids)
    if allowed is not None:
        candidates &= allowed
    for phrase in phrases:
        pattern = phrase_pattern(phrase)
        candidates = {d for d in candidates if pattern.search(cache.text(d))}
    if not candidates:
        return []
    total = searcher.doc_count_all()
    parts = []
    # The heading clause holds each positive word once (see the backend).
    for fieldname, boost, scored in (("all", 1.0, words),
                                     ("heading", heading_boost, dict.fromkeys(words))):
        avg = searcher.avg_field_length(fieldname) or 1.0
        for word in scored:
            ids, weights = cache.postings(fieldname, word)
            if ids:
                idf = log(total / (searcher.doc_frequency(fieldname, word) + 1)) + 1
                parts.append((fieldname, boost, idf, avg, ids, weights))
    matched = []
    for docnum in candidates:
        score = 0.0
        for fieldname, boost, idf, avg, ids, weights in parts:
            at = bisect_left(ids, docnum)
            if at < len(ids) and ids[at] == docnum:
                score += boost * bm25(idf, weights[at], cache.length(docnum, fieldname),
                                      avg, B, K1)
        matched.append((score, docnum))
    return matched
