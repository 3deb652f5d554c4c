"""The CLI speaks Chinese (issue 14): help, click's own messages, every
command's text output; English field names stay in JSON. Run on the
samples' home (tests/conftest.py)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from webapp.cli import main

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Error|Try|Show this|cited|city|county|"
                     r"provincial|national|preamble|cover|documents?|clauses?)\b")


@pytest.fixture()
def run(home):
    def invoke(*args):
        return CliRunner().invoke(main, ["--home", str(home), *args], prog_name="policykb")
    return invoke


def test_help_is_chinese_and_whole(run):
    out = run("--help").output
    assert out.startswith("用法: policykb [选项] 命令 [参数]...")
    assert "显示本帮助并退出。" in out and "选项" in out and "命令" in out
    for line in out.splitlines():
        if line.startswith("  ") and not line.lstrip().startswith("--"):
            assert "..." not in line, line   # no description cut short
    described = "\n".join(line.split(None, 1)[-1] for line in out.splitlines() if line.strip())
    assert not ENGLISH.search(described)   # command names aside


@pytest.mark.parametrize("args, message, status", [
    (["nosuch"], "错误：没有命令 'nosuch'。", 2),
    (["search"], "错误：缺少参数 '检索词'", 2),
    (["search", "(流量"], "错误：查询有误：括号不成对", 2),
    (["show", "nope"], "错误：没有找到：文件 nope", 1),
    (["cite", "c8874dac43"], "它是文件编号，引用整份文件请加 --doc", 1),
    (["docs", "--sort", "colour"], "'colour' 不在", 2),
])
def test_errors_are_chinese(run, args, message, status):
    result = run(*args)
    assert result.exit_code == status and message in result.output
    assert not ENGLISH.search(result.output.replace("'clauses', ", ""))   # option values stay


def test_a_query_error_prints_no_usage_lines(run):
    assert "用法" not in run("search", "(流量").output


def test_search_says_its_filters_and_facets(run):
    out = run("search", "监管", "--level", "县级", "--limit", "1").output
    assert out.splitlines()[0] == "40 条结果（第 1/40 页）  筛选：层级=县级"
    assert "[县级] 永济市" in out and "\n层级：县级 40\n" in out and "all:" not in out


def test_clauses_lineage_coverage_in_chinese(run):
    clauses = run("clauses", "--doc", "15779248e7").output
    assert clauses.splitlines()[0].split() == ["条款编号", "位置", "标题或正文开头"]
    assert "15779248e7-c       印发通知" in clauses and "15779248e7-0       前言" in clauses
    lineage = run("lineage", "b89664e31e-2.2").output
    assert "依引用文件" in lineage and "国家 市场监管总局" in lineage
    assert "直接上级 c8874dac43-5.13：原文相同 0.57" in lineage
    coverage = run("coverage", "15779248e7").output
    assert "落实 32/34 条，2 条未见落实" in coverage
    for out in (clauses, lineage, coverage):
        assert not ENGLISH.search(out), ENGLISH.search(out)


def test_gbt7714_of_a_clause_names_its_place(run):
    clause = run("cite", "c8874dac43-6.17", "--style", "gbt7714").output
    whole = run("cite", "c8874dac43", "--doc", "--style", "gbt7714").output
    assert clause != whole and clause.strip().endswith("2024-10-18: 第六部分第（十七）项.")


def test_long_steps_report_progress_by_document(fresh_samples, tmp_path):
    from indexer.lineage import link_documents
    from indexer.search import rebuild_search_index, sync_search_index

    home = tmp_path / "home"
    steps: dict[str, list] = {"index": [], "link": [], "sync": []}
    rebuild_search_index(home, fresh_samples, lambda d, t: steps["index"].append((d, t)))
    link_documents(fresh_samples, lambda d, t: steps["link"].append((d, t)))
    sync_search_index(home, fresh_samples, lambda d, t: steps["sync"].append((d, t)))
    assert steps["index"][-1] == (6, 6) and len(steps["index"]) == 6
    assert steps["link"][-1][0] == steps["link"][-1][1] == 6
    assert steps["sync"] == []   # nothing changed, nothing to report


def test_the_progress_bar_draws_on_a_terminal_only(monkeypatch, capsys):
    import sys

    from webapp.cli.output import progress_bar

    with progress_bar("索引") as step:
        assert step is None   # not a terminal under pytest: scripts get no bar
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress_bar("索引") as step:
        step(3, 6)
        step(6, 6)
    assert "索引" in capsys.readouterr().err
