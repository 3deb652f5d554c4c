"""Responsible units (责任单位): one list of unit names from a printed note.

（责任单位：市发改局、市工科局[市商务局]，各镇[街道]） and
（省市场监管局、省委网信办等省网络市场监管厅际联席会议成员单位按职责分工负责）
both name units separated by 、，； — but never inside brackets, where
各县[市、区]人民政府 is one unit — and 等 joins a list to the group it belongs to.
"""

from __future__ import annotations

import re

_SEPARATORS = "、，,；;"
_OPEN, _CLOSE = "[［（(【", "]］）)】"
_GROUP = re.compile(r"等.{2,}(单位|部门|成员)$")


def split_units(text: str) -> list[str]:
    """The unit names in ``text``, in order."""
    out = []
    for part in _split_outside_brackets(text):
        part = part.strip()
        if _GROUP.search(part):
            head, _, group = part.rpartition("等")
            out.extend(x for x in (head.strip(), group.strip()) if x)
        elif part:
            out.append(part)
    return out


def _split_outside_brackets(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and char in _SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
