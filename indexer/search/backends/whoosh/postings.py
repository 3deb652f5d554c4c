"""Frequent terms' postings, decoded once at index time.

Whoosh keeps postings as pickled blocks of 128; the first query that touches
a common word (管理 is in 32,043 lawrefbook clauses) unpickles every block of
it — tens of milliseconds, paid again by every new searcher. After each
commit, :func:`write_frequent_postings` writes, for every segment that has
none yet, one file holding the (segment docnum, weight) arrays of each term
of the query fields that is in at least ``FREQUENT`` documents. A searcher
reads those arrays with one slice of a memory map; rarer terms are cheap to
decode and keep whoosh's own path.

File ``<segment id>.freq``: an 8-byte little-endian header length, a JSON
header ``{"terms": [[field, text, offset, count], ...]}``, then for each
term ``count`` int32 docnums followed by ``count`` float32 weights. Written
to a temporary name and renamed, so a reader sees a whole file or none.
Deleted documents are filtered when read (deletions come after the file).
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import threading
from array import array
from pathlib import Path

from .internals import decode_postings, raw_postings, segment_ids

FREQUENT = 250
FIELDS = ("all", "heading")
SUFFIX = ".freq"


def write_frequent_postings(index_dir: str | Path) -> int:
    """Write the missing postings files of an index's segments and remove
    those of segments merged away; returns how many were written.
"""
    from whoosh import index as windex

    index_dir = Path(index_dir)
    ix = windex.open_dir(str(index_dir))
    live = segment_ids(ix)
    for old in index_dir.glob("*" + SUFFIX):
        if old.stem not in live:
            old.unlink(missing_ok=True)
    written = 0
    with ix.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            if reader.segment() is None:   # an index of no clause has no segment
                continue
            target = index_dir / (reader.segment().segment_id() + SUFFIX)
            if not target.exists():
                _write_segment(reader, target)
                written += 1
    return written


def _write_segment(reader, target: Path) -> None:
    terms, blobs, offset = [], [], 0
    for fieldname in FIELDS:
        if fieldname not in reader.schema:
            continue
        for text, info in reader.iter_field(fieldname):
            if info.doc_frequency() < FREQUENT:
                continue
            ids, weights = array("i"), array("f")
            # The raw matcher: deletions are filtered when the file is read.
            decode_postings(raw_postings(reader, fieldname, text), 0, ids, weights)
            word = text.decode("utf-8") if isinstance(text, bytes) else text
            terms.append([fieldname, word, offset, len(ids)])
            blobs += [ids.tobytes(), weights.tobytes()]
            offset += 8 * len(ids)
    header = json.dumps({"terms": terms}, ensure_ascii=False).encode("utf-8")
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        out.write(struct.pack("<Q", len(header)))
        out.write(header)
        out.writelines(blobs)
    os.replace(tmp, target)


_OPEN: dict[Path, FrequentPostings] = {}
_OPEN_LOCK = threading.Lock()


def frequent_postings(index_dir: str | Path, reader) -> FrequentPostings | None:
    """The postings file of a segment reader's segment, opened once per
    process (the files never change; a merged segment has a new id)."""
    if reader.segment() is None:   # an index of no clause
        return None
    path = Path(index_dir) / (reader.segment().segment_id() + SUFFIX)
    with _OPEN_LOCK:
        found = _OPEN.get(path)
    if found is None:
        try:
            found = FrequentPostings(path)
        except (FileNotFoundError, ValueError):   # none (yet), or empty
            return None
        with _OPEN_LOCK:
            if len(_OPEN) > 256:
                _OPEN.clear()
            _OPEN[path] = found
    return found


class FrequentPostings:
    """The postings file of one segment, memory-mapped."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        (length,) = struct.unpack_from("<Q", self._map, 0)
        header = json.loads(self._map[8:8 + length].decode("utf-8"))
        self._base = 8 + length
        self._terms = {(f, t): (o, n) for f, t, o, n in header["terms"]}

    def read(self, fieldname: str, text: str, offset: int, reader,
             ids: array, weights: array) -> bool:
        """Append a term's (offset + docnum, weight) postings; False when the
        term is not in the file (rare: decode it the usual way)."""
        found = self._terms.get((fieldname, text))
        if found is None:
            return False
        start, count = found
        start += self._base
        local, w = array("i"), array("f")
        local.frombytes(self._map[start:start + 4 * count])
        w.frombytes(self._map[start + 4 * count:start + 8 * count])
        if reader.has_deletions():
            keep = [i for i, d in enumerate(local) if not reader.is_deleted(d)]
            local = array("i", (local[i] for i in keep))
            w = array("f", (w[i] for i in keep))
        ids.extend(map(offset.__add__, local) if offset else local)
        weights.extend(w)
        return True
