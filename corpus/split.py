"""Split stage: the documents one file holds, and the notices around them.

Two patterns of official publishing (GB/T 9704-2012 §10, 转发/印发 通知):

- a 转发 notice forwards another body's document: two documents, the
  notice pointing at the one it forwards (../shared/seeds/002_…);
- a 印发 notice issues the issuer's own plan: one document whose cover is
  the notice (../shared/seeds/000_…, 003_…, 004_…).

A new document starts where a 文号 line or a red-head (…文件) follows a
finished one (its signature date seen).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .models import CleanText, DocumentPart, Flag, Paragraph
from .vocabulary import DATE_LINE, DOC_NO_LINE, IMPRINT_LINE, PUBLIC_NOTE, RED_HEAD, TITLE_END

_FORWARDS = re.compile(r"转发")
_ISSUES = re.compile(r"印发")


def paragraphs_of(clean: CleanText) -> list[Paragraph]:
    """The lines of cleaned text with their offsets."""
    out, pos = [], 0
    for line in clean.text.split("\n"):
        if line:
            out.append(Paragraph(line, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def split_documents(clean: CleanText) -> list[DocumentPart]:
    """The documents in a cleaned file, in order, covers attached.

    The 版记's 印发 line is the last line of a document (GB/T 9704-2012
    §7.4.3). What follows it starts another document when it opens like one
    (a 文号, a red-head, or a title ending with its 文种); otherwise it stays
    with the document before and is flagged ``appended``: text that cannot
    be told apart is shown with a warning, not dropped or guessed at.
    """
    paragraphs = paragraphs_of(clean)
    groups: list[list[Paragraph]] = [[]]
    appended: dict[int, str] = {}   # group → the first line after its 版记
    finished = after_imprint = False
    for i, para in enumerate(paragraphs):
        starts_new = DOC_NO_LINE.match(para.text) or RED_HEAD.match(para.text)
        if after_imprint:
            if _opens_document(paragraphs[i:i + 3]):
                starts_new = True
            else:
                appended[len(groups) - 1] = para.text[:40]
            after_imprint = False
        if finished and starts_new:
            groups.append([])
            finished = False
        groups[-1].append(para)
        if DATE_LINE.match(para.text):
            finished = True
        if IMPRINT_LINE.match(para.text):
            finished = after_imprint = True
    parts: list[DocumentPart] = []
    for number, group in enumerate(groups):
        flags = (Flag("appended", appended[number]),) if number in appended else ()
        parts.extend(replace(p, flags=flags) for p in _notice_and_body(group, len(parts)))
    # A 转发 notice forwards the document that follows it in the file.
    return [replace(p, forwards=p.index + 1 if _is_forwarding(p) and p.index + 1 < len(parts)
                    else None) for p in parts]


def _opens_document(lines: list[Paragraph]) -> bool:
    """A 文号, a red-head, or a title (a short line ending with a 文种)."""
    return any(DOC_NO_LINE.match(p.text) or RED_HEAD.match(p.text)
               or (len(p.text) <= 60 and TITLE_END.search(p.text)) for p in lines)


def _notice_and_body(group: list[Paragraph], first_index: int) -> list[DocumentPart]:
    """A notice followed by what it issues (cover) or forwards (two parts)."""
    end = _notice_end(group)
    if end is None:
        return [DocumentPart(first_index, tuple(group))]
    notice, body = group[:end], group[end:]
    if _FORWARDS.search(_title_lines(notice)):
        return [DocumentPart(first_index, tuple(notice)),
                DocumentPart(first_index + 1, tuple(body))]
    return [DocumentPart(first_index, tuple(body), cover=tuple(notice))]


def _notice_end(group: list[Paragraph]) -> int | None:
    """Where a 印发/转发 notice ends, when a document follows it."""
    head = " ".join(p.text for p in group[:8])
    if not (_ISSUES.search(head) or _FORWARDS.search(head)):
        return None
    for i, para in enumerate(group):
        if DATE_LINE.match(para.text):
            end = i + 1
            if end < len(group) and PUBLIC_NOTE.match(group[end].text):
                end += 1
            rest = group[end:]
            # What follows must be a document, not just 抄送 and 印发 lines.
            if len(rest) >= 3 and sum(len(p.text) for p in rest) > 200:
                return end
            return None
    return None


def raw_extent(part: DocumentPart, clean: CleanText) -> tuple[int, int]:
    """The span of the source text a document part (cover included) covers."""
    paragraphs = (*part.cover, *part.paragraphs)
    if not paragraphs:
        return 0, 0
    return (clean.tracked.raw_span(paragraphs[0].start, paragraphs[0].end)[0],
            clean.tracked.raw_span(paragraphs[-1].start, paragraphs[-1].end)[1])


def _is_forwarding(part: DocumentPart) -> bool:
    return not part.cover and bool(_FORWARDS.search(_title_lines(part.paragraphs)))


def _title_lines(paragraphs) -> str:
    """The head of a notice up to its addressee (各…：): where 转发 names
    what the notice is. 请…将本通知转发至… in the body is not that."""
    lines = []
    for para in paragraphs[:6]:
        if para.text.endswith(("：", ":")) or len(para.text) > 80:
            break
        lines.append(para.text)
    return " ".join(lines)
