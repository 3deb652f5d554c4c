"""Page furniture: the page numbers printed on official documents.

GB/T 9704-2012 §7.5 prints the page number as a 4-point dash, the number,
and another dash (``— 3 —``); writers and converters give it as ``－１２－``
(full-width), ``-3-``, and OCR reads the dashes as 一 (``一2一``). Other
layouts print ``第 3 页 共 10 页``, ``3/10`` or ``- 3 -``. A bare number, or a
Roman numeral of front matter, is furniture only where a page's edge is known
(PDF, OFD), never in running text.
"""

from __future__ import annotations

import re

from .models import Flag, TrackedText

_LINE = re.compile(r"(?m)^.*$")
_DASH = r"[—–\-－一─━‒―_]"
PAGE_MARK = re.compile(
    rf"^\s*(?:{_DASH}{{1,2}}\s*[0-9０-９]{{1,4}}\s*{_DASH}{{1,2}}"
    r"|第\s*[0-9０-９]{1,4}\s*页\s*[,，/／]?\s*(?:共\s*[0-9０-９]{1,4}\s*页)?"
    r"|[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}"
    r"|共\s*[0-9０-９]{1,4}\s*页\s*第\s*[0-9０-９]{1,4}\s*页)\s*$")
_BARE = re.compile(r"^\s*(?:[0-9０-９]{1,4}|[IVXLivxl]{1,6})\s*$")


def is_page_mark(line: str, bare_numbers: bool = False) -> bool:
    """Whether ``line`` is nothing but a page number."""
    return bool(PAGE_MARK.match(line) or (bare_numbers and _BARE.match(line)))


def strip_page_marks(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Lines that are only a page number (``— 3 —``, ``－１２－``, ``第 3 页``)
    are page furniture, not text: emptied, wherever the text came from (a
    .doc or text copied out of a PDF carries them too)."""
    edits = [(m.start(), m.end(), "") for m in _LINE.finditer(tt.text)
             if is_page_mark(m.group(0))]
    return tt.edit(edits), []


# A table of contents line: a heading, leader dots, a page number.
_TOC_LINE = re.compile(r"^\s*\S.{0,80}?\s*(?:[.．·•…。]\s*){3,}\s*[0-9０-９]{1,4}\s*$")
_TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")


def strip_table_of_contents(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """A table of contents (目录, then headings with leader dots and page
    numbers) repeats the outline with page numbers: emptied."""
    lines = list(_LINE.finditer(tt.text))
    toc = [bool(_TOC_LINE.match(m.group(0))) for m in lines]
    edits = []
    for i, match in enumerate(lines):
        following = next((toc[j] for j in range(i + 1, min(i + 4, len(lines)))
                          if lines[j].group(0).strip()), False)
        if toc[i] or (_TOC_HEAD.match(match.group(0)) and following):
            edits.append((match.start(), match.end(), ""))
    return tt.edit(edits), []
