"""The policykb command: every command, its JSON fields and its errors."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from corpus import Store, ingest_paths
from webapp.cli import main

DOCUMENT_FIELDS = {"id", "title", "doc_no", "issuer", "date", "level", "region", "parents",
                   "references", "flags"}
CLAUSE_FIELDS = {"id", "doc_id", "label", "path", "heading", "text", "responsible_units",
                 "deadline", "flags"}


def invoke(runner, *args):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result


def test_ingest_then_list(runner):
    result = invoke(runner, "ingest")
    assert result.exit_code == 0
    assert "新增 5；文件库现有 6 份文件" in result.output
    docs = json.loads(invoke(runner, "docs", "--json").output)
    assert len(docs) == 6
    assert all(DOCUMENT_FIELDS <= set(d) for d in docs)
    by_no = {d["doc_no"]: d for d in docs}
    national = by_no["国市监网监发〔2024〕96号"]
    provincial = by_no["晋市监发〔2024〕236号"]
    assert provincial["parents"] == [national["id"]]
    assert provincial["references"][0]["resolved"] == national["id"]
    notice = by_no["晋市市监办发〔2023〕63号"]
    assert notice["parents"] == [by_no["晋市监发〔2023〕216号"]["id"]]
    county = by_no["永政办发〔2023〕12号"]
    city = next(d for d in docs if d["doc_no"] is None)
    assert county["parents"] == [city["id"]]
    unresolved = [r["title"] for r in city["references"] if r["resolved"] is None]
    assert len(unresolved) == 2


def test_clauses_of_a_document(runner):
    invoke(runner, "ingest")
    docs = json.loads(invoke(runner, "docs", "--json").output)
    national = next(d for d in docs if d["level"] == "national")
    clauses = json.loads(invoke(runner, "clauses", "--doc", national["id"], "--json").output)
    assert len(clauses) == 28
    assert all(CLAUSE_FIELDS <= set(c) for c in clauses)
    assert clauses[-1]["label"] == "（十八）" and clauses[-1]["path"] == ["六、", "（十八）"]
    every = json.loads(invoke(runner, "clauses", "--json").output)
    assert len(every) == sum(d["clause_count"] for d in docs)


def test_show_prints_the_outline(runner):
    invoke(runner, "ingest")
    docs = json.loads(invoke(runner, "docs", "--json").output)
    city = next(d for d in docs if d["doc_no"] is None)
    out = invoke(runner, "show", city["id"]).output
    assert "发文机关：运城市人民政府办公室 [人工核定]" in out
    assert "层级：市级（据标题）" in out and "city" not in out
    # Flags in words, grouped, warnings ⚠ and notices ℹ apart, the clauses named.
    assert ("⚠ 疑似被篡改插入的垃圾广告内容，已从条文中剔除，原文保留（8 处）：澳门太阳城集团；"
            "见 前言 / 一、 / 二、（二） / 三、（二）7. / 三、（三）16.") in out
    assert "ℹ 正文中没有文号" in out and "no_doc_no" not in out and "spam:" not in out
    assert "    1. 加大政策扶持力度  15779248e7-3.1.1" in out   # the clause id to cite it by
    assert "印发通知 《运城市" in out and "cover" not in out


def test_errors_are_clear(runner, tmp_path):
    result = invoke(runner, "show", "nope")   # a read command on an empty home writes nothing
    assert result.exit_code == 1 and "还没有文件库；请先运行 policykb ingest" in result.output
    assert not (tmp_path / "cli-home").exists()
    invoke(runner, "ingest")
    assert "没有找到：文件 nope" in invoke(runner, "show", "nope").output
    result = invoke(runner, "clauses", "--doc", "nope")
    assert result.exit_code == 1 and "没有找到：文件 nope" in result.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(main, ["ingest", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}：文件是空的" in result.output


def test_ingest_json_report(runner, tmp_path):
    result = invoke(runner, "ingest", "--json")
    report = json.loads(result.output)
    assert report["store"] == {"files": 5, "documents": 6, "clauses": 199}
    assert {f["status"] for f in report["files"]} == {"added"}


def test_home_option_beats_the_environment(runner, tmp_path):
    home = tmp_path / "elsewhere"
    invoke(runner, "--home", str(home), "ingest")
    assert (home / "policykb.sqlite3").is_file()


def test_lineage_coverage_diff_cite_check(runner, tmp_path):
    assert invoke(runner, "ingest").exit_code == 0   # ingest links too
    lineage = json.loads(invoke(runner, "lineage", "b89664e31e-4.3", "--json").output)
    assert set(lineage) >= {"clause_id", "parents", "children", "ancestors", "descendants"}
    assert lineage["parents"][0]["clause_id"] == "c8874dac43-6.17"
    assert {"clause_id", "doc_id", "score", "evidence"} <= set(lineage["parents"][0])
    text = invoke(runner, "lineage", "95e5176c38-3.1.2").output
    assert "15779248e7-3.1.2" in text
    coverage = invoke(runner, "coverage", "15779248e7").output
    assert "32/34" in coverage and "完善配套支撑" in coverage and "定期会商评估" in coverage
    diff = invoke(runner, "diff", "95e5176c38-3.1.2", "15779248e7-3.1.2").output
    assert "{+市工科局[+}市商务局{+]+}" in diff
    assert "[A]" in invoke(runner, "cite", "c8874dac43-6.17", "--style", "gbt7714").output
    draft = tmp_path / "draft.txt"
    draft.write_text("要“推动平台流量扶农经常化”。", encoding="utf-8")
    report = json.loads(invoke(runner, "check", str(draft), "--json").output)
    assert report["quotes"][0]["status"] == "altered"
    assert "有改动 1" in invoke(runner, "check", str(draft)).output
    for args in (["lineage", "nope"], ["coverage", "nope"], ["diff", "a", "b"],
                 ["cite", "nope"]):
        result = invoke(runner, *args)
        assert result.exit_code == 1 and "没有找到：" in result.output


def index_state(home):
    """Every file under the index and the lineage rows: what a write would change."""
    files = {p: p.stat().st_mtime_ns for p in (home / "index").rglob("*") if p.is_file()}
    with Store.reader(home) as store:
        return files, store.lineage.counts(), store.lineage.versions()


def test_search_index_link_and_read_commands_that_write_nothing(runner, tmp_path):
    home = tmp_path / "cli-home"
    invoke(runner, "ingest")
    result = invoke(runner, "search", "流量券", "--level", "省级")
    assert result.exit_code == 0 and "【流量券】" in result.output and result.stderr == ""
    found = json.loads(invoke(runner, "search", "流量券", "--json").stdout)
    assert found["total"] >= 2 and found["hits"][0]["highlights"]
    bad = invoke(runner, "search", '"流量券')
    assert bad.exit_code == 2 and "查询有误：引号不成对" in bad.output
    # A document stored behind the index's back: read commands say so and write nothing.
    extra = tmp_path / "extra.txt"
    extra.write_text("关于测试工作的通知\n一、总体要求\n做好测试工作，推动平台流量扶农常态化。\n",
                     encoding="utf-8")
    with Store(home) as store:
        ingest_paths([extra], store)
    before = index_state(home)
    stale = invoke(runner, "search", "测试工作")
    assert "检索索引落后文件库 1 个文件；运行 policykb index 更新" in stale.stderr
    draft = tmp_path / "draft.txt"
    draft.write_text("要“推动平台流量扶农常态化”。", encoding="utf-8")
    checked = invoke(runner, "check", str(draft))
    assert "1 个文件的指纹未更新；运行 policykb link 更新" in checked.stderr
    assert index_state(home) == before
    assert invoke(runner, "index").output.strip() == "已更新 1 份文件，移除 0 份"
    assert "0 条结果" not in invoke(runner, "search", "测试工作").output
    assert invoke(runner, "link").output.startswith("已关联 1 份文件")
    assert invoke(runner, "check", str(draft)).stderr == ""
    assert invoke(runner, "index", "--rebuild").output.strip() == "已重建检索索引"


def test_serve_ingests_the_samples_on_first_start(tmp_path):
    from tests.conftest import serving

    home = tmp_path / "serve-home"
    home.mkdir()
    with serving(home, workers=1) as url:
        with urllib.request.urlopen(url + "/api/docs", timeout=30) as response:
            assert len(json.loads(response.read())["documents"]) == 6
        with urllib.request.urlopen(url + "/api/search?q=" + urllib.parse.quote("流量券"),
                                    timeout=30) as response:
            assert json.loads(response.read())["result"]["total"] >= 2
    assert "首次启动：导入内置样本文件" in (home / "serve.log").read_text(encoding="utf-8")
