"""The draft check in Word: the drafter's own .docx returned with a Word
comment on each quotation, reference and uncited copied passage.

Drafters write in Word or WPS, and a reviewer's remarks travel as comments
(批注) in the margin, so the check's findings go there: the draft's text and
formatting stay as they were. A comment anchors on whole runs, so a run
that a finding starts or ends inside is split in two (both halves keep the
run's properties, ``w:rPr``); a run holding more than text (a tab, a
picture, a field) is never split, and the comment then covers all of it.

The text checked is the body's paragraphs (table cells included, in
document order) joined by newlines, each paragraph the text of its runs
(hyperlinks' runs included): every finding's offsets map back to runs.
"""

from __future__ import annotations

import copy
import io
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from zipfile import BadZipFile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from corpus import Store

from ..errors import DraftError
from .check import check_draft
from .draft import MAX_DRAFT_BYTES
from .report import finding_notes

AUTHOR = "PolicyKB 引文核对"
INITIALS = "PK"
#: Comments one draft gets: python-docx finds each new comment's id by
#: reading every comment before it (3,000 comments took 15 s here), so past
#: this many the rest are in the report and one comment says so. What needs
#: fixing is commented first; verified quotations after.
MAX_COMMENTS = 1500
_FIRST = {"altered": 0, "not_found": 0, "mismatch": 0, "unknown": 0, "uncited": 1,
          "verified": 2}


@dataclass(frozen=True)
class CommentedDraft:
    """The draft with its comments, and the check's report on the text
    read from it (the report's offsets are in ``text``)."""

    docx: bytes
    text: str
    report: dict
    comments: int
    left_out: int = 0   # findings over MAX_COMMENTS: in the report only


def comment_docx(store: Store, data: bytes, name: str) -> CommentedDraft:
    """Check a .docx draft and return it with a comment on every finding."""
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{name}：超过 {MAX_DRAFT_BYTES // 2**20} MiB")
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise DraftError(f"{name}：不是可读的 .docx 文件（{exc}）") from exc
    spans, text = _runs_and_text(document)
    report = check_draft(store, text)
    notes = sorted(finding_notes(report), key=lambda n: _FIRST.get(n.status, 1))
    kept, left_out = notes[:MAX_COMMENTS], len(notes) - MAX_COMMENTS
    made = 0
    # Last finding first: splitting a run never moves an earlier one.
    for note in sorted(kept, key=lambda n: -n.start):
        runs = _runs_covering(spans, note.start, note.end)
        if runs:
            document.add_comment(runs, text=note.text, author=AUTHOR, initials=INITIALS)
            made += 1
    if left_out > 0 and spans:
        document.add_comment(spans[0].run, author=AUTHOR, initials=INITIALS, text=(
            f"另有 {left_out} 处核对结果未加批注（每份文稿最多 {MAX_COMMENTS} 条，需修改的优先），"
            "请看核对报告。"))
    out = io.BytesIO()
    document.save(out)
    return CommentedDraft(out.getvalue(), text, report, made, max(0, left_out))


@dataclass
class _Span:
    """A run and the draft offsets of its text."""

    run: Run
    start: int
    end: int


def _paragraphs(container):
    """The body's paragraphs in document order, table cells included."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)


def _runs_and_text(document) -> tuple[list[_Span], str]:
    spans: list[_Span] = []
    parts: list[str] = []
    at = 0
    for paragraph in _paragraphs(document):
        if parts:
            parts.append("\n")
            at += 1
        for item in paragraph.iter_inner_content():
            for run in (item.runs if isinstance(item, Hyperlink) else [item]):
                text = run.text
                spans.append(_Span(run, at, at + len(text)))
                parts.append(text)
                at += len(text)
    return spans, "".join(parts)


def _runs_covering(spans: list[_Span], start: int, end: int) -> list[Run]:
    """The runs holding draft[start:end], split at its ends where a run
    holds text alone. Spans are in draft order: found by bisection, so a
    long draft's thousands of findings cost no scan each."""
    inside = []
    at = bisect_right(spans, start, key=lambda s: s.end)
    while at < len(spans) and spans[at].start < end:
        if spans[at].end > spans[at].start:
            inside.append(spans[at])
        at += 1
    if not inside:
        return []
    first, last = inside[0], inside[-1]
    if last.end > end and _plain(last.run):
        _split(spans, last, end - last.start)
    if first.start < start and _plain(first.run):
        first = _split(spans, first, start - first.start)
        if last is inside[0]:
            last = first
    return [first.run, last.run]


def _plain(run: Run) -> bool:
    """A run of properties and one piece of text: safe to split."""
    kinds = [child.tag for child in run._r]
    return kinds.count(qn("w:t")) == 1 and set(kinds) <= {qn("w:t"), qn("w:rPr")}


def _split(spans: list[_Span], span: _Span, at: int) -> _Span:
    """Split a run's text at ``at``; the span keeps the head, the returned
    new span (inserted after it) holds the tail."""
    text = span.run.text
    tail_r = copy.deepcopy(span.run._r)
    span.run._r.addnext(tail_r)
    span.run.text = text[:at]
    tail = Run(tail_r, span.run._parent)
    tail.text = text[at:]
    new = _Span(tail, span.start + at, span.end)
    span.end = span.start + at
    at_span = bisect_left(spans, span.start, key=lambda s: s.start)
    while spans[at_span] is not span:   # empty runs share a start
        at_span += 1
    spans.insert(at_span + 1, new)
    return new
