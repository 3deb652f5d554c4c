"""Ingest benchmark: the whole lawrefbook corpus, beside jieba on the same text.

Prints documents, clauses, characters per second and peak memory of a full
ingest into a fresh store, then, in the same run, the speed of jieba's plain
segmentation (precise mode) over the same decoded text, as the reference for
what a pass over this much Chinese costs here.

    python bench/ingest.py [CORPUS_DIR]
"""

from __future__ import annotations

import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

from corpus import Store, ingest_paths, load_file
from corpus.load import LoadError

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "lawrefbook"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(corpus: Path) -> None:
    print(f"corpus: {corpus}")
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        rss_before = peak_rss_mib()
        start = time.perf_counter()
        results = ingest_paths([corpus], store)
        seconds = time.perf_counter() - start
        counts = store.counts()
        chars = sum(r.chars for r in results)
        db_size = (Path(home) / "policykb.sqlite3").stat().st_size
        errors = [r for r in results if r.status == "error"]
    peak = peak_rss_mib()
    print(f"policykb ingest: {counts['files']} files, {counts['documents']} documents, "
          f"{counts['clauses']} clauses, {len(errors)} errors")
    print(f"  {chars:,} characters in {seconds:.1f} s = {chars / seconds:,.0f} chars/s; "
          f"store {db_size / 2**20:.1f} MiB; peak RSS {peak:.0f} MiB "
          f"(process before ingest {rss_before:.0f} MiB)")

    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = []
    for path in sorted(corpus.rglob("*.md")):
        try:
            texts.append(load_file(path).text)
        except LoadError:
            continue
    total = sum(map(len, texts))
    start = time.perf_counter()
    words = sum(sum(1 for _ in jieba.cut(text)) for text in texts)
    jieba_seconds = time.perf_counter() - start
    print(f"jieba.cut (precise mode), same text: {total:,} characters, {words:,} words in "
          f"{jieba_seconds:.1f} s = {total / jieba_seconds:,.0f} chars/s")
    print(f"ratio: ingest takes {seconds / jieba_seconds:.2f}x the time of segmenting the text once")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
