"""Joining lines that PDF extraction or fixed-width wrapping broke.

A line is joined to the next non-blank line when the sentence plainly goes
on: the line does not end a sentence, the next line does not open a new
outline item, signature or date, and either the line runs to the wrap width
of the document, or is long, or the next line starts with punctuation that
cannot open a paragraph. Headings and titles (short, no full stop) are left
alone. Lines of an annex table (附件 with 指标 columns) keep their breaks:
the parse stage reads the table from them.
"""

from __future__ import annotations

import re
from collections import Counter

from .labels import ANNEX, ANNEX_LIST, find_label
from .lexicon import is_word
from .models import Flag, TrackedText
from .vocabulary import (
    CLOSING_HEADS,
    DATE_TEXT,
    DOC_NO_LINE,
    IMPRINT_TEXT,
    INTERPRETED_BY,
    TITLE_END,
)

_TERMINAL = re.compile(r"[。！？；：:…](?:[”’」』）)》]*)$")
_CONTINUES = re.compile(r"^[，、。；：！？）》”’」』,.;:)\]】〕]")
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’《》—…]")
_DATE_LINE = re.compile(rf"^{DATE_TEXT}(?:\s|$)")
# Lines that stand alone even when the line above does not end a sentence.
# Each needs its own punctuation, so a wrapped line that merely begins with
# 印发 or 附件 mid-sentence is not taken for one.
_STANDALONE = re.compile(rf"^(（此件.{{0,12}}）$|(?:{CLOSING_HEADS})[:：\s]|附件\s*\d*\s*$|附件[:：]"
                         rf"|<!--|#|{INTERPRETED_BY}|{IMPRINT_TEXT})")
_TABLE_HEADER = re.compile(r"指标|编号|评分|分值|序号")
# Padding around a line; not tabs, which stand for the cells of a table row.
_PAD = " \u3000\u00a0\u2002\u2003\r\f\v"
#: A line at least this wide (in half-width columns) is long enough to have
#: been broken mid-sentence even where the document has no fixed width.
LONG_LINE = 40


def display_width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


def wrap_width(lines: list[str]) -> int | None:
    """The fixed width a document was wrapped at, if it was.

    Lines broken by wrapping end mid-sentence at about the same width; so
    among lines at least 16 columns wide that do not end a sentence, the
    most common width band (four columns, for punctuation and indents) must
    hold at least eight lines and two fifths of them.
    """
    widths = [display_width(line) for line in lines
              if display_width(line) >= 16 and not _TERMINAL.search(line)]
    if len(widths) < 8:
        return None
    counts = Counter(widths)
    best, best_count = None, 0
    for width in counts:
        count = sum(counts.get(width - k, 0) for k in range(5))
        if count > best_count or (count == best_count and best and width > best):
            best, best_count = width, count
    if best_count < max(8, len(widths) * 2 // 5):
        return None
    return best


def is_structural(line: str) -> bool:
    """Does ``line`` open something new: an outline item, a date, a signature?"""
    return bool(find_label(line) or _DATE_LINE.match(line) or DOC_NO_LINE.match(line)
                or _STANDALONE.match(line) or ANNEX.match(line))


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    if "。" in line or display_width(line) > 80:
        return False
    return bool(find_label(line)) or bool(TITLE_END.search(line))


def _should_join(line: str, following: str, width: int | None, after: str = "") -> bool:
    """Does ``following`` continue ``line``? ``after`` is the line after it:
    a line just above a date is a signature and never continues anything."""
    if following.startswith("#") or line.startswith(("#", "<!--")):
        return False
    if "\t" in line or "\t" in following:
        return False   # a table row (cells by tab) is a line of its own
    if _CONTINUES.match(following):
        return True  # 、 cannot open a paragraph
    if is_structural(following):
        return False
    if line.count("（") + line.count("(") > line.count("）") + line.count(")"):
        return True  # （责任单位： goes on below
    if _DATE_LINE.match(after) and len(following) <= 40:
        return False
    # A paragraph's first line is indented two characters (GB/T 9704-2012
    # §5.2.1), so a full line may be four columns short of the width, and
    # two more where a half-width label (1.) opens it.
    full = width is not None and display_width(line) >= width - 6
    if _TERMINAL.search(line):
        # A sentence that ends exactly at the wrap width may go on below;
        # a line ending in ： opens a list or addresses someone, it stays.
        return full and line[-1] in "。；" and not find_label(following)
    if width is not None:
        return full  # a short line in fixed-width text ends its paragraph
    return not _is_heading(line) and display_width(line) >= LONG_LINE


def _next_nonblank(lines: list[str]) -> list[str]:
    """For each line, the next non-blank line after it ('' at the end)."""
    out, upcoming = [""] * len(lines), ""
    for i in range(len(lines) - 1, -1, -1):
        out[i] = upcoming
        if lines[i]:
            upcoming = lines[i]
    return out


def _repeated_across_break(line: str, following: str) -> bool:
    """建立健全 / 全电子商务: the same character ends one line and opens the next,
    the first copy closes a word, the second opens none, and without it the
    next line opens a word (so 主任由市 / 市场监管局 is left alone)."""
    char = following[0]
    return (len(line) >= 2 and len(following) >= 3 and line[-1] == char
            and "\u4e00" <= char <= "\u9fff" and not is_word(char * 2)
            and is_word(line[-2:]) and not is_word(following[:2]) and is_word(following[1:3]))


def _table_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside annex tables, which keep their breaks."""
    inside, table = set(), False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if ANNEX.match(stripped) or ANNEX_LIST.match(stripped):
            window = " ".join(lines[i + 1:i + 12])
            table = bool(ANNEX.match(stripped)) and len(_TABLE_HEADER.findall(window)) >= 2
        elif stripped.startswith("抄送"):
            table = False
        if table:
            inside.add(i)
    return inside


def join_wrapped_lines(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """One paragraph per line, blank lines and line-edge spaces gone.

    Where a page break repeats a character (建立健全 / 全电子商务) and the
    doubled pair is no word, the second copy is dropped and flagged.
    """
    text = tt.text
    starts, lines = [], []
    pos = 0
    for line in text.split("\n"):
        starts.append(pos)
        lines.append(line)
        pos += len(line) + 1
    stripped = [line.strip(_PAD) for line in lines]
    table = _table_lines(stripped)
    width = wrap_width([s for i, s in enumerate(stripped) if s and i not in table])
    edits: list[tuple[int, int, str]] = []
    flags: list[Flag] = []
    previous: int | None = None     # index of the last non-blank line
    following = _next_nonblank(stripped)
    for i, line in enumerate(lines):
        content = stripped[i]
        lead = len(line) - len(line.lstrip(_PAD))
        if not content:
            continue
        if previous is None:
            edits.append((0, starts[i] + lead, ""))
        else:
            prev_line = stripped[previous]
            gap_start = starts[previous] + len(lines[previous].rstrip(_PAD))
            gap_end = starts[i] + lead
            join = (previous not in table and i not in table
                    and _should_join(prev_line, content, width, following[i]))
            if join and _repeated_across_break(prev_line, content):
                flags.append(Flag("page_break_duplicate", content[0], -1, -1,
                                  *tt.raw_span(gap_end, gap_end + 1)))
                gap_end += 1
            edits.append((gap_start, gap_end, "" if join else "\n"))
        previous = i
    if previous is not None:
        end = starts[previous] + len(lines[previous].rstrip(_PAD))
        edits.append((end, len(text), ""))
    return tt.edit([e for e in edits if e[0] < e[1] or e[2]]), flags
