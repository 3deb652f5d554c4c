"""The draft check's report as a .docx: what a drafter files with the
draft or hands to a reviewer who does not use PolicyKB.

A title, the summary, then one table row per finding in draft order (the
notes of ``report.finding_notes``, the same words as the Word comments),
set in the fonts of GB/T 9704 (方正小标宋 for the title, 仿宋 for the text:
Word falls back to what the machine has)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from .report import STATUS_NAMES, finding_notes, summary_line

KIND_NAMES = {"quote": "引文", "reference": "引用文件", "passage": "照录原文"}
EXCERPT = 40   # characters of the draft shown for a finding


def report_docx(report: dict, draft: str, name: str, today: date | None = None) -> bytes:
    """The report on ``draft`` (the text checked, for excerpts), named after
    the draft's file or title ``name``."""
    document = Document()
    _font(document.styles["Normal"], "仿宋", 12)
    title = document.add_heading("文稿引文核对报告", level=1)
    for run in title.runs:
        _font(run, "方正小标宋简体", 18)
    document.add_paragraph(f"文稿：{name}")
    document.add_paragraph(f"核对日期：{(today or date.today()).isoformat()}（PolicyKB）")
    document.add_paragraph(summary_line(report))
    notes = finding_notes(report)
    if not notes:
        document.add_paragraph("文稿中没有引文、引用文件或照录的原文。")
    else:
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("序号", "类别", "文稿原文", "结果", "说明")):
            cell.text = label
            cell.paragraphs[0].runs[0].bold = True
        for number, note in enumerate(notes, 1):
            excerpt = draft[note.start:note.end]
            if len(excerpt) > EXCERPT:
                excerpt = excerpt[:EXCERPT] + "…"
            row = table.add_row().cells
            for cell, value in zip(row, (str(number), KIND_NAMES[note.kind], excerpt,
                                         STATUS_NAMES[note.status], note.text)):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _font(target, family: str, size: float) -> None:
    """Set a style's or run's font, East Asian face included (w:eastAsia:
    python-docx's ``name`` sets the Latin face only)."""
    target.font.name = family
    target.font.size = Pt(size)
    fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)
