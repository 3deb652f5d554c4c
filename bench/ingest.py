"""Ingest benchmark: the whole lawrefbook corpus, beside jieba on the same
text; then the wild corpus format by format, beside each raw extractor.

Prints documents, clauses, characters per second and peak memory of a full
ingest into a fresh store, then, in the same run, the speed of jieba's plain
segmentation (precise mode) over the same decoded text, as the reference for
what a pass over this much Chinese costs here.

For ../shared/corpora/wild it prints, per format, characters per second of
reading (the format's reader) and of the whole pipeline (read, clean, split,
parse, describe), pages per second for PDF with a text layer and for OCR,
and beside each the raw library on the same files: PDFium's bare text
extraction, RapidOCR on the same page images, olefile reading the Word
streams, BeautifulSoup's get_text, and the OFD zip's XML parsed.

    python bench/ingest.py [CORPUS_DIR] [--wild DIR | --no-wild] [--only-wild]
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


WILD = DEFAULT.parent / "wild"


def formats(wild: Path) -> None:
    """Reader and pipeline speed per format, beside the raw extractor."""
    from collections import defaultdict

    from corpus import build_documents
    from corpus.load import load_bytes

    print(f"\ncorpus: {wild}")
    rows: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for path in sorted(wild.rglob("*")):
        if path.suffix.lower() not in (".doc", ".docx", ".pdf", ".html", ".ofd"):
            continue
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            raw = load_bytes(data, name=path.name, path=str(path))
        except LoadError:
            continue
        read = time.perf_counter() - start
        build_documents(raw)
        total = time.perf_counter() - start
        kind = "ocr" if raw.ocr else raw.format
        row = rows[kind]
        row["files"] += 1
        row["chars"] += len(raw.text)
        row["pages"] += raw.pages
        row["read"] += read
        row["total"] += total
        row["raw"] += _raw_extractor(kind, data)
    print(f"{'format':<6} {'files':>5} {'pages':>6} {'chars':>10} {'read chars/s':>13} "
          f"{'pipeline chars/s':>17} {'pages/s':>8} {'raw extractor':>28}")
    for kind, row in sorted(rows.items()):
        pages = (f"{row['pages'] / row['read']:8.1f}" if kind in ("pdf", "ocr") else f"{'':>8}")
        raw_speed = (f"{row['pages'] / row['raw']:.1f} pages/s" if kind in ("pdf", "ocr")
                     else f"{row['chars'] / row['raw']:,.0f} chars/s")
        print(f"{kind:<6} {int(row['files']):>5} {int(row['pages']):>6} {int(row['chars']):>10,} "
              f"{row['chars'] / row['read']:>13,.0f} {row['chars'] / row['total']:>17,.0f} "
              f"{pages} {raw_speed:>28}")
    print("raw extractor: pdf = PDFium text of every page; ocr = RapidOCR on the same page "
          "images; doc = olefile reading the streams; html = BeautifulSoup get_text; "
          "ofd = the zip's XML parts parsed")


def _raw_extractor(kind: str, data: bytes) -> float:
    """Seconds the bare library takes over the same file."""
    import io
    import zipfile
    from xml.etree import ElementTree

    start = time.perf_counter()
    if kind == "pdf":
        import pypdfium2 as pdfium
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_bounded()
        document.close()
    elif kind == "ocr":   # the engine alone, on the pages the reader recognised
        import pypdfium2 as pdfium

        from corpus.formats.ocr import DPI, engine
        from corpus.formats.pdf import page_lines, scanned_pages
        document = pdfium.PdfDocument(data)
        pages = [page_lines(document[i]) for i in range(len(document))]
        scanned = scanned_pages(document, pages)
        start = time.perf_counter()
        for index in scanned:
            engine()(document[index].render(scale=DPI / 72).to_numpy())
        document.close()
    elif kind == "doc":
        import olefile
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for stream in ("WordDocument", "0Table", "1Table"):
                if ole.exists(stream):
                    ole.openstream(stream).read()
    elif kind == "docx":
        import docx
        "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif kind == "html":
        from bs4 import BeautifulSoup
        BeautifulSoup(data.decode("utf-8", "replace"), "html.parser").get_text("\n")
    elif kind == "ofd":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    ElementTree.fromstring(archive.read(name))
    return time.perf_counter() - start


if __name__ == "__main__":
    args = sys.argv[1:]
    wild = Path(args[args.index("--wild") + 1]) if "--wild" in args else WILD
    positional = [a for i, a in enumerate(args)
                  if not a.startswith("--") and (i == 0 or args[i - 1] != "--wild")]
    if "--only-wild" not in args:
        main(Path(positional[0]) if positional else DEFAULT)
    if "--no-wild" not in args and wild.is_dir():
        formats(wild)
