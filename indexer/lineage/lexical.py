"""Word-level evidence between a child document's clauses and a parent's.

Aligned runs (``align``) find copied text; a restated task shares words but
few runs of 6+ characters (强化宣传推广 restating 政策宣传、交流合作、成果推广).
The second signal is the IDF-weighted cosine of the clauses' character
bigrams, the unit Chinese retrieval has long used in place of words (Nie et
al., "On the use of words and n-grams for Chinese information retrieval",
IRAL 2000): no segmentation cost on every clause of every parent, and no
dependence on a dictionary knowing a new term.

Weights come from the two documents being compared (the child's clauses
and the parent's): a bigram in every article of both (野生, 主管) decides
nothing; one in two articles (示范, 测试) decides between parallel articles.
The same weights measure how much of a child clause a parent explains
(``PairWeights.explained``), which is what competing parents are judged by.

Every clause of a child is compared with every clause of a parent at once,
as a product of two sparse matrices (scipy): a national law with a thousand
articles and thirty implementing children costs thirty matrix products, not
thirty million dictionary look-ups. A bigram is an integer (its two code
points), so no vocabulary is kept across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix

from corpus.lexicon import segment

from .fingerprint import reduce_text

_SHIFT = 21   # bits of a Unicode code point


def bigram_codes(chars: str) -> np.ndarray:
    """The bigrams of reduced text (see ``fingerprint``) as integers."""
    points = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return (points[:-1] << _SHIFT) | points[1:]


def gram_text(code: int) -> str:
    return chr(code >> _SHIFT) + chr(code & ((1 << _SHIFT) - 1))


@dataclass(frozen=True)
class DocumentGrams:
    """A document's clauses as rows of bigram counts (each row's codes
    sorted and distinct, row i at ``starts[i]:starts[i + 1]``), and how
    often each bigram occurs in the document."""

    seqs: tuple[int, ...]     # clause seq of each row
    starts: np.ndarray        # where each row's entries begin (one more: the end)
    codes: np.ndarray         # bigram of each entry
    counts: np.ndarray        # its count in the clause
    vocabulary: np.ndarray    # the document's distinct bigrams, sorted
    frequency: np.ndarray     # its occurrences in all the clauses
    row_of: dict = field(compare=False, repr=False)   # seq → row

    def __contains__(self, seq: int) -> bool:
        return seq in self.row_of

    def __len__(self) -> int:
        return len(self.seqs)

    @property
    def rows(self) -> np.ndarray:
        """The row of each entry."""
        return np.repeat(np.arange(len(self.seqs)), np.diff(self.starts))

    def grams(self, seq: int) -> np.ndarray:
        row = self.row_of[seq]
        return self.codes[self.starts[row]:self.starts[row + 1]]

    def entries(self, seqs: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row among ``seqs``, bigram, count) of the clauses ``seqs``."""
        if list(seqs) == list(self.seqs):
            return self.rows, self.codes, self.counts
        spans = [(self.starts[self.row_of[s]], self.starts[self.row_of[s] + 1]) for s in seqs]
        take = np.concatenate([np.arange(a, b) for a, b in spans] or [np.zeros(0, np.int64)])
        rows = np.repeat(np.arange(len(seqs)), [b - a for a, b in spans])
        return rows, self.codes[take], self.counts[take]


def document_grams(clauses: dict[int, str]) -> DocumentGrams:
    """Bigram counts of each clause's reduced text (seq → chars), counted
    for the whole document at once: each bigram keyed by its row above
    its 42 bits, one sort for all clauses."""
    seqs = list(clauses)
    codes = [bigram_codes(chars) for chars in clauses.values()]
    rows = np.repeat(np.arange(len(seqs), dtype=np.int64), [len(c) for c in codes])
    keys, counts = np.unique((rows << 2 * _SHIFT) | np.concatenate([np.zeros(0, np.int64), *codes]),
                             return_counts=True)
    all_codes = keys & ((1 << 2 * _SHIFT) - 1)
    starts = np.searchsorted(keys >> 2 * _SHIFT, np.arange(len(seqs) + 1))
    vocabulary, inverse = np.unique(all_codes, return_inverse=True)
    frequency = np.bincount(inverse, counts)
    return DocumentGrams(tuple(seqs), starts, all_codes, counts.astype(np.float64),
                         vocabulary, frequency, {seq: i for i, seq in enumerate(seqs)})


class PairWeights:
    """Bigram weights over a child's and a parent's clauses, and every
    child clause's similarity to every parent clause under them.

    A bigram's weight is log(1 + clauses / occurrences), its occurrences
    counted in both documents: a bigram repeated within articles (道路 in
    a traffic law) is as common as one spread over them. Counting clauses
    instead (the textbook IDF) was measured on the gold and lost 0.08 of
    tuned precision (parallel articles differ by a repeated word)."""

    def __init__(self, child: DocumentGrams, parent: DocumentGrams,
                 child_seqs=None, parent_seqs=None):
        """Over all clauses of both, or only over the child's and parent's
        clauses given (a parent document offering a few candidates needs
        no product of its every clause with every clause of the child)."""
        self.child, self.parent = child, parent
        self._clauses = len(child) + len(parent)
        self._child_seqs = _selected(child, child_seqs)
        self._parent_seqs = _selected(parent, parent_seqs)
        self._child_at = {seq: i for i, seq in enumerate(self._child_seqs)}
        self._parent_at = {seq: i for i, seq in enumerate(self._parent_seqs)}
        c_rows, c_codes, c_counts = child.entries(self._child_seqs)
        p_rows, p_codes, p_counts = parent.entries(self._parent_seqs)
        self._columns, column = np.unique(np.concatenate([c_codes, p_codes]), return_inverse=True)
        self._idf = self.weigh(self._columns)
        c_weight = c_counts * self._idf[column[:len(c_codes)]]
        p_weight = p_counts * self._idf[column[len(c_codes):]]
        c = _rows_matrix(c_rows, column[:len(c_codes)], c_weight, len(self._child_seqs),
                         len(self._columns))
        p = _rows_matrix(p_rows, column[len(c_codes):], p_weight, len(self._parent_seqs),
                         len(self._columns))
        c_total = np.bincount(c_rows, c_weight, minlength=len(self._child_seqs))
        c_norm = np.sqrt(np.bincount(c_rows, c_weight ** 2, minlength=len(self._child_seqs)))
        p_norm = np.sqrt(np.bincount(p_rows, p_weight ** 2, minlength=len(self._parent_seqs)))
        with np.errstate(divide="ignore", invalid="ignore"):
            self._similarity = np.nan_to_num((c @ p.T).toarray() / np.outer(c_norm, p_norm))
            self._holds = _present(p).T   # 1.0 where a parent clause holds a bigram
            held = (c @ self._holds).toarray()
            self._explained = np.nan_to_num(held / c_total[:, None])
        self._parent_rows = p   # read by ``carried``, for the few pairs that ask
        self._known: dict[int, float] = {}

    def weigh(self, codes: np.ndarray) -> np.ndarray:
        """The weight of each bigram: log(1 + clauses / occurrences)."""
        found = _occurrences(self.child, codes) + _occurrences(self.parent, codes)
        return np.log1p(self._clauses / np.maximum(1, found))

    def similarity(self, child_seq: int, parent_seq: int) -> float:
        """Cosine of the two clauses' TF-IDF bigram vectors, in [0, 1]."""
        return float(self._similarity[self._child_at[child_seq], self._parent_at[parent_seq]])

    def explained(self, child_seq: int, parent_seq: int) -> float:
        """Share of the child clause's TF-IDF weight the parent clause holds too."""
        return float(self._explained[self._child_at[child_seq], self._parent_at[parent_seq]])

    def carried(self, child_seq: int, parent_seq: int) -> float:
        """Share of the parent clause's TF-IDF weight the child clause holds
        too: how much of the parent's rule the child carries, however much
        of its own it adds (a province's four rules for pedestrians holding
        the law's one, 没有人行道的靠路边行走)."""
        row = self._parent_rows[self._parent_at[parent_seq]]
        held = np.isin(self._columns[row.indices], self.child.grams(child_seq), assume_unique=True)
        total = row.data.sum()
        return float(row.data[held].sum() / total) if total else 0.0

    def held(self, sets: DocumentGrams) -> np.ndarray:
        """For each row of ``sets`` (the distinct bigrams of a sentence of a
        child clause, ``document_grams``), the share of its weight each
        parent clause compared holds (columns in the order of the parent
        clauses compared)."""
        if not len(sets):
            return np.zeros((0, len(self._parent_seqs)))
        rows = sets.rows
        at, known = _find(self._columns, sets.codes)
        weight = np.where(known, self._idf[at], 0.0)
        matrix = csr_matrix((weight, (rows, at)), shape=(len(sets), len(self._columns)))
        held = (matrix @ self._holds).toarray()
        total = np.bincount(rows, weight, minlength=len(sets))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.nan_to_num(held / total[:, None])

    def parent_at(self, column: int) -> int:
        """The parent clause (seq) of a column of :meth:`held`."""
        return self._parent_seqs[column]

    def most_similar(self, top: int, floor: float) -> dict[int, set[int]]:
        """For each child clause, the ``top`` parent clauses most similar to
        it, at least ``floor``."""
        if not self._parent_seqs:
            return {}
        top = min(top, len(self._parent_seqs))
        best = np.argpartition(-self._similarity, top - 1, axis=1)[:, :top]   # unordered
        return {seq: {self._parent_seqs[j] for j in best[i] if self._similarity[i, j] >= floor}
                for i, seq in enumerate(self._child_seqs)}

    def leads(self, child_seq: int, parent_seq: int, margin: float) -> bool:
        """Whether the parent clause is the child clause's most similar by
        at least ``margin`` times the next parent clause compared."""
        row = self._similarity[self._child_at[child_seq]]
        here = row[self._parent_at[parent_seq]]
        others = np.delete(row, self._parent_at[parent_seq])
        return bool(here > 0 and (not len(others) or here >= margin * others.max()))

    def rank(self, child_seq: int, parent_seq: int, besides=()) -> int:
        """How many parent clauses are more similar to the child clause,
        the parent clauses ``besides`` not counted."""
        row = self._similarity[self._child_at[child_seq]]
        above = row > row[self._parent_at[parent_seq]]
        return int(above.sum()) - sum(1 for seq in besides if above[self._parent_at[seq]])

    def shared(self, child_seq: int, parent_seq: int) -> frozenset[int]:
        """The bigrams the two clauses share."""
        return frozenset(np.intersect1d(self.child.grams(child_seq), self.parent.grams(parent_seq),
                                        assume_unique=True).tolist())

    def idf(self, code: int) -> float:
        """The weight of a bigram of the clauses compared."""
        if not self._known:
            self._known.update(zip(self._columns.tolist(), self._idf.tolist()))
        return self._known[code]

    def mass(self, codes) -> float:
        """Weight of a set of bigrams (each once)."""
        return sum(self.idf(code) for code in codes)


def _rows_matrix(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, height: int,
                 width: int) -> csr_matrix:
    """Entries as a sparse matrix, built in its compressed form at once:
    ``DocumentGrams.entries`` gives them row by row, each row's columns
    ascending and distinct (as the sorted vocabulary's order follows the
    bigrams'), which is that form; scipy's conversion from coordinates
    would sort them again (1,861 pairs of the half: 3.0 s weighed that
    way, 2.5 s this)."""
    starts = np.zeros(height + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=height), out=starts[1:])
    return csr_matrix((values, columns, starts), shape=(height, width))


def _present(matrix: csr_matrix) -> csr_matrix:
    """1.0 where ``matrix`` holds an entry (every weight is positive)."""
    return csr_matrix((np.ones(len(matrix.data)), matrix.indices, matrix.indptr),
                      shape=matrix.shape)


def _selected(grams: DocumentGrams, seqs) -> list[int]:
    return list(grams.seqs) if seqs is None else sorted(s for s in set(seqs) if s in grams)


def _occurrences(grams: DocumentGrams, codes: np.ndarray) -> np.ndarray:
    """How often each bigram occurs in the document (0 if never)."""
    if not len(grams.vocabulary):
        return np.zeros(len(codes))
    at, known = _find(grams.vocabulary, codes)
    return np.where(known, grams.frequency[at], 0)


def _find(ordered: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each code stands in the sorted, non-empty ``ordered``, and
    whether it is there (where not, the position is a valid one to ignore)."""
    at = np.minimum(np.searchsorted(ordered, codes), len(ordered) - 1)
    return at, ordered[at] == codes


def decisive_words(text: str, grams: list[str], top: int = 5) -> list[str]:
    """The words of ``text`` (jieba, ``corpus.lexicon``) holding the
    bigrams that decided a link, in the order of the bigrams' weight: what
    the evidence shows a reader (示范应用, not 示范 / 范应). A bigram across
    two words (为树 of 为|树立, the rarest bigrams often are) stands for the
    longer of the two (树立): a reader is shown words, never half of two.
    Found when a link is read, not when it is made: a sync stores thousands
    of links nobody reads, and segmenting each cost a fifth of the sync."""
    rank = {g: i for i, g in enumerate(grams)}
    words: dict[str, int] = {}

    def credit(word: str, at: int) -> None:
        if len(word) >= 2:
            words[word] = min(at, words.get(word, len(grams)))
    reduced = [w for w in (reduce_text(word).chars for word, _, _ in segment(text)) if w]
    for i, word in enumerate(reduced):
        for j in range(len(word) - 1):
            if word[j:j + 2] in rank:
                credit(word, rank[word[j:j + 2]])
        following = reduced[i + 1] if i + 1 < len(reduced) else ""
        if following and word[-1] + following[0] in rank:
            credit(word if len(word) > len(following) else following,
                   rank[word[-1] + following[0]])
    found = sorted(words, key=lambda w: (words[w], -len(w)))[:top]
    return found or grams[:top]   # single-character words only: the bigrams as they are
