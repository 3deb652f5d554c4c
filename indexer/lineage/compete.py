"""Which of a child clause's candidate parents in one parent document to keep.

Scoring each candidate alone links a clause to every parallel article it
resembles (a 示范应用 article to the 道路测试 one beside it; a penalty article
to every penalty article sharing 由县级以上人民政府…责令改正…依法追究刑事责任).
Here the candidates of one parent document compete for the child's text:

1. the candidate that explains most of the child's distinctive bigram weight
   (``lexical.PairWeights.explained``) comes first — 示范应用 against 道路测试 decides,
   应当向…提交 weighs almost nothing;
2. a further candidate is kept only when at least ``MERGE_GAIN`` of what it
   explains is not explained by those kept before it: a merge of different
   parent clauses into one child clause (山西 236号 二、（二） ← national
   三（六）四（十）五（十二）（十三）) stays, a second parallel article goes;
3. the order of the clauses is evidence too (:func:`monotone_chain`): an
   implementing document mostly follows its parent's order, so a candidate on
   the document pair's best order-preserving chain weighs ``ORDER_BONUS``
   more when candidates are ranked — a prior, never a rule.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .lexical import PairWeights

MERGE_GAIN = 0.5
ORDER_BONUS = 0.15


@dataclass(frozen=True)
class Candidate:
    """A parent clause found for a child clause, with its evidence."""

    child_seq: int
    parent_seq: int
    parent_id: str
    score: float            # the link's score by its signal
    signal: str             # "aligned" (copied runs) or "words" (shared bigrams)
    shared: frozenset       # bigrams the two clauses share
    explains: float         # share of the child's bigram weight shared
    evidence: dict = field(default_factory=dict, compare=False)


def monotone_chain(candidates: list[Candidate]) -> set[tuple[int, int]]:
    """(child seq, parent seq) pairs on the heaviest chain increasing in both
    documents' order (weights: how much of the child each explains). Each
    child clause appears once at most on the chain."""
    pairs = sorted({(c.child_seq, c.parent_seq): c.explains for c in candidates}.items())
    best: list[float] = []
    back: list[int] = []
    for i, ((cs, ps), weight) in enumerate(pairs):
        score, prev = weight, -1
        for j in range(i):
            (cj, pj), _ = pairs[j]
            if cj < cs and pj < ps and best[j] + weight > score:
                score, prev = best[j] + weight, j
        best.append(score)
        back.append(prev)
    if not pairs:
        return set()
    end = max(range(len(pairs)), key=best.__getitem__)
    chain = set()
    while end >= 0:
        chain.add(pairs[end][0])
        end = back[end]
    return chain


def near_order(candidates: list[Candidate], chain: set[tuple[int, int]],
               reach: int) -> set[tuple[int, int]]:
    """(child seq, parent seq) pairs of candidates in the documents' order
    locally: on the chain, or within ``reach`` parent clauses of the parent
    of the nearest chain pair before or after the child clause. A province
    that moves a group of articles still follows the law inside the group
    (浙江 实施道路交通安全法办法 第三十九条 ← 第三十六条, between links to 第三十五条
    and 第四十条 of a chain that follows another group)."""
    anchors = sorted(chain)
    out = set(chain)
    for c in candidates:
        at = bisect_left(anchors, (c.child_seq, -1))
        beside = anchors[max(0, at - 1):at] + [a for a in anchors[at:at + 2]
                                                if a[0] != c.child_seq][:1]
        if any(abs(parent - c.parent_seq) <= reach for _, parent in beside):
            out.add((c.child_seq, c.parent_seq))
    return out


def keep(candidates: list[Candidate], weights: PairWeights, chain: set[tuple[int, int]]
         ) -> list[tuple[Candidate, list[str]]]:
    """The candidates of one child clause in one parent document that
    survive competition, best first, each with the bigrams that decided it
    (what it explains that the ones kept before it do not)."""
    def rank(c: Candidate) -> tuple:
        bonus = 1 + ORDER_BONUS if (c.child_seq, c.parent_seq) in chain else 1
        return (-c.explains * bonus, -c.score, c.parent_id)
    kept: list[tuple[Candidate, list[str]]] = []
    covered: frozenset = frozenset()
    for candidate in sorted(candidates, key=rank):
        new = candidate.shared - covered
        gained = weights.mass(new)
        if kept and gained < MERGE_GAIN * weights.mass(candidate.shared):
            continue
        decided = sorted(new, key=lambda g: (-weights.idf(g), g))[:6]
        kept.append((candidate, decided))
        covered |= candidate.shared
    return kept
