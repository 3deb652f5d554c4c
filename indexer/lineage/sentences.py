"""Sentences of a child clause copied whole from one parent clause.

A provincial article often merges two national ones: most of it restates
one, and a sentence copies another. 浙江 实施慈善法办法 第十二条 ends with
慈善法 第二十八条's 慈善组织自登记之日起可以开展定向募捐 (18 characters, under the
``MIN_MATCHED`` an aligned link needs), and the competition between the
clause's candidates (``compete``) keeps the parent that explains most of it
only. A sentence is a unit of drafting: one that a parent clause holds
nearly whole (``HELD_MIN`` of its bigram weight, ``lexical.PairWeights.held``)
and clearly more than any other clause of that parent (``LEAD``), and that
no other clause of the child repeats, was taken from it. Asked only of parents the child adopts (``link._Linker._link``);
a sentence of boilerplate alone is no evidence (``pairs._formula``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpus.vocabulary import SENTENCE_END

from .fingerprint import reduce_text
from .lexical import PairWeights, document_grams

#: Reduced characters a sentence needs: shorter ones are formulas (拒不改正的，
#: 责令停业整治 is 11). On the gold (tests/lineage_gold.toml), 10 to 14 gave the
#: same links and 16 lost one (河南 渔业 第二十三条 ← 第四十一条); 8 added wrong ones.
SENTENCE_CHARS = 14
HELD_MIN = 0.9
#: The best parent clause's share ahead of the next: two parallel articles
#: holding the same sentence (由县级以上…责令改正) name neither.
LEAD = 0.15


@dataclass(frozen=True)
class CopiedSentence:
    child_seq: int
    parent_seq: int
    held: float       # share of the sentence's bigram weight the parent clause holds
    sentence: str     # as the child prints it
    chars: str        # reduced (``fingerprint.reduce_text``)


def copied_sentences(texts: dict[int, str], reduced: dict[int, str], weights: PairWeights
                     ) -> list[CopiedSentence]:
    """Each sentence of the child clauses ``texts`` (seq → text; ``reduced``:
    seq → the clause's reduced text) taken from one parent clause."""
    sentences = [(seq, sentence.strip(), reduce_text(sentence).chars)
                 for seq, text in texts.items()
                 for paragraph in text.splitlines() for sentence in SENTENCE_END.split(paragraph)]
    sentences = [s for s in sentences if len(s[2]) >= SENTENCE_CHARS]
    held = weights.held(document_grams({i: chars for i, (_, _, chars) in enumerate(sentences)}))
    if not held.shape[1]:
        return []
    # Each sentence's best parent clause and the share of the next: where
    # the best leads by LEAD, it is the only one at its share.
    best = held.argmax(axis=1)
    shares = held[np.arange(len(held)), best]
    runner_up = (np.partition(held, -2, axis=1)[:, -2] if held.shape[1] > 1
                 else np.zeros(len(held)))
    out = []
    for at in np.flatnonzero((shares >= HELD_MIN) & (shares - runner_up >= LEAD)):
        seq, sentence, chars = sentences[at]
        if not _repeated(chars, seq, reduced):   # (the costly test last)
            out.append(CopiedSentence(seq, weights.parent_at(int(best[at])), float(shares[at]),
                                      sentence, chars))
    return out


def _repeated(chars: str, seq: int, reduced: dict[int, str]) -> bool:
    """Does another clause of the child say the sentence too? Then it is the
    child's own formula (情节严重的，处三年以上七年以下有期徒刑 in a criminal law's
    every other article), which one parent clause holding it does not explain."""
    return any(chars in other for at, other in reduced.items() if at != seq)
