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


_ALSO_NAMED = re.compile(r"^(?P<name>[^\[［（(【]+)[\[［（(【](?P<other>[^\]］）)】]+)[\]］）)】]$")


def unit_names(unit: str) -> tuple[str, ...]:
    """The names a listed unit answers to: 市工科局[市商务局] is the 工科局
    carrying the 商务局's name (one office under two plates, 一个机构两块牌子),
    so a ledger asked for 市商务局 lists its tasks. 各县[市、区]人民政府 is
    one name: what the bracket holds there completes it, it is no second
    office (it does not name a 局/委/办/厅/部/中心)."""
    found = _ALSO_NAMED.match(unit.strip())
    if found and re.search(r"(局|委|办|厅|部|中心|室|会|所|院|行)$", found["other"]):
        return (unit.strip(), found["name"].strip(), found["other"].strip())
    return (unit.strip(),)


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
