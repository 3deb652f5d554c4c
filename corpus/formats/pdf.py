"""PDF: the text layer through PDFium, or OCR when the pages are images.

PDFium (pypdfium2) was chosen by measurement on the wild corpus (CHANGES.md):
on the 331-page 北京 guide it reads 660 pages/s against pdfplumber's 21 with
the same text, and on the 江西 table annex it keeps each cell's lines
together where pdfplumber interleaves the lines of neighbouring cells.

Pages drawn with ruling lines go to :mod:`corpus.formats.pdf_tables`,
which returns their tables as rows (cells separated by tabs).

Page furniture is removed here, where the page boundaries are known: a page
number standing alone in the first or last lines of a page, and a running
header or footer (the same line, digits aside, at the top or bottom of most
pages). Everything else is kept, line for line; the clean stage joins the
lines a sentence was wrapped over, across page ends too.

A page covered by an image whose text layer holds (almost) no Chinese text —
a scan, with at most a scanner's watermark — is read by OCR (:mod:`corpus.formats.ocr`,
the optional ``policykb[ocr]`` extra). Without the extra, a scanned PDF is
an error that says how to get it; a text PDF with a few image pages is
read, and the pages left unread are flagged.
"""

from __future__ import annotations

import re
from collections import Counter

from ..furniture import is_page_mark
from ..models import Flag
from ._common import Extracted, FormatError
from .pdf_tables import pages_with_table_rows, ruled_pages
from .text import CJK

#: A page with fewer Chinese characters than this in its text layer is an image.
MIN_TEXT_CHARS = 20
#: …and at least this share of it is covered by images (a blank page is not a scan).
IMAGE_SHARE = 0.3
_DIGITS = re.compile(r"[0-9０-９]+")
_EDGE = 2   # lines at each end of a page where furniture stands


def read_pdf(data: bytes) -> Extracted:
    """The text of a PDF, page furniture removed; OCR for scanned pages."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise FormatError(f"不是可读的 PDF 文件（{exc}）") from exc
    try:
        pages = [page_lines(document[i]) for i in range(len(document))]
        scanned = scanned_pages(document, pages)
        ruled = [i for i in ruled_pages(document) if i not in scanned]
        for i, lines in pages_with_table_rows(document, data, ruled).items():
            pages[i] = lines
        flags: list[Flag] = []
        recognised_pages: set[int] = set()
        if scanned:
            from .ocr import ocr_pages
            try:
                recognised = ocr_pages(document, scanned)
            except FormatError:
                if len(scanned) * 2 >= len(pages):
                    raise      # a scan: nothing to read without OCR
                # a few image pages in a text PDF: read the rest, say what is missing
                numbers = "、".join(str(i + 1) for i in scanned)
                flags.append(Flag("image_pages", f"第 {numbers} 页"))
            else:
                for i in scanned:
                    # What a scanner app put in the text layer (扫描全能王 创建)
                    # is its watermark: also seen in the image, not the text.
                    marks = {_compact(line) for line in pages[i]}
                    pages[i] = [line for line in recognised[i] if _compact(line) not in marks]
                recognised_pages = set(scanned)
                flags.append(Flag("ocr", f"共 {len(pages)} 页，其中 {len(scanned)} 页为扫描图像"))
    finally:
        document.close()
    if not any(pages):
        raise FormatError("PDF 没有文字层，OCR 也没有识别出文字")
    texts = ["\n".join(lines) for lines in _without_furniture(pages)]
    spans, pos = [], 0
    for i, page_text in enumerate(texts):
        if i in recognised_pages:
            spans.append((pos, pos + len(page_text)))
        pos += len(page_text) + 1
    return Extracted(text="\n".join(texts), encoding="pdf", pages=len(pages),
                     ocr_spans=tuple(spans), flags=tuple(flags))


def scanned_pages(document, pages: list[list[str]]) -> list[int]:
    """The pages to read by OCR: covered by images, with (almost) no text."""
    return [i for i, lines in enumerate(pages)
            if len(CJK.findall("".join(lines))) < MIN_TEXT_CHARS and _is_image_page(document[i])]


def _is_image_page(page) -> bool:
    """A page mostly covered by images (a scan, a map), not a blank one."""
    import pypdfium2.raw as pdfium_c

    try:
        width, height = page.get_size()
        covered = 0.0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = obj.get_bounds()
            covered += max(0.0, right - left) * max(0.0, top - bottom)
    finally:
        page.close()
    return covered >= IMAGE_SHARE * width * height


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", line)


def page_lines(page) -> list[str]:
    """A page's text layer, line by line (the page is closed)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
        page.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "")
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def _without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their page numbers and running headers and footers."""
    def masked(line: str) -> str:
        return _DIGITS.sub("#", line.strip())

    edges = Counter()
    for lines in pages:
        edges.update({masked(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    running = {line for line, count in edges.items()
               if len(pages) >= 3 and count * 2 > len(pages) and len(line) <= 40}
    out = []
    for lines in pages:
        edge = set(range(min(_EDGE, len(lines)))) | set(range(max(0, len(lines) - _EDGE),
                                                             len(lines)))
        out.append([line for i, line in enumerate(lines)
                    if i not in edge or not (is_page_mark(line, bare_numbers=True)
                                             or masked(line) in running)])
    return out
