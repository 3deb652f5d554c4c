"""Passages a draft copies from a clause without quotation marks: draft
K-grams looked up in the fingerprint tables, clustered, and aligned."""

from __future__ import annotations

from collections import defaultdict

from corpus.models import Clause, TrackedText

from ..lineage import COMMON_DOCUMENTS, K, Reduced, align_texts, gram_hashes, reduce_text
from .sources import Sources, clause_text

MIN_PASSAGE = 20
PASSAGE_CANDIDATES = 4
#: Bounds on one check's work (issue 11): the span of draft aligned against
#: one clause at a time, and the copies of one clause found in it.
MAX_SPAN = 2_000
COPIES_PER_PIECE = 32


def find_passages(sources: Sources, text: str, tracked: TrackedText,
                  quoted: list[tuple[int, int]]) -> list[dict]:
    """Runs of MIN_PASSAGE+ characters of a clause outside quotation marks."""
    pieces, pos = [], 0
    for start, end in sorted(quoted):
        if end > pos:
            start = max(start, pos)
            pieces += [text[pos:start], "\n" * (end - start)]
            pos = end
    reduced = reduce_text("".join(pieces) + text[pos:])
    chars = reduced.chars
    if len(chars) < MIN_PASSAGE:
        return []
    # Every K-gram position of the draft, looked up once; clauses grouped
    # with the draft positions that hit them.
    grams = gram_hashes(chars)
    at_hash = defaultdict(list)
    for pos, h in enumerate(grams):
        at_hash[h].append(pos)
    hits: dict[tuple[int, int], list[int]] = defaultdict(list)
    for h, doc, seq in sources.store.lineage.rare_holders(list(at_hash), COMMON_DOCUMENTS):
        hits[(doc, seq)].extend(at_hash[h])
    # A verbatim run of MIN_PASSAGE (20) characters holds two full winnowing
    # windows, so at least two of the clause's fingerprints: clusters with
    # fewer hits cannot be one. Of the clusters over the same stretch of the
    # draft, the PASSAGE_CANDIDATES with most hits are aligned.
    clusters = sorted((lo, hi, count, key) for key, positions in hits.items()
                      for lo, hi, count in _clusters(sorted(set(positions))) if count >= 2)
    found: list[tuple[int, int, Clause]] = []
    for region in _regions(clusters):
        region.sort(key=lambda c: -c[2])
        for lo, hi, _, (doc, seq) in region[:PASSAGE_CANDIDATES]:
            doc_id = sources.doc_of_key.get(doc)
            clause = sources.clause(doc_id, seq) if doc_id else None
            if clause is None:
                continue
            lo, hi = max(0, lo - MIN_PASSAGE), min(len(chars), hi + K + MIN_PASSAGE)
            found += [(start, end, clause) for start, end in
                      _copies(chars[lo:hi], lo, reduce_text(clause_text(clause)))]
    # Overlapping finds: the preferred source (highest level, earliest).
    found.sort(key=lambda f: (f[0], sources.preference(f[2])))
    out: list[dict] = []
    for start, end, clause in found:
        if out and start < out[-1]["_end"]:
            if end > out[-1]["_end"] and sources.preference(clause) == out[-1]["_pref"]:
                out[-1]["_end"] = end
            continue
        out.append({"_start": start, "_end": end, "_pref": sources.preference(clause),
                    "clause": clause})
    passages = []
    for p in out:
        first, last = reduced.offsets[p["_start"]], reduced.offsets[p["_end"] - 1] + 1
        raw_start, raw_end = tracked.raw_span(first, last)
        passages.append({"text": text[first:last], "start": raw_start, "end": raw_end,
                         "length": p["_end"] - p["_start"], "clause_id": p["clause"].id,
                         "source": sources.source(p["clause"])})
    return passages


def _copies(piece: str, offset: int, clause: Reduced) -> list[tuple[int, int]]:
    """Draft spans (from ``offset``) of ``piece`` copied from ``clause``:
    aligned again with what was found blanked out, as a draft may copy one
    clause more than once (up to COPIES_PER_PIECE times a piece)."""
    out = []
    for _ in range(COPIES_PER_PIECE):
        alignment = align_texts(Reduced(piece, start=offset), clause)
        blocks = [b for b in alignment.blocks if b.length >= MIN_PASSAGE]
        if not blocks:
            break
        for block in blocks:
            out.append((block.child_start, block.child_end))
            at = block.child_start - offset
            piece = piece[:at] + "\0" * (block.child_end - block.child_start) + piece[at + block.length:]
    return out


def _clusters(positions: list[int], gap: int = 40) -> list[tuple[int, int, int]]:
    """(first, last, count) of runs of positions no more than ``gap`` apart,
    each spanning at most MAX_SPAN (a draft repeating a clause would
    otherwise make one cluster of all of it; the passages of neighbouring
    pieces overlap and are joined again)."""
    out: list[list[int]] = []
    for pos in positions:
        if out and pos - out[-1][1] <= gap and pos - out[-1][0] <= MAX_SPAN:
            out[-1][1] = pos
            out[-1][2] += 1
        else:
            out.append([pos, pos, 1])
    return [(a, b, n) for a, b, n in out]


def _regions(clusters: list[tuple]) -> list[list[tuple]]:
    """Clusters (sorted by start) grouped where their spans overlap."""
    regions: list[list[tuple]] = []
    end = -1
    for cluster in clusters:
        if regions and cluster[0] <= end:
            regions[-1].append(cluster)
            end = max(end, cluster[1])
        else:
            regions.append([cluster])
            end = cluster[1]
    return regions
