"""The task ledger (任务台账) and the exports: deadlines read as dates, unit
name variants, the samples' tasks by unit with the clause each implements,
and the same data as a workbook and a CSV file from the page and the CLI."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from corpus import Store, ingest_paths
from corpus.units import unit_names
from indexer import BadRequest, NotFound
from indexer.ledger import read_deadline, task_ledger
from webapp.cli import main


@pytest.mark.parametrize("text, date, kind", [
    ("2024年12月底前", "2024-12-31", "date"),
    ("2024年12月31日前", "2024-12-31", "date"),
    ("2025年2月底前", "2025-02-28", "date"),
    ("2024年6月前", "2024-05-31", "date"),       # before June begins: the stricter reading
    ("2024年1月前", "2023-12-31", "date"),
    ("完成时限：2024年11月", "2024-11-30", "date"),
    ("2025年上半年", "2025-06-30", "date"),
    ("2024年底前", "2024-12-31", "date"),
    ("2025年前", "2024-12-31", "date"),
    ("长期坚持", None, "ongoing"),
    ("每年", None, "recurring"),
    ("完成时限：按省里要求", None, "unparsed"),
    ("2024年2月30日前", None, "unparsed"),      # no such day: shown as written, not guessed
    (None, None, "none"),
])
def test_deadlines_read_as_the_last_day_they_allow(text, date, kind):
    due = read_deadline(text)
    assert (due.date, due.kind, due.text) == (date, kind, text)


@pytest.mark.parametrize("unit, names", [
    ("市工科局[市商务局]", ("市工科局[市商务局]", "市工科局", "市商务局")),
    ("市委宣传部（市新闻出版局）", ("市委宣传部（市新闻出版局）", "市委宣传部", "市新闻出版局")),
    ("各县[市、区]人民政府", ("各县[市、区]人民政府",)),   # one name, no second office
    ("各镇[街道]", ("各镇[街道]",)),
    ("市商务局", ("市商务局",)),
])
def test_a_unit_answers_to_each_of_its_plates(unit, names):
    assert unit_names(unit) == names


def test_the_samples_ledger_by_unit_with_the_parent_clause(store):
    every = task_ledger(store, today="2025-01-15")
    assert every["total"] == 104
    assert dict(every["facets"]["level"]) == {"provincial": 20, "city": 22, "county": 62}
    # 永济 writes 市工科局[市商务局]: asked for 市商务局, its tasks are listed.
    yongji = task_ledger(store, unit="市商务局", region="永济市")
    assert yongji["total"] == 19
    assert all(t["regions"][-1] == "永济市" for t in yongji["tasks"])
    first = yongji["tasks"][0]
    assert first["label"] == "1." and first["lead"] == "市发改局"
    assert "市工科局[市商务局]" in first["co_units"]
    assert first["parent"]["title"].startswith("运城市创建全国网络市场监管与服务示范区")
    assert first["parent"]["label"] == "1."
    # 市工科局 also leads tasks under its own name alone.
    assert task_ledger(store, unit="市工科局", region="永济市")["total"] == 20
    # Region: a city's ledger holds its counties' tasks too.
    assert task_ledger(store, region="运城市")["total"] == 84


@pytest.mark.parametrize("filters, error", [
    ({"level": "区级"}, BadRequest), ({"due": "soon"}, BadRequest), ({"doc": "nope"}, NotFound),
    ({"today": "2024-13-01"}, BadRequest),
])
def test_a_filter_it_cannot_use_is_named(store, filters, error):
    with pytest.raises(error) as raised:
        task_ledger(store, **filters)
    assert next(iter(filters.values())) in raised.value.message


PLAN = """关于印发某县优化营商环境重点任务清单的通知
某县人民政府办公室
2024年3月1日
一、重点任务
（一）推行企业开办一网通办。实现企业开办全流程网上办理。（责任单位：县市场监管局、县政务服务中心；完成时限：2024年6月底前）
（二）压减工程建设项目审批时间。（责任单位：县住建局、县自然资源局；完成时限：2024年3月底前）
（三）开展营商环境评价。（责任单位：县发改局；完成时限：每年）
（四）持续优化政务服务。（责任单位：县政务服务中心；完成时限：长期坚持）
（五）加强宣传引导。定期发布营商环境典型案例（长期坚持）。（责任单位：县委宣传部）
"""


@pytest.fixture()
def plan_store(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    with Store(tmp_path / "home") as store:
        ingest_paths([path], store)
        yield store


def test_tasks_sorted_by_deadline_with_their_status(plan_store):
    ledger = task_ledger(plan_store, today="2024-06-10")
    rows = [(t["heading"][:6], t["due"]["date"], t["due"]["kind"], t["due"]["status"])
            for t in ledger["tasks"]]
    assert rows == [("压减工程建设", "2024-03-31", "date", "overdue"),
                    ("推行企业开办", "2024-06-30", "date", "soon"),
                    ("开展营商环境", None, "recurring", None),
                    ("持续优化政务", None, "ongoing", None),
                    ("加强宣传引导", None, "ongoing", None)]
    assert ledger["tasks"][1]["units"] == ["县市场监管局", "县政务服务中心"]   # not the 时限
    assert [t["lead"] for t in task_ledger(plan_store, due="overdue", today="2024-06-10")["tasks"]] \
        == ["县住建局"]
    assert task_ledger(plan_store, due="30d", today="2024-06-10")["total"] == 2
    assert task_ledger(plan_store, due="undated", today="2024-06-10")["total"] == 3


def test_the_ledger_page_and_its_downloads(client):
    page = client.get("/ledger?unit=市商务局&region=永济市")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "共 19 项任务" in html and "市工科局[市商务局]" in html
    book = client.get("/ledger/export?format=xlsx&unit=市商务局&region=永济市")
    assert book.status_code == 200
    assert "filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%8F%B0%E8%B4%A6" in book.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(book.data))["任务台账"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:4] == ["序号", "牵头单位", "配合单位", "任务"]
    assert sheet.max_row == 20 and sheet["B2"].value == "市发改局"
    assert sheet.column_dimensions["K"].width >= 40
    table = client.get("/ledger/export?format=csv&unit=市商务局&region=永济市")
    assert table.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"))))
    assert len(rows) == 20 and rows[1][1] == "市发改局"
    bad = client.get("/ledger?level=区级")
    assert bad.status_code == 400 and "层级只能是" in bad.get_data(as_text=True)


def test_search_coverage_and_lineage_download_as_workbooks(client):
    found = openpyxl.load_workbook(io.BytesIO(
        client.get("/search/export?q=流量券&format=xlsx&limit=100").data))["检索结果"]
    assert found.max_row >= 3 and found["C2"].value
    coverage = openpyxl.load_workbook(io.BytesIO(client.get("/coverage/15779248e7/export").data))
    assert coverage.sheetnames == ["落实情况", "汇总"]
    summary = [[c.value for c in row] for row in coverage["汇总"].iter_rows(min_row=2)]
    assert summary[0][4:6] == [32, 34]
    matrix = [[c.value for c in row] for row in coverage["落实情况"].iter_rows(min_row=2)]
    assert sum(row[2] == "未见落实" for row in matrix) == 2
    book = openpyxl.load_workbook(io.BytesIO(
        client.get("/clauses/95e5176c38-3.1.2/lineage/export").data))
    assert any(row[10].value == "15779248e7-3.1.2" for row in book["条款沿革"].iter_rows(min_row=2))
    evidence = [[c.value for c in row] for row in book["关联依据"].iter_rows(min_row=2)]
    assert [row[0] for row in evidence] == ["直接上级"] and evidence[0][6] == "15779248e7-3.1.2"
    assert evidence[0][5].startswith("原文相同") and "对齐片段" in evidence[0][5]
    assert client.get("/search/export?format=xlsx").status_code == 400   # nothing searched
    assert client.get("/ledger/export?format=pdf").status_code == 400


def test_the_ledger_command_and_exports(runner, tmp_path):
    assert runner.invoke(main, ["ingest"]).exit_code == 0
    text = runner.invoke(main, ["ledger", "--unit", "市商务局", "--region", "永济市"]).output
    assert text.startswith("任务台账：19 项") and "牵头：市发改局" in text
    out = tmp_path / "台账.xlsx"
    done = runner.invoke(main, ["ledger", "--unit", "市商务局", "--format", "xlsx", "-o", str(out)])
    assert done.exit_code == 0 and "已导出" in done.stderr
    assert openpyxl.load_workbook(out)["任务台账"].max_row > 1
    found = json.loads(runner.invoke(main, ["ledger", "--json", "--level", "省级"]).output)
    assert found["total"] == 20
    bad = runner.invoke(main, ["ledger", "--level", "区级"])
    assert bad.exit_code == 1 and "层级只能是" in bad.output
    coverage = tmp_path / "cov.csv"
    assert runner.invoke(main, ["coverage", "15779248e7", "--format", "csv", "-o",
                                str(coverage)]).exit_code == 0
    assert coverage.read_text(encoding="utf-8-sig").startswith("条款,标题,")


def test_check_exit_status_says_whether_the_draft_has_something_to_fix(runner, tmp_path):
    assert runner.invoke(main, ["ingest"]).exit_code == 0
    altered = tmp_path / "altered.txt"
    altered.write_text("要“推动平台流量扶农经常化”。", encoding="utf-8")
    exact = tmp_path / "exact.txt"
    exact.write_text("要“推动平台流量扶农常态化”。", encoding="utf-8")
    assert runner.invoke(main, ["check", str(altered)]).exit_code == 3
    assert runner.invoke(main, ["check", str(altered), "--json"]).exit_code == 3
    assert runner.invoke(main, ["check", str(exact)]).exit_code == 0
