"""Tables for Excel: the ledger, search results, a coverage matrix and a
clause's lineage as .xlsx and .csv, made from the same data dict the page
and the JSON answer show (one table builder per view, one writer per format).

Staff keep their 台账 in Excel and paste search results into reports: a
workbook has a header row, columns wide enough to read, the header frozen,
one sheet per table. A .csv holds the first table, in UTF-8 with a byte
order mark (Excel reads a BOM-less UTF-8 file as the local code page and
shows 乱码).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from corpus.vocabulary import level_name
from indexer.lineage import LINK_METHODS, describe_evidence


@dataclass(frozen=True)
class Column:
    header: str
    width: int            # in Excel character units (a CJK character is two)


@dataclass(frozen=True)
class Table:
    name: str             # the sheet's name (at most 31 characters)
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]


def _xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([c.header for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(["" if v is None else v for v in row])
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    table = tables[0]
    writer.writerow([c.header for c in table.columns])
    writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Format:
    write: Callable[[list[Table]], bytes]
    mimetype: str


#: The export formats, by the name a user asks for (--format, ?format=).
FORMATS = {
    "xlsx": Format(_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": Format(_csv, "text/csv"),   # send_file adds charset=utf-8
}


def export(tables: list[Table], fmt: str) -> bytes:
    return FORMATS[fmt].write(tables)


def _place(item: dict) -> str:
    return "".join(item.get("path") or []) or item.get("label") or ""


STATUS = {"overdue": "已逾期", "soon": "30天内到期", "later": "未到期"}


def ledger_tables(ledger: dict) -> list[Table]:
    columns = (Column("序号", 6), Column("牵头单位", 22), Column("配合单位", 36),
               Column("任务", 30), Column("完成时限（原文）", 18), Column("期限", 12),
               Column("状态", 10), Column("文件", 40), Column("文号", 22), Column("条款", 10),
               Column("落实的上级条款", 44), Column("层级", 6), Column("地区", 12),
               Column("条款编号", 22))
    rows = []
    for n, t in enumerate(ledger["tasks"], start=1):
        parent = t["parent"]
        rows.append((n, t["lead"], "、".join(t["co_units"]), t["heading"] or t["text"][:60],
                     t["due"]["text"], t["due"]["date"], STATUS.get(t["due"]["status"], ""), t["title"],
                     t["doc_no"], _place(t),
                     f"{parent['title']} {_place(parent)} {parent['heading']}".strip()
                     if parent else "", level_name(t["level"]), t["region"], t["clause_id"]))
    return [Table("任务台账", columns, tuple(rows))]


def search_tables(result: dict) -> list[Table]:
    columns = (Column("序号", 6), Column("得分", 8), Column("文件", 40), Column("文号", 22),
               Column("层级", 6), Column("日期", 12), Column("条款", 12), Column("标题", 24),
               Column("摘录", 60), Column("条款编号", 22), Column("相同条文另见", 40))
    start = (result["page"] - 1) * result["limit"]
    rows = tuple((start + n, round(h["score"], 2), h["title"], h["doc_no"], level_name(h["level"]),
                  h["date"], "".join(h["path"]), h["heading"], h["snippet"], h["clause_id"],
                  "；".join(f"{s['title']} {''.join(s['path'])}（{s['clause_id']}）"
                           for s in h.get("same", ())))
                 for n, h in enumerate(result["hits"], start=1))
    return [Table("检索结果", columns, rows)]


def coverage_tables(coverage: dict) -> list[Table]:
    """The matrix (a parent clause a row, a child document a column: the
    child clauses implementing it, 未见落实, or — for a heading or a form) and
    a summary sheet, one row per child."""
    children = coverage["children"]
    columns = (Column("条款", 12), Column("标题", 28)) + tuple(
        Column((c["title"] or c["doc_id"])[:60], 24) for c in children)
    rows = []
    for row in coverage["clauses"]:
        cells = []
        for child in children:
            links = row["children"][child["doc_id"]]
            cells.append("—" if row["structural"] else
                         "、".join(link["clause_id"] for link in links) or "未见落实")
        rows.append((_place(row), row["heading"], *cells))
    summary = tuple((c["title"], c["doc_no"], level_name(c["level"]), c["date"], c["implemented"],
                     c["of"], len(c["missing"])) for c in children) + tuple(
        (u["title"], u["doc_no"], level_name(u["level"]), u["date"], "无条款级关联", None, None)
        for u in coverage["unlinked"])
    return [Table("落实情况", columns, tuple(rows)),
            Table("汇总", (Column("下级文件", 44), Column("文号", 22), Column("层级", 6),
                         Column("日期", 12), Column("已落实", 8), Column("应落实", 8),
                         Column("未见落实", 8)), summary)]


def lineage_tables(lineage: dict) -> list[Table]:
    columns = (Column("关系", 10), Column("层次", 6), Column("得分", 8), Column("方式", 8),
               Column("文件", 40), Column("文号", 22), Column("层级", 6), Column("日期", 12),
               Column("条款", 12), Column("标题", 28), Column("条款编号", 22))
    rows = []
    for key, name in (("ancestors", "上级"), ("descendants", "下级")):
        for item in lineage[key]:
            rows.append((name, item["depth"], round(item["score"], 2), LINK_METHODS.get(item["method"],
                         item["method"]), item["title"], item["doc_no"], level_name(item["level"]),
                         item["date"], _place(item), item["heading"], item["clause_id"]))
    # The direct links, each with its evidence as the page and the CLI give it.
    evidence = tuple(
        (name, round(item["score"], 2), LINK_METHODS.get(item["method"], item["method"]),
         item["title"], _place(item), "；".join(describe_evidence(item)), item["clause_id"])
        for key, name in (("parents", "直接上级"), ("children", "直接下级")) for item in lineage[key])
    return [Table("条款沿革", columns, tuple(rows)),
            Table("关联依据", (Column("关系", 10), Column("得分", 8), Column("方式", 10),
                           Column("文件", 40), Column("条款", 12), Column("依据", 90),
                           Column("条款编号", 22)), evidence)]

