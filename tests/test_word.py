"""The draft check in Word (issue 14): a .docx draft comes back with a Word
comment on each quotation and uncited passage, its text and formatting
untouched, and the report as a .docx — through the library, the page and
the CLI. Drafts are built with python-docx from the samples' clauses."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Pt

from indexer.cite import comment_docx, report_docx
from indexer.errors import DraftError
from tests.conftest import clause_ids
from tests.test_check import NATIONAL_13, NATIONAL_17

ALTERED_13 = NATIONAL_13.replace("流量券", "消费券")
MISSING = "这是一段库中不可能存在的引文文字用来核对"
YONGJI = "永济市创建全国网络市场监管与服务示范区工作方案"


def _draft() -> bytes:
    """A draft in runs of mixed formatting: a quotation that starts inside a
    bold run and ends inside a plain one, an altered quotation, one not in
    the store, a table cell with a verified quotation, and a copied passage
    without quotation marks."""
    document = Document()
    first = document.add_paragraph()
    bold = first.add_run("一、总体要求。按照市场监管总局部署，“" + NATIONAL_17[:12])
    bold.bold = True
    first.add_run(NATIONAL_17[12:] + "”，抓好落实。")
    second = document.add_paragraph("二、重点任务。要“" + ALTERED_13 + "”，")
    second.add_run("并做到“" + MISSING + "”。").italic = True
    document.add_paragraph("三、工作要求。" + NATIONAL_13 + "，形成合力。")
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "附：“" + NATIONAL_13 + "”"
    cell.paragraphs[0].runs[0].font.size = Pt(14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs(document) -> list[tuple]:
    """Every paragraph's text and each run's formatting, in body order."""
    paragraphs = list(document.paragraphs) + [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [(p.text, [(r.bold, r.italic, r.font.size) for r in p.runs if r.text])
            for p in paragraphs]


@pytest.fixture(scope="module")
def commented(store):
    return comment_docx(store, _draft(), "draft.docx")


def test_text_and_formatting_are_untouched(commented):
    before, after = Document(io.BytesIO(_draft())), Document(io.BytesIO(commented.docx))
    texts = [text for text, _ in _runs(after)]
    assert texts == [text for text, _ in _runs(before)]
    # Runs split at a quotation keep their formatting: the bold head stays bold.
    first = after.paragraphs[0]
    assert {r.bold for r in first.runs if "总体要求" in r.text} == {True}
    assert any(r.bold and r.text == NATIONAL_17[:12] for r in first.runs)
    assert {r.italic for r in after.paragraphs[1].runs if MISSING in r.text} == {True}


def test_a_comment_on_each_quotation_and_passage(commented):
    after = Document(io.BytesIO(commented.docx))
    comments = {c.comment_id: c.text for c in after.comments}
    assert commented.comments == len(comments) == 5   # 4 quotations, 1 passage
    notes = sorted(comments.values())
    assert sum(n.startswith("引文一致。应引：《市场监管总局关于引导网络交易平台") for n in notes) == 2
    altered = next(n for n in notes if n.startswith("引文与原文不一致"))
    assert "发放[-流量-]{+消费+}券" in altered and "国市监网监发〔2024〕96号" in altered
    assert any(n.startswith("库中未找到这段引文") for n in notes)
    assert any(n.startswith("未加引号的原文") for n in notes)
    summary = commented.report["summary"]
    assert (summary["verified"], summary["altered"], summary["not_found"]) == (2, 1, 1)


def test_each_comment_covers_its_quotation(commented):
    """The text between a comment's range markers is the quotation itself."""
    after = Document(io.BytesIO(commented.docx))
    body = after.element.body
    covered: dict[str, str] = {}
    open_ids: set[str] = set()
    for node in body.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        cid = node.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id")
        if tag == "commentRangeStart":
            open_ids.add(cid)
            covered[cid] = ""
        elif tag == "commentRangeEnd":
            open_ids.discard(cid)
        elif tag == "t":
            for cid in open_ids:
                covered[cid] += node.text or ""
    assert NATIONAL_17 in covered.values()
    assert ALTERED_13 in covered.values()
    assert MISSING in covered.values()


def test_report_docx(commented):
    report = Document(io.BytesIO(report_docx(commented.report, commented.text, "draft.docx")))
    assert report.paragraphs[0].text == "文稿引文核对报告"
    assert any(p.text.startswith("引文 4 处：一致 2，有改动 1，未找到 1") for p in report.paragraphs)
    rows = [[c.text for c in row.cells] for row in report.tables[0].rows]
    assert rows[0] == ["序号", "类别", "文稿原文", "结果", "说明"]
    assert [r[3] for r in rows[1:]] == ["一致", "有改动", "未找到", "未加引号", "一致"]


def test_comments_are_bounded_and_problems_come_first(store, monkeypatch):
    monkeypatch.setattr("indexer.cite.word.MAX_COMMENTS", 2)
    made = comment_docx(store, _draft(), "draft.docx")
    notes = [c.text for c in Document(io.BytesIO(made.docx)).comments]
    assert made.comments == 2 and made.left_out == 3
    assert sorted(n[:4] for n in notes[:2]) == ["库中未找", "引文与原"]   # the two to fix
    assert notes[2].startswith("另有 3 处核对结果未加批注")


def test_a_file_that_is_not_docx_is_named(store):
    with pytest.raises(DraftError, match="notes.docx：不是可读的 .docx 文件"):
        comment_docx(store, b"plain text, not a zip", "notes.docx")


def test_verified_quote_names_the_other_documents_with_the_same_words(store):
    """The draft cites 《永济…》; the source chosen is 运城's (higher level,
    same words): the note says 永济 carries them too."""
    ids = clause_ids(store)
    words = store.clause(ids["永政办发〔2023〕12号 二、（一）"]).text[:30]
    document = Document()
    document.add_paragraph(f"根据《{YONGJI}》要求，“{words}”。")
    out = io.BytesIO()
    document.save(out)
    made = comment_docx(store, out.getvalue(), "draft.docx")
    quote = made.report["quotes"][0]
    assert "运城市" in quote["source"]["citation"]
    assert any(YONGJI in a["citation"] for a in quote["also"])
    note = next(iter(Document(io.BytesIO(made.docx)).comments)).text
    assert "相同文字也见于：《永济市" in note


# -- the page and the CLI ------------------------------------------------------------------

def test_page_returns_the_commented_docx(client):
    response = client.post("/check/word", data={"file": (io.BytesIO(_draft()), "草稿.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    after = Document(io.BytesIO(response.data))
    assert len(list(after.comments)) == 5


def test_page_report_docx_from_pasted_text(client):
    response = client.post("/check/report", data={"text": "要求“" + NATIONAL_13 + "”。"})
    assert response.status_code == 200
    report = Document(io.BytesIO(response.data))
    assert [c.text for c in report.tables[0].rows[1].cells][3] == "一致"


def test_word_download_without_a_docx_says_so(client):
    response = client.post("/check/word", data={"text": "“" + NATIONAL_13 + "”"})
    assert response.status_code == 400
    assert "批注版只能由上传的 .docx 文稿生成" in response.get_data(as_text=True)


def test_empty_check_keeps_the_form_and_says_why(client):
    response = client.post("/check", data={"text": "   "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'role="alert"' in page and "没有文稿：请粘贴文字或上传文件" in page
    assert '<textarea name="text"' in page   # the form, not a bare error page
    api = client.post("/api/check", json={"text": ""})
    assert api.status_code == 400 and api.get_json()["ok"] is False


def test_cli_writes_the_commented_draft_and_the_report(home, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from webapp.cli import main

    draft = tmp_path / "草稿.docx"
    draft.write_bytes(_draft())
    annotated, report = tmp_path / "批注.docx", tmp_path / "报告.docx"
    monkeypatch.setenv("POLICYKB_HOME", str(home))
    result = CliRunner().invoke(main, ["check", str(draft), "--annotate", str(annotated),
                                       "--report", str(report)])
    assert result.exit_code == 3, result.output   # an altered and a missing quotation
    assert len(list(Document(annotated).comments)) == 5
    assert Document(report).tables[0].rows[1].cells[3].text == "一致"
