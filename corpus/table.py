"""Rows of a scoring table that PDF extraction flattened into lines.

The 评估指标体系 annex of ../shared/seeds/004_… reads, cell after cell:
一级指标 (促进\\n发展\\n（20\\n分）), 二级指标, 编号, 变量性质 (定量, 定性,
定量+定性 broken over lines), 三级指标 ending （N 分）, the scoring rule, 方式：
and 数据或资料来源：, then the responsible units. Rows are found by their
numbers counting up from 1, which a stray digit in a cell cannot fake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Paragraph
from .units import split_units

_HEADER_WORDS = re.compile(r"指标|编号|编|号|变量|性质|评估|责任单位|打分|资料来源|说明")
_ROW_START = re.compile(r"^(\d{1,3})(?:\s*((?:定[量性])(?:\+定[量性])?)?)?$")
_NATURE_BIT = re.compile(r"^[+＋]?定?[量性]?$|^定[量性]$")
_SCORE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]")
_GROUP = re.compile(r"([\u4e00-\u9fff]{2,8})（(\d+)分）")


@dataclass(frozen=True)
class Row:
    label: str
    heading: str
    nature: str
    groups: tuple[str, ...]
    pieces: tuple[Paragraph, ...]
    units: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    notes: tuple[Paragraph, ...]


def is_table_start(text: str) -> bool:
    """一级 / 指标 …: the first cells of a flattened table header."""
    return text in ("一级", "一级指标", "序号", "编号") or text.startswith("一级指标")


def parse_table(lines: list[Paragraph]) -> Table:
    """Rows (numbered 1, 2, …) and trailing notes of a flattened table."""
    starts, expected = [], 1
    for i, line in enumerate(lines):
        match = _ROW_START.match(line.text)
        if match and int(match.group(1)) == expected:
            starts.append(i)
            expected += 1
    if not starts:
        return Table((), tuple(lines))
    rows, groups = [], ["", ""]
    notes: list[Paragraph] = []
    _update_groups(groups, lines[:starts[0]])
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = lines[start:end]
        chunk, tail = _split_trailing_groups(chunk)
        row, extra = _row(chunk, tuple(g for g in groups if g))
        rows.append(row)
        notes.extend(extra)
        _update_groups(groups, tail)
    return Table(tuple(rows), tuple(notes))


#: Group cells sit in narrow columns: a line of theirs holds three characters
#: at most (促进 / 发展 / （20 / 分）), fewer than any unit name's line.
GROUP_LINE_MAX = 3


def _update_groups(groups: list[str], lines: list[Paragraph]) -> None:
    tail = []
    for para in reversed(lines):
        if len(para.text.replace(" ", "")) > GROUP_LINE_MAX:
            break
        tail.insert(0, para.text)
    found = _GROUP.findall("".join(tail).replace(" ", ""))
    if len(found) >= 2:
        groups[0], groups[1] = (f"{n}（{s}分）" for n, s in found[-2:])
    elif len(found) == 1:
        groups[1] = "{}（{}分）".format(*found[0])


def _split_trailing_groups(chunk: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Group cells (发展\\n规模\\n（10\\n分）) that close a row's lines."""
    best = len(chunk)
    for cut in range(len(chunk) - 1, 0, -1):
        if len(chunk[cut].text.replace(" ", "")) > GROUP_LINE_MAX:
            break
        tail = "".join(p.text for p in chunk[cut:]).replace(" ", "")
        if re.fullmatch(r"(?:[\u4e00-\u9fff]{2,8}（\d+分）){1,2}", tail):
            best = cut
    return chunk[:best], chunk[best:]


def _row(chunk: list[Paragraph], groups: tuple[str, ...]) -> tuple[Row, list[Paragraph]]:
    first = _ROW_START.match(chunk[0].text)
    nature = first.group(2) or ""
    i = 1
    while i < len(chunk) and len(chunk[i].text) <= 4 and _NATURE_BIT.match(chunk[i].text):
        nature += chunk[i].text
        i += 1
    heading_parts = []
    while i < len(chunk):
        heading_parts.append(chunk[i].text)
        i += 1
        if _SCORE.search("".join(heading_parts)):
            break
    heading = _SCORE.sub("", "".join(heading_parts)).rstrip("。 ")
    score = _SCORE.search("".join(heading_parts))
    body, units, notes = [], [], []
    sources = False
    for para in chunk[i:]:
        text = para.text
        if text.startswith("数据或资料来源"):
            sources = True
        if sources and units and text.endswith("。") and len(text) > 15:
            notes.append(para)
        elif sources and not units and (text.endswith(("。", "；", "：", ":"))
                                        or text.startswith("数据或资料来源")
                                        or re.match(r"^\d+[.．]", text)):
            body.append(para)
        elif sources:
            units.append(para)
        else:
            body.append(para)
    pieces = _merge_cells(body)
    summary = f"变量性质：{nature}" + (f"；分值：{score.group(0).strip('（）() ')}" if score else "") + "。"
    head = Paragraph(summary, chunk[0].start, chunk[0].end)
    unit_text = "".join(p.text for p in units)
    unit_list = tuple(split_units(unit_text))
    return Row(first.group(1), heading, nature, groups, (head, *pieces), unit_list,
               tuple(chunk)), notes


def _merge_cells(lines: list[Paragraph]) -> list[Paragraph]:
    """Lines of one cell joined: a line ends its piece only on 。；： or 分）."""
    merged: list[Paragraph] = []
    current: Paragraph | None = None
    for line in lines:
        if current is None:
            current = line
        else:
            current = Paragraph(current.text + line.text, current.start, line.end)
        if re.search(r"[。；：:]$|分[）)]$", current.text):
            merged.append(current)
            current = None
    if current is not None:
        merged.append(current)
    return merged
