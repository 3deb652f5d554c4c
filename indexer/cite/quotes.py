"""What a draft cites: quotations (top-level, by GB/T 15834's quotation
marks) and references (《title》, 文号, and the place cited after them)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from corpus.vocabulary import DOC_NO

_OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_PLACE = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+(?:条|部分|章|节|款)"
                    r"(?:第?[（(][一二三四五六七八九十\d]+[）)]项?)*|第?[（(][一二三四五六七八九十\d]+[）)]项)")


@dataclass(frozen=True)
class Span:
    start: int   # offsets into the normalised draft
    end: int
    text: str


def find_quotations(text: str) -> list[Span]:
    """Top-level quotations (their inner text); nested ones are part of
    the outer. An unclosed quotation mark is ignored."""
    out, stack = [], []
    ascii_open = None
    for i, ch in enumerate(text):
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif stack and ch == _OPEN_CLOSE[stack[-1][0]]:
            _, start = stack.pop()
            if not stack and ascii_open is None:
                out.append(Span(start + 1, i, text[start + 1:i]))
        elif ch == '"' and not stack:
            if ascii_open is None:
                ascii_open = i
            else:
                out.append(Span(ascii_open + 1, i, text[ascii_open + 1:i]))
                ascii_open = None
        elif ch == "\n" and ascii_open is not None and text[i - 1:i] == "\n":
            ascii_open = None   # a paragraph ends an unclosed "
        if ch == "\n" and stack:
            # A paragraph end closes what is still open: a quotation carried
            # over paragraphs reopens “ at each (GB/T 15834, 引号), so a mark
            # left open here is unbalanced and must not swallow the rest.
            stack = []
    return sorted(out, key=lambda s: s.start)


def find_mentions(text: str) -> list[dict]:
    """《title》 and 文号 mentions, a 文号 right after a title joined to it,
    and the place cited after them."""
    refs = []
    taken = set()
    for m in _TITLE.finditer(text):
        ref = {"title": m.group(1), "doc_no": None, "place": None, "start": m.start(),
               "end": m.end()}
        rest = text[m.end():m.end() + 40]
        bracket = re.match(r"\s*[（(]\s*(" + DOC_NO.pattern + r")\s*[）)]", rest)
        if bracket:
            ref["doc_no"] = bracket.group(1)
            ref["end"] = m.end() + bracket.end()
            taken.add(m.end() + bracket.start(1))
        place = _PLACE.match(text[ref["end"]:ref["end"] + 30])
        if place:
            ref["place"] = place.group(1)
            ref["end"] += place.end()
        refs.append(ref)
    starts = [r["start"] for r in refs]   # titles, in text order, not overlapping
    for m in DOC_NO.finditer(text):
        inside = bisect_right(starts, m.start()) - 1
        if m.start() not in taken and not (inside >= 0 and m.start() < refs[inside]["end"]):
            refs.append({"title": None, "doc_no": m.group(0), "place": None,
                         "start": m.start(), "end": m.end()})
    return sorted(refs, key=lambda r: r["start"])
