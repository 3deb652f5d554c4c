"""A task's deadline as written (2024年12月底前, 长期坚持, 每年) read as a date.

Plans state deadlines in a handful of forms (the 完成时限 column of a 任务分工
table, or a bracket after the task). Each reading gives the last day the text
allows, so a ledger sorted by it warns no later than the text does:

- 2024年12月31日前 → 2024-12-31; 2024年12月底前 / 2024年12月 → 2024-12-31;
- 2024年6月前 → 2024-05-31 (before June: the stricter reading; "by June" would
  be 06-30 — the text is kept beside the date for the reader to judge);
- 2024年上半年 → 2024-06-30, 下半年 / 年底 / 年末 / 2024年 → 2024-12-31;
- 2025年前 → 2024-12-31;
- 长期坚持 / 持续推进 / 长期 → ongoing, 每年 / 每季度 / 每月 → recurring (no date);
- anything else with a deadline → unparsed, shown as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(底|末|份)?(前|以前|之前)?")
_HALF = re.compile(r"(\d{4})年(上半年|下半年|年?底|年?末)")
_YEAR = re.compile(r"(\d{4})年(前|以前|之前)?")
_ONGOING_WORDS = r"长期坚持|持续推进|长期|持续开展|常态化"
_RECURRING_WORDS = r"每年|每季度|每半年|每月|每周|年度"
ONGOING = re.compile(_ONGOING_WORDS)
RECURRING = re.compile(_RECURRING_WORDS)


@dataclass(frozen=True)
class Due:
    """A deadline read: the text, the last day it allows (ISO), and its kind:
    "date", "ongoing", "recurring", "unparsed" or "none"."""

    text: str | None
    date: str | None
    kind: str


def read_deadline(text: str | None) -> Due:
    """The deadline ``text`` as a date, when the text gives one."""
    if not text or not text.strip():
        return Due(None, None, "none")
    if found := _FULL.search(text):
        return _due(text, int(found[1]), int(found[2]), int(found[3]))
    if found := _MONTH.search(text):
        year, month = int(found[1]), int(found[2])
        if found[4] and not found[3]:   # 6月前: before June begins
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return _due(text, year, month, None)
    if found := _HALF.search(text):
        return _due(text, int(found[1]), 6 if found[2] == "上半年" else 12, None)
    if found := _YEAR.search(text):
        year = int(found[1]) - (1 if found[2] else 0)
        return _due(text, year, 12, None)
    if ONGOING.search(text):
        return Due(text, None, "ongoing")
    if RECURRING.search(text):
        return Due(text, None, "recurring")
    return Due(text, None, "unparsed")


def _due(text: str, year: int, month: int, day: int | None) -> Due:
    if not 1 <= month <= 12:
        return Due(text, None, "unparsed")
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        return Due(text, None, "unparsed")
    return Due(text, f"{year:04d}-{month:02d}-{day or last:02d}", "date")


#: A deadline the parse stage does not store (it keeps dates and 完成时限):
#: an ongoing or recurring one in the task's closing bracket, （长期坚持）.
_BRACKETED = re.compile(rf"[（(]\s*(?:完成时限[:：]\s*)?({_ONGOING_WORDS}|{_RECURRING_WORDS})"
                        r"[^（）()]{0,10}[）)]")


def find_deadline(stored: str | None, text: str) -> str | None:
    """The deadline of a task: the one stored at ingest, or an ongoing or
    recurring one its text states in a bracket."""
    if stored:
        return stored
    found = _BRACKETED.search(text or "")
    return found[1] if found else None
