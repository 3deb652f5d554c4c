"""Office Open XML documents (.docx): paragraphs and table rows in order.

Automatic numbering (Word's list numbering, which WPS and Word use for
一、/（一）/1. outlines) is not in the paragraph text: it is rendered from the
numbering definitions ([ECMA-376] §17.9) so the labels read as printed.
Field codes (``w:instrText``) are instructions, not text, and are left out.
"""

from __future__ import annotations

import io
import zipfile

from ..labels import cn_numeral
from ._common import Extracted, FormatError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> Extracted:
    """Paragraphs (with their list labels) and table rows of a .docx."""
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"不是可读的 .docx 文件（{exc}）") from exc
    except Exception as exc:  # python-docx raises its own exception types
        raise FormatError(f"不是可读的 .docx 文件（{type(exc).__name__}）") from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(numbering.label(block) + _runs_text(block))
        elif tag == "tbl":
            for row in block.iter(_W + "tr"):
                cells = [_runs_text(cell) for cell in row if cell.tag == _W + "tc"]
                lines.append("\t".join(cells))
    return Extracted(text="\n".join(lines), encoding="docx")


def _runs_text(element) -> str:
    """The visible text under ``element``: w:t, tabs and breaks, no field codes."""
    out = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br"):
        out.append(node.text or "" if node.tag == _W + "t" else
                   "\t" if node.tag == _W + "tab" else "\n")
    return "".join(out)


class _Numbering:
    """Renders list labels (一、（一）1.) from word/numbering.xml, counting as
    Word does: a level's counter restarts when a higher level advances."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in node.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                levels[ilvl] = (fmt.get(_W + "val") if fmt is not None else "decimal",
                                text.get(_W + "val") if text is not None else "",
                                int(start.get(_W + "val")) if start is not None else 1)
            abstract[node.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(_W + "val"), {}).items():
                    self.formats[(num.get(_W + "numId"), ilvl)] = spec

    def label(self, paragraph) -> str:
        ppr = paragraph.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        if numpr is None:
            return ""
        num_id = numpr.find(_W + "numId")
        ilvl_node = numpr.find(_W + "ilvl")
        num = num_id.get(_W + "val") if num_id is not None else None
        ilvl = int(ilvl_node.get(_W + "val")) if ilvl_node is not None else 0
        if not num or num == "0" or (num, ilvl) not in self.formats:
            return ""
        counts = self.counters.setdefault(num, [0] * 9)
        starts = [self.formats.get((num, i), ("", "", 1))[2] for i in range(9)]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else starts[ilvl]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = self.formats[(num, ilvl)]
        if fmt == "bullet":
            return ""
        for i in range(ilvl + 1):
            value = counts[i] or starts[i]
            text = text.replace(f"%{i + 1}", _number(value, self.formats.get((num, i),
                                                                             (fmt,))[0]))
        return text


def _number(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "chineseLegalSimplified", "taiwaneseCountingThousand"):
        return cn_numeral(value)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    return str(value)

