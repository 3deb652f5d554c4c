"""Local alignment of a child clause against a parent clause.

Seed and chain, as text-reuse detectors do (BLAST's seeds, passim's and
TextPAIR's aligned passages): every ``SEED``-character gram the two reduced
texts share is a seed (the child's grams are indexed once, the parent's
scanned); seeds on the same diagonal that follow each other
merge into a block (an exact common run); blocks shorter than ``MIN_BLOCK``
are dropped (a shared 4-character word is no evidence); the blocks are then
chained in order on both sides, each gap between two blocks costing
``GAP_COST`` per skipped character up to ``GAP_CAP``, and the best-scoring
chain is kept — a Smith-Waterman local alignment whose matches are whole
runs. Cost is linear in the texts plus quadratic in the (few) blocks, so a
clause pair costs well under a millisecond; the blocks chained are capped
(``MAX_RUNS``), so repeated text cannot make it quadratic in the text.

The evidence is the chain's blocks, as offsets into the original texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .fingerprint import Reduced

SEED = 4
MIN_BLOCK = 6
GAP_COST = 0.05
GAP_CAP = 4.0
#: Runs chained at most, the longest kept: a text repeating one sentence
#: hundreds of times would otherwise cost the square of its repeats.
MAX_RUNS = 400


@dataclass(frozen=True)
class Block:
    """An exact common run: child[cs:ce] == parent[ps:pe] once reduced;
    offsets are into the original texts."""

    child_start: int
    child_end: int
    parent_start: int
    parent_end: int
    length: int          # reduced characters in the run
    weight: float = 1.0  # lower when the run is boilerplate (see lineage.py)


@dataclass(frozen=True)
class Alignment:
    """The chain of runs kept, as (child start, parent start, length,
    weight) in the reduced texts; :attr:`blocks` places them in the
    original texts."""

    chain: tuple[tuple[int, int, int, float], ...]
    matched: int         # reduced child characters covered by the chain
    score: float         # chain score: weighted matches minus gap costs
    child: Reduced | None = field(default=None, compare=False, repr=False)
    parent: Reduced | None = field(default=None, compare=False, repr=False)

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The chain's runs as blocks of the original texts: made when read
        (most alignments a linker makes are scored and dropped)."""
        return tuple(_block(self.child, self.parent, run) for run in self.chain)


def seed_index(chars: str) -> dict[str, list[int]]:
    """Where each SEED-gram of a reduced text starts: built once for a
    child that is aligned against several candidate parents."""
    where: dict[str, list[int]] = {}
    for j in range(len(chars) - SEED + 1):
        where.setdefault(chars[j:j + SEED], []).append(j)
    return where


def align_texts(child: Reduced, parent: Reduced, weight=None,
                child_index: dict[str, list[int]] | None = None) -> Alignment:
    """The best local chain of common runs of ``child`` in ``parent``.
    ``weight(start, end)`` may lower a run of the reduced child (boilerplate);
    ``child_index`` is the child's :func:`seed_index`, when already made."""
    runs = _runs(child_index if child_index is not None else seed_index(child.chars),
                 parent.chars)
    if not runs:
        return Alignment((), 0, 0.0)
    if len(runs) > MAX_RUNS:   # repeated text: chaining is quadratic in the runs
        runs = sorted(runs, key=lambda r: (-r[2], r[0], r[1]))[:MAX_RUNS]
    runs.sort()
    weights = [weight(c, c + n) if weight else 1.0 for c, _, n in runs]
    best: list[float] = []
    back: list[int] = []
    for b, (cb, pb, nb) in enumerate(runs):
        score, prev = weights[b] * nb, -1
        for a in range(b):
            ca, pa, na = runs[a]
            if ca + na <= cb and pa + na <= pb:
                gap = max(cb - ca - na, pb - pa - na)
                candidate = best[a] + weights[b] * nb - min(GAP_CAP, GAP_COST * gap)
                if candidate > score:
                    score, prev = candidate, a
        best.append(score)
        back.append(prev)
    end = max(range(len(runs)), key=best.__getitem__)
    chain = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    chain.reverse()
    return Alignment(tuple((*runs[i], weights[i]) for i in chain),
                     sum(runs[i][2] for i in chain), best[chain[-1]], child, parent)


def _runs(where: dict[str, list[int]], p: str) -> list[tuple[int, int, int]]:
    """(child start, parent start, length) of maximal common runs of at
    least MIN_BLOCK reduced characters, found from shared SEED-grams: the
    parent is scanned against the child's seed index ``where``."""
    open_runs: dict[int, list[int]] = {}   # diagonal → [parent start, last seed]
    runs = []
    for j in range(len(p) - SEED + 1):
        for i in where.get(p[j:j + SEED], ()):
            diagonal = j - i
            run = open_runs.get(diagonal)
            if run is not None and run[1] == j - 1:
                run[1] = j
            else:
                if run is not None:
                    runs.append((run[0] - diagonal, run[0], run[1] - run[0] + SEED))
                open_runs[diagonal] = [j, j]
    for diagonal, (start, last) in open_runs.items():
        runs.append((start - diagonal, start, last - start + SEED))
    return [r for r in runs if r[2] >= MIN_BLOCK]


def _block(child: Reduced, parent: Reduced, run: tuple[int, int, int, float]) -> Block:
    c, p, n, weight = run
    return Block(child.offsets[c], child.offsets[c + n - 1] + 1,
                 parent.offsets[p], parent.offsets[p + n - 1] + 1, n, round(weight, 3))
