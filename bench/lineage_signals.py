"""Which similarity finds a restated clause's parent: measures compared on the gold.

Issue 13 asks for a second signal beside aligned text, and for any
sentence-embedding model that installs with its weights inside to be
measured against the lexical one. This script is that measurement: for every
strong link of the hand-judged gold (tests/lineage_gold.toml), each measure
ranks all clauses of the parent document against the child clause, and we
count how often the judged parent comes first (top-1) or among the first two
(top-2), on the tuned and the held-out pairs apart.

Top-1 is the ceiling of any rule that links a clause to the parent clause a
measure likes best; no threshold can recover a parent the measure ranks
second. The linker's own signal is ``bigram-cos (linker)``
(``lexical.PairWeights``). A new measure (an embedding, when one can be
installed) is one more entry in ``MEASURES``: a function from the child's and
the parent's clause texts to a matrix of scores.

    python bench/lineage_signals.py
"""

from __future__ import annotations

import logging
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the judgments live in tests/

from corpus import Store, ingest_paths
from corpus.lexicon import segment
from indexer.lineage.fingerprint import reduce_text
from indexer.lineage.lexical import PairWeights, document_grams
from indexer.lineage.pairs import linkable
from tests.lineage_gold import _by_file, _names, gold_files, load_gold


def grams(n: int):
    def features(text: str) -> Counter:
        chars = reduce_text(text).chars
        return Counter(chars[i:i + n] for i in range(len(chars) - n + 1))
    return features


def words(text: str) -> Counter:
    """jieba's words (two characters or more), as the search index cuts them."""
    return Counter(w for w in (reduce_text(word).chars for word, _, _ in segment(text))
                   if len(w) >= 2)


def cosine(features):
    """TF-IDF cosine, a feature's weight log(1 + clauses / occurrences) in
    the two documents (the linker's weighting, on other features)."""
    def measure(child: list[str], parent: list[str]) -> list[list[float]]:
        c, p = [features(t) for t in child], [features(t) for t in parent]
        seen = Counter()
        for counts in c + p:
            seen.update(counts)
        n = len(c) + len(p)
        c, p = ([_unit({g: k * math.log1p(n / seen[g]) for g, k in x.items()}) for x in side]
                for side in (c, p))
        return [[sum(w * y.get(g, 0.0) for g, w in x.items()) for y in p] for x in c]
    return measure


def _unit(vector: dict) -> dict:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {g: v / norm for g, v in vector.items()}


def bm25(features, k1: float = 1.2, b: float = 0.75):
    """Okapi BM25 of the child clause as the query against each parent clause."""
    def measure(child: list[str], parent: list[str]) -> list[list[float]]:
        c, p = [features(t) for t in child], [features(t) for t in parent]
        df = Counter()
        for counts in c + p:
            df.update(set(counts))
        n, mean = len(c) + len(p), sum(sum(y.values()) for y in p) / max(1, len(p))
        idf = {g: math.log1p((n - k + 0.5) / (k + 0.5)) for g, k in df.items()}
        lengths = [sum(y.values()) for y in p]
        return [[sum(idf[g] * y[g] * (k1 + 1) / (y[g] + k1 * (1 - b + b * length / mean))
                     for g in x if g in y) for y, length in zip(p, lengths)] for x in c]
    return measure


def linker(child: list[str], parent: list[str]) -> list[list[float]]:
    weights = PairWeights(*(document_grams({i: reduce_text(t).chars for i, t in enumerate(side)})
                            for side in (child, parent)))
    return [[weights.similarity(i, j) for j in range(len(parent))] for i in range(len(child))]


MEASURES = {
    "bigram-cos (linker)": linker,
    "bigram-bm25": bm25(grams(2)),
    "trigram-cos": cosine(grams(3)),
    "jieba-word-cos": cosine(words),
    "jieba-word-bm25": bm25(words),
}


def main() -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    found: Counter = Counter()
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        ingest_paths(gold_files(), store)
        by_file = _by_file(store)
        for pair in load_gold():
            docs = [by_file[Path(pair[side]).name] for side in ("child", "parent")]
            names = [_names(store, doc) for doc in docs]
            clauses = [[c for c in store.clauses(doc) if linkable(c.text)] for doc in docs]
            at = [{c.id: i for i, c in enumerate(side)} for side in clauses]
            texts = [[c.heading + c.text for c in side] for side in clauses]
            links = [(at[0].get(names[0][c]), at[1].get(names[1][p]))
                     for c, p in pair.get("strong", [])]
            links = [(c, p) for c, p in links if c is not None and p is not None]
            found[(pair["part"], "links")] += len(links)
            for name, measure in MEASURES.items():
                scores = measure(*texts)
                for c, p in links:
                    above = sum(1 for s in scores[c] if s > scores[c][p])
                    found[(pair["part"], name, 1)] += above == 0
                    found[(pair["part"], name, 2)] += above <= 1
    print("the judged parent clause ranked first (top-1) or among the first two (top-2) "
          "of its document's clauses")
    for name in MEASURES:
        cells = []
        for part in ("tuned", "held-out"):
            n = found[(part, "links")]
            cells.append(f"{part} top-1 {found[(part, name, 1)]}/{n} "
                         f"({found[(part, name, 1)] / n:.2f}), top-2 {found[(part, name, 2)]}/{n} "
                         f"({found[(part, name, 2)] / n:.2f})")
        print(f"  {name:<20} " + "   ".join(cells))

if __name__ == "__main__":
    main()
