"""Every use of whoosh's private parts, in one place, for one version.

The fast path reads posting blocks straight from whoosh 2.7.4's
``W3LeafMatcher`` (``_read_data``, ``_data``, ``_blocklength``, ``_atend``,
``_next_block``, ``_byteids``), the raw matcher of a segment's terms
(``reader._terms``) and the segments of an index (``ix._segments()``). These
are not whoosh's API: the version is pinned exactly (pyproject.toml), and
checked here at import, so a different whoosh fails loudly at start instead
of returning wrong postings.
"""

from __future__ import annotations

from array import array
from itertools import accumulate, repeat

import whoosh

PINNED = (2, 7, 4)

if whoosh.__version__ != PINNED:   # pragma: no cover - a wrong install
    raise ImportError(
        f"PolicyKB's whoosh backend reads whoosh {'.'.join(map(str, PINNED))}'s internals; "
        f"whoosh {whoosh.versionstring()} is installed (pip install Whoosh==2.7.4)")


def segment_ids(ix) -> set[str]:
    """The ids of an index's live segments."""
    return {seg.segment_id() for seg in ix._segments()}


def raw_postings(reader, fieldname: str, text) -> object:
    """A term's matcher over the segment, deleted documents included (the
    frequent-postings file filters them when read)."""
    return reader._terms.matcher(fieldname, text, reader.schema[fieldname].format)


def decode_postings(matcher, offset: int, ids: array, weights: array) -> None:
    """Append a term's (offset + docnum, weight) postings, a block at a time.

    A W3LeafMatcher block is a pickled tuple (delta-coded ids, weights, …);
    the ids are summed up with itertools.accumulate, in C, where whoosh's
    delta_decode runs a Python generator per posting. Any other matcher is
    read posting by posting through the public API."""
    if type(matcher).__name__ == "W3LeafMatcher" and hasattr(matcher, "_read_data") \
            and not matcher._byteids:
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids.extend(map(offset.__add__, accumulate(deltas)))
            if block_weights is None:
                weights.extend(repeat(1.0, count))
            elif isinstance(block_weights, float):
                weights.extend(repeat(block_weights, count))
            else:
                weights.extend(block_weights)
            matcher._next_block()
        return
    while matcher.is_active():
        ids.append(offset + matcher.id())
        weights.append(matcher.weight())
        matcher.next()
