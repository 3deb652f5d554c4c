"""Winnowed character fingerprints of clause text: the lineage engine's index.

Copied policy text is found through shared fingerprints, never by comparing
every clause with every clause. A clause's text is reduced to its letters,
digits and CJK characters (punctuation, spaces and layout differ between a
document and its copy), cut into overlapping ``K``-character grams, and
winnowed (Schleimer, Wilkerson & Aiken, "Winnowing: local algorithms for
document fingerprinting", SIGMOD 2003 — the method behind MOSS): from every
window of ``WINDOW`` consecutive gram hashes the smallest is kept. Any run of
at least ``K + WINDOW - 1`` characters shared by two clauses yields at least
one shared fingerprint, at about 2 / (WINDOW + 1) of the cost of keeping
every gram.

Hashes are CRC-32 of the gram's UTF-8 (stable across processes, unlike
``hash``): they are stored in SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from zlib import crc32

K = 5
WINDOW = 8
#: Shared runs at least this long are guaranteed to share a fingerprint.
GUARANTEED_RUN = K + WINDOW - 1


@dataclass(frozen=True)
class Reduced:
    """Text reduced to what copying preserves, with each kept character's
    offset in the original text (evidence spans point into the original)."""

    chars: str
    offsets: tuple[int, ...]


def reduce_text(text: str) -> Reduced:
    """Letters, digits and CJK characters of ``text``, lower-cased."""
    kept = [(i, ch) for i, ch in enumerate(text.lower()) if ch.isalnum()]
    return Reduced("".join(ch for _, ch in kept), tuple(i for i, _ in kept))


def gram_hashes(chars: str, k: int = K) -> list[int]:
    return [crc32(chars[i:i + k].encode("utf-8")) for i in range(len(chars) - k + 1)]


def fingerprint_text(chars: str) -> list[tuple[int, int]]:
    """(hash, position in ``chars``) of the winnowed grams, in text order.
    A text shorter than one window keeps its single smallest gram."""
    hashes = gram_hashes(chars)
    if not hashes:
        return []
    if len(hashes) <= WINDOW:
        at = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(hashes[at], at)]
    chosen: list[tuple[int, int]] = []
    last = -1
    for start in range(len(hashes) - WINDOW + 1):
        window = hashes[start:start + WINDOW]
        low = min(window)
        # The rightmost minimum, so a run of equal hashes keeps one (robust
        # winnowing, section 4 of the paper).
        at = start + WINDOW - 1 - window[::-1].index(low)
        if at != last:
            chosen.append((low, at))
            last = at
    return chosen
