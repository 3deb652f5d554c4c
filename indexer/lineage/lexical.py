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
from collections import Counter
from dataclasses import dataclass

from corpus.lexicon import segment


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

    def idf(self, gram: str) -> float:
        df = self.child.get(gram, 0) + self.parent.get(gram, 0)
        return math.log(1 + self.clauses / max(1, df))

    def mass(self, grams) -> float:
        """Weight of a set of bigrams (each once)."""
        return sum(self.idf(g) for g in grams)


def similarity(child: Counter, parent: Counter, weights: Weights) -> float:
    """Cosine of the two clauses' TF-IDF bigram vectors, in [0, 1]."""
    shared = child.keys() & parent.keys()
    if not shared:
        return 0.0
    dot = sum(child[g] * parent[g] * weights.idf(g) ** 2 for g in shared)
    norm = math.sqrt(sum((n * weights.idf(g)) ** 2 for g, n in child.items())
                     * sum((n * weights.idf(g)) ** 2 for g, n in parent.items()))
    return dot / norm if norm else 0.0


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
        reduced = "".join(ch for ch in word.lower() if ch.isalnum())
        hits = [rank[reduced[i:i + 2]] for i in range(len(reduced) - 1)
                if reduced[i:i + 2] in rank]
        if hits and len(reduced) >= 2:
            words[reduced] = min(min(hits), words.get(reduced, len(grams)))
    found = sorted(words, key=lambda w: (words[w], -len(w)))[:top]
    return found or grams[:top]   # bigrams across word boundaries: shown as they are
