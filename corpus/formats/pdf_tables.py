"""Tables of a PDF page as rows: pdfplumber finds them, PDFium reads them.

PDFium gives a table's text cell by cell in stream order, which loses the
rows; pdfplumber finds a table from its ruling lines and knows its rows and
cells, but reads 20 times slower and puts the characters of some cells out
of order (CHANGES.md). So pdfplumber looks only at the pages PDFium shows to
carry ruling paths, and only for the cells' boxes; the text of each cell,
and of the page above, between and below the tables, is PDFium's. One line
per row, the cells of a row separated by tabs (a cell wrapped over lines is
one cell).
"""

from __future__ import annotations

import io

#: A page with at least this many path objects may hold a ruled table.
MIN_PATHS = 20


def ruled_pages(document) -> list[int]:
    """Indexes of the pages of a pypdfium2 document drawn with many paths."""
    import pypdfium2.raw as pdfium_c

    found = []
    for index in range(len(document)):
        page = document[index]
        try:
            paths = sum(1 for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH)
        finally:
            page.close()
        if paths >= MIN_PATHS:
            found.append(index)
    return found


def pages_with_table_rows(document, data: bytes, indexes: list[int]) -> dict[int, list[str]]:
    """For each given page that has a table: its lines, table rows included."""
    if not indexes:
        return {}
    import pdfplumber

    out: dict[int, list[str]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in indexes:
            plumbed = pdf.pages[index]
            tables = sorted(plumbed.find_tables(), key=lambda t: t.bbox[1])
            if tables:
                out[index] = _lines(document[index], plumbed.width, plumbed.height, tables)
            plumbed.close()
    return out


def _lines(page, width: float, height: float, tables) -> list[str]:
    """The page read top to bottom, each table as rows of cells."""
    textpage = page.get_textpage()

    def text(x0: float, top: float, x1: float, bottom: float) -> str:
        # pdfplumber measures from the top of the page, PDFium from the bottom.
        if bottom - top < 1:
            return ""
        return textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1,
                                         top=height - top)

    try:
        lines: list[str] = []
        top = 0.0
        for table in tables:
            lines += _split(text(0, top, width, table.bbox[1]))
            for row in table.rows:
                lines.append("\t".join(_cell(text(*cell)) if cell else "" for cell in row.cells))
            top = table.bbox[3]
        lines += _split(text(0, top, width, height))
    finally:
        textpage.close()
        page.close()
    return [line for line in lines if line.strip()]


def _split(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _cell(text: str | None) -> str:
    """A cell's text on one line: the wraps of a narrow column removed."""
    return "".join((text or "").replace("\r", "").split("\n")).strip()
