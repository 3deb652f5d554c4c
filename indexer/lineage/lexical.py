"""Word-level evidence between a child clause and a parent clause.

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
(:func:`explained`), which is what competing parents are judged by.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from corpus.lexicon import segment

from .fingerprint import reduce_text


def bigrams(chars: str) -> Counter:
    """The character bigrams of reduced text (see ``fingerprint``), counted."""
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


def document_frequencies(clauses: list[Counter]) -> Counter:
    """How many of a document's clauses hold each bigram."""
    counts: Counter = Counter()
    for grams in clauses:
        counts.update(grams)
    return counts


@dataclass(frozen=True)
class Weights:
    """Inverse document frequencies over a child's and a parent's clauses."""

    child: Counter
    parent: Counter
    clauses: int
    _known: dict = field(default_factory=dict, compare=False, repr=False)
    _vectors: dict = field(default_factory=dict, compare=False, repr=False)

    def idf(self, gram: str) -> float:
        found = self._known.get(gram)
        if found is None:
            df = self.child.get(gram, 0) + self.parent.get(gram, 0)
            found = self._known[gram] = math.log(1 + self.clauses / max(1, df))
        return found

    def vector(self, grams: Counter) -> tuple[dict[str, float], float]:
        """A clause's TF-IDF vector and its norm, made once per clause."""
        found = self._vectors.get(id(grams))
        if found is None:   # the Counter is kept with it, so its id is not reused
            vec = {g: n * self.idf(g) for g, n in grams.items()}
            found = self._vectors[id(grams)] = (vec, math.sqrt(sum(w * w for w in vec.values())),
                                                grams)
        return found[0], found[1]

    def mass(self, grams) -> float:
        """Weight of a set of bigrams (each once)."""
        return sum(self.idf(g) for g in grams)


def similarity(child: Counter, parent: Counter, weights: Weights) -> float:
    """Cosine of the two clauses' TF-IDF bigram vectors, in [0, 1]."""
    (a, norm_a), (b, norm_b) = weights.vector(child), weights.vector(parent)
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[g] for g, w in a.items() if g in b)
    return dot / (norm_a * norm_b) if dot else 0.0


#: Parent clauses compared in full with each child clause (see most_similar).
PROBED = 12


def most_similar(child: dict[int, Counter], parent: dict[int, Counter], weights: Weights,
                 top: int, floor: float) -> dict[int, set[int]]:
    """For each child clause, the ``top`` parent clauses most similar to it
    (at least ``floor``). Parent clauses are reached through an inverted
    index of their rarer bigrams (in at most a tenth of the parent's
    clauses, two at least), and only the PROBED sharing most of them are
    compared in full: a clause sharing only common bigrams with the child is
    no candidate, and a long parent costs what its rare bigrams do, not its
    length times the child's."""
    rare = max(2, len(parent) // 10)
    postings: dict[str, list[int]] = defaultdict(list)
    for seq, grams in parent.items():
        for gram in grams:
            if weights.parent.get(gram, 0) <= rare:
                postings[gram].append(seq)
    out = {}
    for seq, grams in child.items():
        reached = Counter(p for gram in grams for p in postings.get(gram, ()))
        scored = sorted(((similarity(grams, parent[p], weights), p)
                         for p, _ in reached.most_common(PROBED)), reverse=True)
        out[seq] = {p for sim, p in scored[:top] if sim >= floor}
    return out


def explained(child: Counter, parent: Counter, weights: Weights) -> float:
    """Share of the child's TF-IDF bigram weight that the parent holds too."""
    total = sum(n * weights.idf(g) for g, n in child.items())
    shared = sum(n * weights.idf(g) for g, n in child.items() if g in parent)
    return shared / total if total else 0.0


def decisive_words(text: str, grams: list[str], top: int = 5) -> list[str]:
    """The words of ``text`` (jieba, ``corpus.lexicon``) holding the
    bigrams that decided a link, in the order of the bigrams' weight: what
    the evidence shows a reader (示范应用, not 示范 / 范应)."""
    rank = {g: i for i, g in enumerate(grams)}
    words: dict[str, int] = {}
    for word, _, _ in segment(text):
        reduced = reduce_text(word).chars
        hits = [rank[reduced[i:i + 2]] for i in range(len(reduced) - 1)
                if reduced[i:i + 2] in rank]
        if hits and len(reduced) >= 2:
            words[reduced] = min(min(hits), words.get(reduced, len(grams)))
    found = sorted(words, key=lambda w: (words[w], -len(w)))[:top]
    return found or grams[:top]   # bigrams across word boundaries: shown as they are
