"""Lineage benchmark: link the samples plus lawrefbook, and half of it.

For half of lawrefbook (every other file) and then all of it, each with the
bundled samples, in a fresh store: ingest (not timed here, see
bench/ingest.py), then :func:`indexer.lineage.link_documents` from scratch,
printing its time, the links found and its peak memory (the process's peak
resident set, reset before linking). The ratio full / half shows how cost
grows with the corpus (target: at most 2.3x for twice the documents; the
whole corpus in under 5 minutes), printed beside how the links themselves
grow: a child and its parent are both in the half one time in four, so the
links found (and the work of finding them) grow faster than the documents.

The reference, in the same run: the clause pairs an all-pairs comparison
would have to align (every clause against every clause of every document it
may descend from), against the pairs the fingerprint index actually sends to
alignment; on the samples, the links found by aligning every allowed
pair, against those the index finds (what the index costs in recall);
precision and recall on the hand-judged gold (tests/lineage_gold.toml); and,
of links drawn at random from the half and judged by hand
(tests/lineage_audit.toml), how many the linker still makes, by judgment.

    python bench/lineage.py
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from corpus import Store, ingest_paths
from indexer.lineage import align as align_module
from indexer.lineage import link as lineage
from indexer.lineage import pairs as pairs_module

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the judgments live in tests/
from tests.lineage_gold import audit, gold_files, score, word_ceiling

LAWREFBOOK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "lawrefbook"


def peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    # Linux: writing 5 to clear_refs resets the peak resident set (VmHWM).
    Path("/proc/self/clear_refs").write_text("5")


def all_pairs(store: Store) -> int:
    """Clause pairs an all-pairs comparison would align: each clause against
    every clause of each document that may be its parent."""
    docs = {d.id: d for d in store.documents()}
    counts = dict(store.db.execute("SELECT doc_id, count(*) FROM clauses GROUP BY doc_id"))
    linker = lineage._Linker(store, docs)
    pairs = 0
    for child in docs.values():
        for parent in docs.values():
            if linker.allowed(child.id, parent.id):
                pairs += counts.get(child.id, 0) * counts.get(parent.id, 0)
    return pairs


def run(label: str, files: list[Path], drawn: bool = False) -> dict:
    """Ingest ``files`` with the samples into a fresh store and link it;
    ``drawn``: the store the audited links were drawn from (the half)."""
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        ingest_paths([], store)
        ingest_paths(files, store)
        counts = store.counts()
        aligned = {"n": 0}
        real = pairs_module.align_texts

        def counting(*args, **kwargs):
            aligned["n"] += 1
            return real(*args, **kwargs)
        pairs_module.align_texts = counting
        reset_peak()
        start = time.perf_counter()
        report = lineage.link_documents(store)
        seconds = time.perf_counter() - start
        peak = peak_mib()
        pairs_module.align_texts = real
        pairs = all_pairs(store)
        size = (Path(home) / "policykb.sqlite3").stat().st_size
        judged = audit(store) if drawn else {}
    print(f"{label:<22} {counts['documents']:>5} docs {counts['clauses']:>7} clauses  "
          f"link {seconds:6.1f} s  {report.clause_links:>6} clause links "
          f"{report.document_links:>5} document links  peak {peak:5.0f} MiB  "
          f"(fingerprints {report.fingerprint_seconds:.0f} s, links {report.link_seconds:.0f} s)  "
          f"aligned {aligned['n']:,} of {pairs:,} allowed pairs  store {size / 2**20:.0f} MiB",
          flush=True)
    for sample, tally in sorted(judged.items()):   # the half's links were drawn for it
        print(f"  audit {sample}: of {sum(tally.values())} drawn links, kept "
              f"{tally['strong']} strong, {tally['weak']} weak, {tally['wrong']} wrong "
              f"(dropped {tally['dropped']})")
    return {"seconds": seconds, "documents": counts["documents"],
            "clause_links": report.clause_links, "document_links": report.document_links,
            "fingerprints": report.fingerprint_seconds, "links": report.link_seconds}


def samples_recall() -> None:
    """On the samples: links found through the index vs by aligning every
    allowed pair (the same thresholds)."""
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        ingest_paths([], store)
        start = time.perf_counter()
        lineage.link_documents(store)
        indexed = time.perf_counter() - start
        found = set(store.db.execute("SELECT child, parent FROM clause_links"))
        docs = {d.id: d for d in store.documents()}
        linker = lineage._Linker(store, docs)
        start = time.perf_counter()
        for child_doc in docs:
            candidates = {}
            for parent_doc in docs:
                if linker.allowed(child_doc, parent_doc):
                    for seq in linker.clauses(child_doc):
                        candidates.setdefault(seq, []).extend(
                            (1, parent_doc, p) for p in linker.clauses(parent_doc))
            rows, _ = linker._link(child_doc, candidates, top=None)
            rows += linker.link_headings(child_doc, [p for p in linker.cited[child_doc]])
            store.lineage.replace_clause_links(child_doc, rows)
        brute = set(store.db.execute("SELECT child, parent FROM clause_links"))
        seconds = time.perf_counter() - start
    print(f"samples: index {len(found)} links in {indexed:.2f} s; aligning every allowed "
          f"pair {len(brute)} links in {seconds:.2f} s; found by both {len(found & brute)}")


def gold() -> None:
    """Precision and recall on the hand-judged gold (tests/lineage_gold.toml)."""
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        ingest_paths(gold_files(), store)
        lineage.link_documents(store)
        for part, tally in score(store).items():
            print("gold " + tally.line(part))
        # The word signal's ceiling: every clause's most similar parent
        # clause linked, at least this similar (lineage_gold.word_ceiling).
        for floor in (pairs_module.WORDS_MIN, pairs_module.WORDS_FLOOR, 0.05, 0.01):
            tallies = word_ceiling(store, floor)
            print(f"  + every clause's most similar by words at {floor:.2f}: " + "; ".join(
                tallies[part].line(part) for part in ("tuned", "held-out")))


def main() -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if not LAWREFBOOK.is_dir():
        sys.exit(f"{LAWREFBOOK}: not found")
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if not p.name.startswith("_"))
    print(f"lineage benchmark: lawrefbook ({len(files)} files) + samples; "
          f"{os.cpu_count()} cores; thresholds: cited {lineage.CITED_MIN}, "
          f"uncited {lineage.UNCITED_MIN}, min matched {lineage.MIN_MATCHED}, "
          f"seed {align_module.SEED}")
    samples_recall()
    gold()
    half = run("half (every other)", files[::2], drawn=True)
    full = run("full", files)
    print(f"\nfull / half: {full['documents'] / half['documents']:.2f}x the documents, "
          f"{full['seconds'] / half['seconds']:.2f}x the time")
    # A child and its parent are both in the half one time in four: the
    # links to find grow as the square of the corpus, whatever the linker.
    print(f"             {full['document_links'] / half['document_links']:.2f}x the document "
          f"links, {full['clause_links'] / half['clause_links']:.2f}x the clause links; "
          f"fingerprints {full['fingerprints'] / max(half['fingerprints'], 0.1):.2f}x, "
          f"links {full['links'] / max(half['links'], 0.1):.2f}x; linking per 1,000 clause "
          f"links: half {1000 * half['links'] / max(1, half['clause_links']):.2f} s, "
          f"full {1000 * full['links'] / max(1, full['clause_links']):.2f} s")


if __name__ == "__main__":
    main()
