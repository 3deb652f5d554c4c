"""Citations and draft checking over the bundled samples, on drafts built
from their clauses."""

from __future__ import annotations

import pytest

from corpus.normalise import to_simplified
from indexer.cite import (
    STYLES,
    check_draft,
    cite_clause,
    cite_document,
    clause_place,
    find_quotations,
    read_draft,
)
from indexer.errors import DraftError, NotFound
from indexer.lineage import render_diff
from tests.conftest import clause_ids

NATIONAL_17 = ("加强统筹协调和政策引导，在支持整合区域特色农产品和特色产业、帮助中小微经营主体"
               "对接平台等方面主动作为")   # in national （十七） and, verbatim, in 山西 236 四（三）
NATIONAL_13 = "鼓励平台通过开设新入驻经营主体频道专栏，提供新入驻经营主体或新产品标签，发放流量券和广告券等多种方式进行流量扶持"
TRADITIONAL_13 = ("鼓勵平臺通過開設新入駐經營主體頻道專欄，提供新入駐經營主體或新產品標籤，"
                  "發放流量券和廣告券等多種方式進行流量扶持")


@pytest.fixture(scope="module")
def ids(store):
    return clause_ids(store)


NATIONAL = "国市监网监发〔2024〕96号"
YUNCHENG = "运城市创建全国网络市场监管与服务示范区工作方案"


# -- citations ---------------------------------------------------------------------------

@pytest.mark.parametrize("key, place", [
    (f"{NATIONAL} 六、（十七）", "第六部分第（十七）项"),
    (f"{YUNCHENG} 三、（一）2.", "第三部分第（一）项第2条"),
    (f"{NATIONAL} -1.b1", "第一部分“市场主导，政府引导”"),
    (f"{NATIONAL} preamble", "前言部分"),
    ("永政办发〔2023〕12号 附件2规范监管（25分）完善监管（15分）11", "附件2第11项"),
    ("永政办发〔2023〕12号 附件1", "附件1"),
])
def test_places(store, ids, key, place):
    doc, _, suffix = key.partition(" -")
    clause_id = ids[doc] + "-" + suffix if suffix else ids[key]
    assert clause_place(store.clause(clause_id)) == place


def test_gongwen_and_gbt7714(store, ids):
    clause_id = ids[f"{NATIONAL} 六、（十七）"]
    gongwen = cite_clause(store, clause_id, "gongwen").text
    assert gongwen.startswith("《市场监管总局关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见》"
                              "（国市监网监发〔2024〕96号）第六部分第（十七）项规定：“加强统筹协调")
    assert gongwen.endswith("推动解决问题。”")
    assert cite_clause(store, clause_id, "gbt7714").text == (
        "市场监管总局. 市场监管总局关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见: "
        "国市监网监发〔2024〕96号[A]. 2024-10-18: 第六部分第（十七）项.")
    assert cite_document(store, ids[NATIONAL], "gbt7714").text.endswith("[A]. 2024-10-18.")
    markdown = cite_clause(store, clause_id, "markdown").text
    assert f"/clauses/{clause_id})" in markdown and "\n\n> 加强统筹协调" in markdown
    plain = cite_clause(store, clause_id, "plain").text
    assert "《" in plain and "国市监网监发〔2024〕96号 第六部分第（十七）项 加强" in plain


def test_missing_doc_no_curated_issuer_and_spam_travel_with_the_citation(store, ids):
    for style in STYLES:
        citation = cite_clause(store, ids[f"{YUNCHENG} 一、"], style)
        assert "原文未载文号" in citation.text
        assert "人工核定" in citation.text
        assert "澳门太阳城集团" in citation.text   # the spam flag's warning names it
        assert len(citation.warnings) == 3
    clean = cite_clause(store, ids[f"{NATIONAL} 六、（十七）"], "gongwen")
    assert clean.warnings == [] and "注意" not in clean.text
    assert cite_document(store, ids[NATIONAL], "gbt7714").quote == ""
    with pytest.raises(NotFound):
        cite_clause(store, "nope")
    with pytest.raises(ValueError, match="引用格式"):
        cite_clause(store, ids[f"{NATIONAL} 六、（十七）"], "apa")


# -- draft checking ----------------------------------------------------------------------

def test_quotation_marks():
    text = "甲“外‘内’外”乙「角『套』角」丙\"直\"丁“未闭合"
    assert [q.text for q in find_quotations(text)] == ["外‘内’外", "角『套』角", "直"]


@pytest.mark.parametrize("quote", [NATIONAL_13, TRADITIONAL_13, NATIONAL_13.replace("，", ", ")])
def test_verbatim_quotes_are_verified_in_either_script(store, ids, quote):
    report = check_draft(store, f"通知要求“{quote}”。")
    (q,) = report["quotes"]
    assert q["status"] == "verified"
    assert q["clause_id"] == ids[f"{NATIONAL} 五、（十三）"]
    assert (q["start"], q["end"]) == (5, 5 + len(quote))


def test_a_quote_in_both_documents_is_the_national_ones(store, ids):
    (q,) = check_draft(store, f"要“{NATIONAL_17}”。")["quotes"]
    assert q["status"] == "verified"
    assert q["clause_id"] == ids[f"{NATIONAL} 六、（十七）"]
    assert q["also_in"] == [ids["晋市监发〔2024〕236号 四、（三）"]]
    assert q["source"]["citation"].startswith("《市场监管总局关于")


def test_a_changed_word_is_altered_with_its_diff(store, ids):
    changed = NATIONAL_13.replace("广告券", "优惠券")
    (q,) = check_draft(store, f"文件提出“{changed}”。")["quotes"]
    assert q["status"] == "altered"
    assert q["clause_id"] == ids[f"{NATIONAL} 五、（十三）"]
    assert [(d["parent"], d["child"]) for d in q["diff"] if d["op"] != "equal"] == \
        [("广告", "优惠")]
    assert "[-广告-]{+优惠+}券" in render_diff(q["diff"])


def test_an_invented_sentence_is_not_found(store):
    (q,) = check_draft(store, "我们要“全面建成全国一流的网络市场示范城市”。")["quotes"]
    assert q["status"] == "not_found" and q["clause_id"] is None


def test_references(store, ids):
    draft = ("根据《关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见》"
             "（国市监网监发〔2024〕95号）第六部分第（十七）项，参照《运城市创建全国网络市场监管与服务"
             "示范区工作方案》、《某某省不存在的办法》及晋市监发〔2023〕216号执行。")
    refs = check_draft(store, draft)["references"]
    assert [r["status"] for r in refs] == ["mismatch", "resolved", "unknown", "resolved"]
    assert "国市监网监发〔2024〕96号" in refs[0]["detail"]
    assert refs[0]["clause_id"] == ids[f"{NATIONAL} 六、（十七）"]
    assert refs[1]["doc_id"] == ids[YUNCHENG]
    assert refs[3]["doc_no"] == "晋市监发〔2023〕216号"
    assert draft[refs[3]["start"]:refs[3]["end"]] == "晋市监发〔2023〕216号"


def test_an_uncited_verbatim_passage_is_reported(store, ids):
    passage = "大力加强网络市场监管制度、服务和管理创新，奋力开创更加规范、更具活力、更重创新的网络市场发展新格局"
    draft = f"今年，我市将{passage}，争取早日验收。"
    (p,) = check_draft(store, draft)["passages"]
    assert p["clause_id"] == ids[f"{YUNCHENG} 一、"]
    assert draft[p["start"]:p["end"]] == passage
    assert check_draft(store, f"今年，我市将“{passage}”。")["passages"] == []


def test_annotated_draft_covers_the_draft(store):
    draft = f"一、“{NATIONAL_17}”。二、《某某办法》。三、“没有这句话的原文出处可查”。"
    report = check_draft(store, draft)
    segments = report["segments"]
    assert "".join(s["text"] for s in segments) == draft
    assert [(s["kind"], s.get("status")) for s in segments if s["kind"] != "text"] == [
        ("quote", "verified"), ("reference", "unknown"), ("quote", "not_found")]


def test_draft_files(tmp_path):
    good = tmp_path / "draft.md"
    good.write_text(f"# 汇报\n\n“{TRADITIONAL_13}”\n", encoding="utf-8")
    assert to_simplified(TRADITIONAL_13) in to_simplified(read_draft(good))
    import docx  # python-docx, as ingest reads .docx with it
    document = docx.Document()
    document.add_paragraph("汇报")
    document.add_paragraph(f"通知要求“{NATIONAL_13}”。")
    document.save(tmp_path / "draft.docx")
    assert NATIONAL_13 in read_draft(tmp_path / "draft.docx")
    with pytest.raises(DraftError, match="draft.pdf"):
        bad = tmp_path / "draft.pdf"
        bad.write_bytes(b"%PDF-1.4")
        read_draft(bad)


@pytest.mark.parametrize("quote, changes", [
    # The clause's sentence ends in “。” too: the full stop is not an insertion.
    (NATIONAL_13.replace("流量券", "消费券") + "。", [("replace", "流量", "消费")]),
    # A mark the clause does not have there is one.
    (NATIONAL_13.replace("扶持", "支持") + "！", [("replace", "扶", "支"), ("insert", "", "！")]),
])
def test_altered_quote_punctuation_at_its_ends(store, quote, changes):
    found = check_draft(store, f"要求“{quote}”")["quotes"][0]
    assert found["status"] == "altered"
    assert [(o["op"], o["parent"], o["child"]) for o in found["diff"] if o["op"] != "equal"] \
        == changes
