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

import re
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, groupby
from zlib import crc32

K = 5
WINDOW = 8
#: Shared runs at least this long are guaranteed to share a fingerprint.
GUARANTEED_RUN = K + WINDOW - 1


_DROPPED = re.compile(r"[\W_]+")   # what is not a letter, digit or CJK (str.isalnum)


@dataclass(frozen=True)
class Reduced:
    """Text reduced to what copying preserves, and each kept character's
    offset in the original text (evidence spans point into the original).

    The offsets are found when first asked for: most reduced texts are only
    fingerprinted or compared, and finding them took three quarters of the
    time of reducing (lawrefbook's clauses: 1.75 of 2.32 s). ``start``: the
    offset of the first character when ``chars`` is already reduced text."""

    chars: str
    lowered: str | None = field(default=None, repr=False, compare=False)
    start: int = 0

    @cached_property
    def offsets(self) -> array | range:
        if self.lowered is None:
            return range(self.start, self.start + len(self.chars))
        return array("i", [at for at, ch in enumerate(self.lowered) if ch.isalnum()])


def reduce_text(text: str) -> Reduced:
    """Letters, digits and CJK characters of ``text``, lower-cased."""
    lowered = text.lower()
    return Reduced(_DROPPED.sub("", lowered), lowered)


def gram_hashes(chars: str, k: int = K) -> list[int]:
    return [crc32(chars[i:i + k].encode("utf-8")) for i in range(len(chars) - k + 1)]


def _window_minima(values: list) -> map:
    """The minimum of every WINDOW consecutive values (len(values) > WINDOW),
    from running minima in blocks of WINDOW (van Herk / Gil-Werman),
    computed by ``itertools.accumulate`` in C. A window starting at a block
    boundary is that block, where the suffix and prefix minima agree."""
    prefix, suffix = [], []
    for b in range(0, len(values), WINDOW):
        block = values[b:b + WINDOW]
        prefix += accumulate(block, min)
        suffix += list(accumulate(reversed(block), min))[::-1]
    return map(min, suffix[:len(values) - WINDOW + 1], prefix[WINDOW - 1:])


def winnow_hashes(chars: str) -> set[int]:
    """The winnowed hashes of a text, without their positions: what the
    fingerprint table stores (cheaper than :func:`fingerprint_text`)."""
    hashes = gram_hashes(chars)
    if len(hashes) <= WINDOW:
        return {min(hashes)} if hashes else set()
    return set(_window_minima(hashes))


def fingerprint_text(chars: str) -> list[tuple[int, int]]:
    """(hash, position in ``chars``) of the winnowed grams, in text order.
    A text shorter than one window keeps its single smallest gram.

    Each value packs the hash above the position counted from the end, so
    the smallest is the smallest hash, rightmost among equals (the robust
    winnowing of section 4 of the paper)."""
    hashes = gram_hashes(chars)
    n = len(hashes)
    if not n:
        return []
    top = (1 << 32) - 1
    packed = [(h << 32) | (top - i) for i, h in enumerate(hashes)]
    if n <= WINDOW:
        low = min(packed)
        return [(low >> 32, top - (low & top))]
    return [(low >> 32, top - (low & top)) for low, _ in groupby(_window_minima(packed))]
