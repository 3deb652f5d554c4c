"""What a clause's text says beside its words: the responsible units
(责任单位) and deadline of a task, an inline heading (（一）合理配置流量资源。鼓励…),
a fragment a page break left, and where the cleaning flags fall in it."""

from __future__ import annotations

import re

from .labels import find_label
from .models import CleanText, Flag
from .normalise import normalise_text
from .units import split_units

#: A task's closing bracket naming who does it: （责任单位：市商务局、…）, or
#: （各县（市、区）按职责分工负责）.
UNITS_TAIL = re.compile(r"[（(]\s*(责任单位[:：]\s*(?P<list>[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)"
                         r"|(?P<duty>[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*?)按职责分工负责)\s*[）)]$")
DEADLINE = re.compile(r"(\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日|上半年|下半年|年?底|年?末|月底|月末)?(?:前|以前|之前)"
                       r"|完成时限[:：]\s*[^，。；）]+)")
CLAUSE_FLAGS = ("spam", "mojibake", "mojibake_repaired", "page_break_duplicate")
INLINE_HEADING_MAX = 30
HEAD_LINE_MAX = 60
FRAGMENT_MAX = 20


def flags_within(clean: CleanText, starts: list[int], pieces: list[str]) -> tuple[Flag, ...]:
    """Cleaning flags raised inside a clause's own pieces (of text, at
    ``starts`` in the clean text), placed in its text: ``start``/``end``
    become offsets into ``Clause.text`` (the pieces joined by newlines)."""
    tracked = clean.tracked
    out = []
    for flag in clean.flags:
        if flag.raw_start < 0 or flag.kind not in CLAUSE_FLAGS:
            continue
        for index, (piece_start, piece) in enumerate(zip(starts, pieces)):
            lo, hi = tracked.raw_span(piece_start, piece_start + len(piece))
            # Spam was cut out, so it may sit right at a piece's edge.
            inside = (lo <= flag.raw_start < hi if flag.kind != "spam"
                      else lo <= flag.raw_end and flag.raw_start <= hi)
            if inside:
                at = _offset_of(tracked, piece_start, len(piece), flag)
                base = sum(len(p) + 1 for p in pieces[:index])
                width = 0 if flag.kind == "spam" else _flag_width(piece, at, flag)
                out.append(Flag(flag.kind, flag.detail, base + at, base + at + width,
                                flag.raw_start, flag.raw_end))
                break
    return tuple(out)


def _offset_of(tracked, start: int, length: int, flag: Flag) -> int:
    """Where in a piece the flag's raw span begins (or, for cut spam, ends)."""
    target = flag.raw_end if flag.kind == "spam" else flag.raw_start
    for i in range(length):
        if tracked.origin[start + i] >= target:
            return i
    return length


def _flag_width(piece: str, at: int, flag: Flag) -> int:
    repaired = flag.detail.rpartition(" → ")[2] if "→" in flag.detail else flag.detail
    repaired = normalise_text(repaired)  # repairs happen before t2s
    return len(repaired) if piece[at:at + len(repaired)] == repaired else 1


def split_heading(rest: str, kind: str) -> tuple[str, str]:
    """（一）合理配置流量资源。鼓励… → heading 合理配置流量资源, text 鼓励…"""
    if kind == "条":
        return "", rest
    if "。" not in rest and len(rest) <= HEAD_LINE_MAX and "；" not in rest:
        return rest.rstrip("：:"), ""
    head, dot, tail = rest.partition("。")
    if len(head) <= INLINE_HEADING_MAX and dot:
        return head, tail.strip()
    return "", rest


def is_fragment(previous: str, text: str) -> bool:
    """间、保护新生动能。 after …留足发展空间。: a short piece that repeats the
    last character of the paragraph above, or opens with punctuation."""
    if len(text) > FRAGMENT_MAX or find_label(text):
        return False
    if re.match(r"^[、，；：）》”]", text):
        return True
    return len(previous) >= 2 and previous[-1] in "。；" and previous[-2] == text[0]


#: Where a units bracket goes on to other fields: （责任单位：A、B；完成时限：…）.
_AFTER_UNITS = re.compile(r"[；;，,]\s*(完成时限|时限|完成时间|进度安排)[:：]")


def units_of(match: re.Match) -> list[str]:
    listed = match.group("list")
    listed = listed if listed is not None else match.group("duty") or ""
    return split_units(_AFTER_UNITS.split(listed)[0])


def deadline_of(text: str) -> str | None:
    match = DEADLINE.search(text or "")
    return match.group(0) if match else None
