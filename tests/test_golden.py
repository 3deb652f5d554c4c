"""The bundled sample corpus against what a person reading it finds.

Metadata is written out by hand below; clause lists (label, heading) are in
tests/golden/, each checked by reading the source file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

# key: title, 文号, issuer, date, level, region
EXPECTED = {
    "000-part1": ("网络市场增流量促发展活动实施方案", "晋市监发〔2024〕236号", "山西省市场监督管理局",
                  "2024-11-28", "provincial", "山西省"),
    "001-part1": ("市场监管总局关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见",
                  "国市监网监发〔2024〕96号", "市场监管总局", "2024-10-18", "national", "全国"),
    "002-part1": ("晋城市市场监督管理局办公室转发《关于强化常态化监管推动平台经济规范健康持续发展的意见》的通知",
                  "晋市市监办发〔2023〕63号", "晋城市市场监督管理局办公室", "2023-08-18", "city",
                  "山西省晋城市"),
    "002-part2": ("山西省市场监管局等十三部门关于强化常态化监管推动平台经济规范健康持续发展的意见",
                  "晋市监发〔2023〕216号", "山西省市场监管局", "2023-08-11", "provincial",
                  "山西省"),
    "003-part1": ("运城市创建全国网络市场监管与服务示范区工作方案", None, "运城市人民政府办公室",
                  "2022-12-16", "city", "山西省运城市"),
    "004-part1": ("永济市创建全国网络市场监管与服务示范区工作方案", "永政办发〔2023〕12号", "永济市人民政府办公室",
                  "2023-06-15", "county", "山西省运城市永济市"),
}


def test_six_documents(sample_documents):
    assert sorted(sample_documents) == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_metadata(sample_documents, key):
    m = sample_documents[key].meta
    assert (m.title, m.doc_no, m.issuer, m.date, m.level, m.region) == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_clause_list_equals_golden(sample_documents, key):
    golden = json.loads((GOLDEN / f"{key}.json").read_text(encoding="utf-8"))
    clauses = [[c.label, c.heading] for c in sample_documents[key].clauses]
    assert clauses == golden["clauses"]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_clause_text_is_clean(sample_documents, key):
    for clause in sample_documents[key].clauses:
        text = clause.heading + clause.text
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), clause.id  # pinyin
        assert not re.search(r"[?\ufffd摿Υ蟮]", text), clause.id                       # mojibake
        assert "澳门" not in text and "太阳城" not in text, clause.id                    # spam
        if clause.kind != "annex":   # a member list keeps one member a line
            for match in re.finditer("\n", clause.text):
                assert clause.text[match.start() - 1] in "。；：！？”）", (clause.id, clause.text)


def test_ids_are_stable_and_unique(sample_documents):
    from tests.conftest import documents_of, sample

    again = {d.id: [c.id for c in d.clauses] for d in documents_of(sample("004"))}
    doc = sample_documents["004-part1"]
    assert again == {doc.id: [c.id for c in doc.clauses]}
    all_ids = [c.id for d in sample_documents.values() for c in d.clauses]
    assert len(all_ids) == len(set(all_ids))


def test_forwarding_notice_points_at_the_provincial_opinion(sample_documents):
    notice, opinion = sample_documents["002-part1"], sample_documents["002-part2"]
    assert notice.forwards == opinion.id
    assert opinion.forwards is None


def test_issuing_notice_is_the_cover_of_its_plan(sample_documents):
    plan = sample_documents["000-part1"]
    assert plan.meta.cover_title == "山西省市场监督管理局关于印发网络市场增流量促发展活动实施方案的通知"
    assert plan.clauses[0].kind == "cover"
    assert plan.clauses[0].text.startswith("为认真贯彻落实市场监管总局《关于引导网络交易平台")


def by_label(doc, *labels):
    return next(c for c in doc.clauses if c.path[-len(labels):] == labels)


def test_numbering_continues_across_sections(sample_documents):
    national = sample_documents["001-part1"]
    clause = by_label(national, "六、", "（十七）")
    assert clause.heading == "推动落地见效"
    assert clause.text.startswith("加强统筹协调和政策引导")


def test_principle_bullets(sample_documents):
    opinion = sample_documents["002-part2"]
    bullets = [c.heading for c in opinion.clauses if c.kind == "principle"]
    assert bullets == ["坚持协同监管", "坚持依法行政", "坚持创新发展", "坚持数字赋能"]


def test_dangling_fragment_is_attached_and_flagged(sample_documents):
    clause = next(c for c in sample_documents["002-part2"].clauses if c.heading == "坚持依法行政")
    assert clause.text.endswith("留足发展空间。间、保护新生动能。")
    fragment = next(f for f in clause.flags if f.kind == "fragment")
    assert clause.text[fragment.start:fragment.end] == "间、保护新生动能。"
    assert not any(c.text.startswith("间、") for c in sample_documents["002-part2"].clauses)


def test_detached_responsibility_line_joins_its_clause(sample_documents):
    clause = by_label(sample_documents["002-part2"], "二、", "（三）")
    assert clause.responsible_units == ("省网络市场监管厅际联席会议成员单位",)
    assert "按职责分工负责" not in clause.text


@pytest.mark.parametrize("key, labels, units", [
    ("002-part2", ("二、", "（四）"), ("省市场监管局", "省委网信办", "省公安厅", "省邮政管理局",
                                    "省网络市场监管厅际联席会议成员单位")),
    ("003-part1", ("三、", "（一）", "1."), ("市发展改革委", "市商务局", "市财政局", "市金融办",
                                         "人行运城市中心支行", "各县[市、区]人民政府")),
    ("004-part1", ("三、", "（一）", "6."), ("市发改局", "市工科局[市商务局]", "市农业农村局", "市文旅局")),
    ("004-part1", ("附件2", "促进发展（20分）", "发展规模（10分）", "1"), ("市统计局", "市工科局[市商务局]")),
])
def test_responsible_units(sample_documents, key, labels, units):
    assert by_label(sample_documents[key], *labels).responsible_units == units


def test_deadlines(sample_documents):
    plan = sample_documents["000-part1"]
    deadlines = [c.deadline for c in plan.clauses if c.path[:1] == ("三、",) and c.deadline]
    assert deadlines == ["2024年12月底前", "2025年11月底前", "2025年12月底前"]


def test_spam_is_flagged_where_it_was_cut(sample_documents):
    clause = by_label(sample_documents["003-part1"], "一、")
    spam = [f for f in clause.flags if f.kind == "spam"]
    assert [f.detail for f in spam] == ["澳门太阳城集团", "澳门太阳城集团"]
    assert clause.text[spam[0].start:].startswith("新时代中国特色社会主义思想")
    doc_flags = {f.kind for f in sample_documents["003-part1"].meta.flags}
    assert {"spam", "issuer_defaced", "no_doc_no"} <= doc_flags
    assert sample_documents["003-part1"].curated == ("issuer",)


def test_mojibake_repair_is_flagged_on_its_clause(sample_documents):
    clause = by_label(sample_documents["001-part1"], "五、", "（十四）")
    flag = next(f for f in clause.flags if f.kind == "mojibake_repaired")
    assert clause.text[flag.start:flag.end] == "潜力大的经"


def test_scoring_table_rows(sample_documents):
    rows = [c for c in sample_documents["004-part1"].clauses if c.kind == "indicator"]
    assert [c.label for c in rows] == [str(n) for n in range(1, 42)]
    row = rows[10]
    assert row.heading == "强化智慧监管"
    assert row.text.startswith("变量性质：定性+定量；分值：3分。")
    assert row.path[:3] == ("附件2", "规范监管（25分）", "完善监管（15分）")


def test_raw_spans_hold_the_clause(sample_documents):
    from corpus.normalise import normalise_text
    from tests.conftest import sample

    source = sample("004").read_text(encoding="utf-8")
    for clause in sample_documents["004-part1"].clauses:
        raw = re.sub(r"\s", "", normalise_text(source[clause.raw_start:clause.raw_end]))
        assert clause.heading.replace(" ", "") in raw, clause.id


def test_cited_documents(sample_documents):
    refs = sample_documents["000-part1"].meta.references
    assert refs[0].title == "关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见"
    assert refs[0].doc_no == "国市监网监发〔2024〕96号"
    assert refs[0].short_name == "意见"
    assert refs[0].issuer == "市场监管总局"
    titles = [r.title for r in sample_documents["004-part1"].meta.references]
    assert "运城市创建全国网络市场监管与服务示范区工作方案" in titles
