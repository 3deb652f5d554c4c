"""Draft-checking benchmark: drafts of 20,000, 200,000 and 1,000,000
characters against the samples plus lawrefbook, varied and repetitive.

Builds a fresh store of the bundled samples and ../shared/corpora/lawrefbook
and links it (the checker looks quotations up in the lineage fingerprints),
then writes a draft from the stored clauses (seeded, so every run checks the
same draft): verbatim quotations (some in traditional characters), quotations
with one character changed, invented sentences, 《title》（文号） references
(some with a wrong number), passages copied without quotation marks, and
connecting prose; and a repetitive draft (one clause quoted and copied over
and over). Prints the time of :func:`indexer.check.check_draft` over each
(target: under 1 s for 20,000 characters) and its cost per character
against the smallest draft of its kind (near 1 when the growth is linear),
beside the reference in the same run: verifying each quotation by a
substring scan over every clause.

    python bench/check.py [--sizes 20000,200000,1000000] [--samples-only]
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from pathlib import Path

from corpus import Store, ingest_paths
from corpus.normalise import normalise_text
from indexer.cite import check_draft
from indexer.lineage import link_documents

LAWREFBOOK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "lawrefbook"
PROSE = ["经研究，现将有关情况报告如下。", "我们认真贯彻落实上级部署，", "下一步，我们将继续",
         "为进一步做好相关工作，", "各有关单位要高度重视，"]
INVENTED = ["全面建成全国一流的网络市场示范城市", "推动各类经营主体实现跨越式倍增发展",
            "确保年底前所有任务清零见效", "打造全省领先的营商环境高地"]


def build_draft(store: Store, chars: int, seed: int = 7) -> str:
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    rng = random.Random(seed)
    docs = store.documents()
    rows = store.db.execute("SELECT id, doc_id, text FROM clauses WHERE length(text) > 60"
                            " ORDER BY id").fetchall()
    by_id = {d.id: d for d in docs}
    parts: list[str] = []
    size = 0
    while size < chars:
        _, doc_id, text = rng.choice(rows)
        sentence = max(text.split("。"), key=len)[:80]
        doc = by_id[doc_id]
        kind = rng.randrange(6)
        if kind == 0:
            piece = f"“{sentence}”"
        elif kind == 1:
            piece = f"「{s2t.convert(sentence)}」"
        elif kind == 2:
            at = rng.randrange(len(sentence))
            piece = f"“{sentence[:at]}新{sentence[at + 1:]}”"
        elif kind == 3:
            piece = f"“{rng.choice(INVENTED)}”"
        elif kind == 4:
            number = doc.meta.doc_no or ""
            if number and rng.random() < 0.3:
                number = number.replace("号", "1号")
            piece = f"《{doc.meta.title}》" + (f"（{number}）" if number else "")
        else:
            piece = sentence
        part = rng.choice(PROSE) + piece + "。" + ("\n" if rng.random() < 0.2 else "")
        parts.append(part)
        size += len(part)
    return "".join(parts)


def substring_reference(store: Store, quotes: list[str]) -> int:
    """Each quotation looked for in every clause's text (normalised)."""
    texts = [f"{h}\n{t}" for h, t in store.db.execute("SELECT heading, text FROM clauses")]
    return sum(1 for q in quotes if any(q in t for t in texts))


def repetitive_draft(store: Store, chars: int) -> str:
    """One clause, quoted and copied, over and over: the worst case of
    issue 11 (a quadratic checker took 61 s on 1 MB of it)."""
    clause = store.db.execute("SELECT text FROM clauses WHERE length(text) BETWEEN 80 AND 200"
                              " ORDER BY id LIMIT 1").fetchone()[0].replace("\n", "")
    unit = f"经研究，“{clause}”{clause}\n"
    return (unit * (chars // len(unit) + 1))[:chars]


def timed(store: Store, draft: str, runs: int) -> tuple[float, dict]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = check_draft(store, draft)
        times.append(time.perf_counter() - start)
    return statistics.median(times), report


def main(sizes: list[int], samples_only: bool) -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as home, Store(home) as store:
        start = time.perf_counter()
        ingest_paths([], store)
        if not samples_only:
            ingest_paths([LAWREFBOOK], store)
        link_documents(store)
        counts = store.counts()
        print(f"store: {counts['documents']} documents, {counts['clauses']} clauses "
              f"(ingest and link {time.perf_counter() - start:.0f} s)")
        check_draft(store, "预热“加强统筹协调”")   # opens the tables once
        base: dict[str, float] = {}
        for chars in sizes:
            for kind, make in (("varied", build_draft), ("repetitive", repetitive_draft)):
                draft = make(store, chars)
                seconds, report = timed(store, draft, 3 if chars <= 200_000 else 1)
                s = report["summary"]
                base.setdefault(kind, seconds / len(draft))
                growth = seconds / len(draft) / base[kind]
                print(f"{kind:<10} {len(draft):>9,} chars  check {seconds:7.2f} s  "
                      f"{len(draft) / seconds:>9,.0f} chars/s  per-char cost x{growth:4.1f} of the "
                      f"smallest  ({s['quotes']} quotations, {s['verified']} verified, "
                      f"{s['references']} references, {s['passages']} passages)", flush=True)
                if kind == "varied" and chars == sizes[0]:
                    quotes = [normalise_text(q["text"]) for q in report["quotes"]]
                    start = time.perf_counter()
                    exact = substring_reference(store, quotes)
                    print(f"  reference, substring scan of every clause per quotation: "
                          f"{time.perf_counter() - start:.2f} s, {exact} quotations found "
                          f"verbatim (verified by the checker: {s['verified']})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,200000,1000000",
                        help="draft lengths in characters, comma-separated")
    parser.add_argument("--samples-only", action="store_true",
                        help="check against the samples alone (no lawrefbook: quick)")
    args = parser.parse_args()
    main([int(n) for n in args.sizes.split(",")], args.samples_only)
