"""Outline labels of Chinese official documents, and their numbers.

GB/T 9704-2012 (党政机关公文格式) §7.3.3 fixes the order of levels in a
policy document: 一、 then （一） then 1. then （1）; ① often follows. Laws
and regulations number 第X编 / 第X章 / 第X节 / 第X条 instead. These
patterns are shared by the wrap-joining step (a label starts a paragraph)
and the parse stage (a label opens an outline node).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零〇一二三四五六七八九十百千两"

#: (kind, rank, pattern). Lower rank is higher in the outline.
POLICY_LABELS = (
    ("cn", 1, re.compile(rf"^([{_CN}]{{1,4}})、")),
    ("paren_cn", 2, re.compile(rf"^（([{_CN}]{{1,4}})）")),
    ("arabic", 3, re.compile(r"^(\d{1,2})(?:[.．](?!\d)|、)")),
    ("paren_arabic", 4, re.compile(r"^（(\d{1,2})）")),
    ("circled", 5, re.compile(r"^([\u2460-\u2473])")),
)
LAW_LABEL = re.compile(rf"^第([{_CN}\d]+)(编|分编|章|节|条)(之[{_CN}]+)?(?=[\s　]|$)")
LAW_RANKS = {"编": 1, "分编": 2, "章": 3, "节": 4, "条": 5}
#: An article named in running text (慈善法第二十四条, 第十条之一, 第24条), and
#: the articles listed after it: 、第二十五条 / 或者第二十八条 / 至第二十一条 (a
#: range), past the 款 and 项 of the one before (第十二条第三款、第十三条).
ARTICLE_CITED = re.compile(rf"第([{_CN}\d]{{1,6}})条(之[{_CN}]{{1,3}})?")
ARTICLE_NEXT = re.compile(rf"(?:第[{_CN}\d]{{1,4}}[款项目]|[（(][{_CN}\d]{{1,3}}[）)])*"
                          rf"(、|和|及|以及|或者|或|至|到)第([{_CN}\d]{{1,6}})条(之[{_CN}]{{1,3}})?")
BULLET = re.compile(r"^——+")
ANNEX = re.compile(r"^附件\s*(\d{1,2})?\s*$")
ANNEX_LIST = re.compile(r"^附件\s*[:：]")


@dataclass(frozen=True)
class Label:
    """A label found at the start of a paragraph."""

    kind: str      # cn, paren_cn, arabic, paren_arabic, circled, 编/章/节/条, bullet
    rank: int
    printed: str   # as printed, e.g. "（十七）", "7.", "第三条"
    number: int | None
    rest: str      # the paragraph after the label


def find_label(text: str) -> Label | None:
    """The outline label that opens ``text``, if any."""
    match = LAW_LABEL.match(text)
    if match:
        unit = match.group(2)
        printed = match.group(0)
        number = cn_number(match.group(1))
        return Label(unit, LAW_RANKS[unit], printed, number, text[match.end():].strip())
    for kind, rank, pattern in POLICY_LABELS:
        match = pattern.match(text)
        if match:
            token = match.group(1)
            number = (ord(token) - 0x245F if kind == "circled"
                      else int(token) if token.isdigit() else cn_number(token))
            return Label(kind, rank, match.group(0), number, text[match.end():].lstrip())
    match = BULLET.match(text)
    if match:
        return Label("bullet", 9, "——", None, text[match.end():])
    return None


def annex_table_row(path) -> bool:
    """Whether a clause path is a numbered row of an annex's table (附件2 ›
    规范监管（25分） › 完善监管（15分） › 11): under an annex, with parts between
    that are table cells, not outline labels. An annex written as an outline
    (附件1 一、（三）1.) is not one."""
    middle = list(path[1:-1])
    return (len(path) > 2 and bool(ANNEX.match(path[0])) and re.fullmatch(r"\d+[.．、]?", path[-1])
            is not None and any(find_label(part) is None for part in middle))


def cn_number(token: str) -> int | None:
    """一 → 1, 十七 → 17, 二十二 → 22, 一百零五 → 105; digits pass through."""
    if token.isdigit():
        return int(token)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    values.update({"〇": 0, "两": 2})
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for char in token:
        if char in values:
            current = values[char]
        elif char in units:
            total += (current or 1) * units[char]
            current = 0
        else:
            return None
    return total + current


def cn_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五: the inverse of
    :func:`cn_number`, as outline labels print numbers (below 1,000)."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    if not rest:
        return digits[hundreds] + "百"
    return digits[hundreds] + "百" + ("零" + digits[rest] if rest < 10
                                       else ("一" if rest < 20 else "") + cn_numeral(rest))


def clause_kind(label_kind: str) -> str:
    """What a clause under a label of this kind is: article, chapter, item …"""
    return {"条": "article", "章": "chapter", "节": "section", "编": "part", "分编": "part",
            "bullet": "principle"}.get(label_kind, "item")


def clause_key(kind: str, number: int | None, ordinal: int, printed: str) -> str:
    """The part of a clause id a label gives: a3 (第三条), ch2, 3 (（三）), b1."""
    if kind == "bullet" or number is None:
        return f"b{ordinal}"
    prefix = {"条": "a", "章": "ch", "节": "s", "编": "p", "分编": "sp"}.get(kind, "")
    suffix = ""
    if kind == "条" and "之" in printed:
        suffix = "-" + printed.split("之", 1)[1].strip()
    return f"{prefix}{number}{suffix}"
