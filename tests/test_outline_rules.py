"""Rules of issue 10 on layout and the 版记, table-driven on small texts
written as official documents print them."""

from __future__ import annotations

import pytest

from corpus import build_documents
from corpus.clean import clean_text
from corpus.issuer import lead_body, split_bodies
from corpus.load import load_bytes
from corpus.split import split_documents
from corpus.vocabulary import DATE_LINE, date_value


def paths(text: str) -> list[str]:
    doc = build_documents(load_bytes(text.encode("utf-8"), name="plan.txt"))[0]
    return ["/".join(c.path) for c in doc.clauses]


def test_a_box_is_its_own_section_and_closes_at_the_next_section():
    text = ("关于推进数字经济发展的实施方案\n一、重点任务\n（一）发展数字产业\n1.培育龙头企业。支持企业做大做强。\n"
            "2.建设产业园区。推进园区建设。\n专栏1 数字产业重点工程\n1.集成电路工程。建设晶圆厂。\n"
            "2.新型显示工程。建设面板线。\n（二）推进数字化转型\n1.工业数字化。推动企业上云。\n")
    assert paths(text) == ["一、", "一、/（一）", "一、/（一）/1.", "一、/（一）/2.",
                           "一、/（一）/专栏1", "一、/（一）/专栏1/1.", "一、/（一）/专栏1/2.",
                           "一、/（二）", "一、/（二）/1."]


def test_numbering_that_starts_again_is_nested():
    text = ("关于推进数字化转型的实施方案\n（一）推进数字化转型\n1.工业数字化。推动企业上云。\n"
            "2.农业数字化。主要包括：\n1.建设数字农田。开展试点。\n2.推广农机北斗终端。扩大覆盖。\n"
            "（二）强化保障\n1.加强组织领导。\n")
    assert paths(text) == ["（一）", "（一）/1.", "（一）/2.", "（一）/2./1.", "（一）/2./2.",
                           "（二）", "（二）/1."]


BANJI = ("山东省人民政府办公厅文件\n鲁政办发〔2020〕20号\n山东省人民政府办公厅关于印发行动计划的通知\n"
         "各市人民政府：\n现将计划印发给你们，请认真贯彻执行。\n山东省人民政府办公厅\n2020年12月9日\n"
         "抄送：省委各部门。\n山东省人民政府办公厅2020年12月10日印发\n")


def test_a_document_after_the_banji_is_split_off():
    text = BANJI + "济南市人民政府关于做好安全生产工作的通知\n各区县人民政府：\n请做好安全生产工作。\n济南市人民政府\n2021年1月5日\n"
    parts = split_documents(clean_text(text))
    assert len(parts) == 2 and parts[1].paragraphs[0].text.startswith("济南市人民政府关于")
    assert not parts[0].flags and not parts[1].flags


def test_text_after_the_banji_that_cannot_be_told_apart_is_flagged():
    parts = split_documents(clean_text(BANJI + "请做好安全生产工作，确保节日平安。\n"))
    assert len(parts) == 1 and [f.kind for f in parts[0].flags] == ["appended"]


def test_banji_gives_issuer_and_date_when_there_is_no_signature():
    text = ("农业农村部办公厅关于加力推进农机购置与应用补贴的意见\n各省农业农村厅：\n一、总体要求\n"
            "加快推进农业机械化。\n农业农村部办公厅 2025年1月24日印发\n")
    meta = build_documents(load_bytes(text.encode(), name="o.txt"))[0].meta
    assert (meta.issuer, meta.date) == ("农业农村部办公厅", "2025-01-24")


@pytest.mark.parametrize("lines, lead", [
    (["上海银保监局 江苏银保监局", "浙江银保监局 安徽银保监局", "宁波银保监局"], "上海银保监局"),
    (["济南市城乡交通", "运输局"], "济南市城乡交通运输局"),            # a name broken over two lines
    (["山东省发展和改革委员会 济南市城乡交通", "运输局"], "山东省发展和改革委员会"),
    (["总理 李克强"], None),                                      # a signatory, not a body
])
def test_lead_issuer_of_a_signature_block(lines, lead):
    assert lead_body(lines) == lead


@pytest.mark.parametrize("run, bodies", [
    ("中国银保监会江苏监管局江苏省生态环境厅", ["中国银保监会江苏监管局", "江苏省生态环境厅"]),
    ("国家税务总局浙江省税务局", ["国家税务总局浙江省税务局"]),          # a central body's own branch
    ("中国银保监会浙江监管局中国银保监会宁波监管局", ["中国银保监会浙江监管局", "中国银保监会宁波监管局"]),
])
def test_joint_issuers_run_together_are_split(run, bodies):
    assert split_bodies(run) == bodies


@pytest.mark.parametrize("line, value", [
    ("2023年6月15日", "2023-06-15"),
    ("二○○九年十二月三十一日", "2009-12-31"),
    ("二〇二四年一月九日", "2024-01-09"),
    ("二○一一年六月二十九日", "2011-06-29"),
])
def test_signature_dates_in_either_numerals(line, value):
    assert date_value(DATE_LINE.match(line)) == value


def test_a_heading_run_on_after_a_box_closes_the_box():
    text = ("关于推进数字经济发展的实施方案\n一、重点任务\n（一）发展数字产业\n1.培育龙头企业。支持企业做大做强。\n"
            "专栏1 数字产业重点工程\n1.集成电路工程。建设晶圆厂。\n"
            "2.新型显示工程。建设面板线。（二）推进数字化转型\n1.工业数字化。推动企业上云。\n")
    assert paths(text) == ["一、", "一、/（一）", "一、/（一）/1.", "一、/（一）/专栏1",
                           "一、/（一）/专栏1/1.", "一、/（一）/专栏1/2.", "一、/（二）", "一、/（二）/1."]
    doc = build_documents(load_bytes(text.encode("utf-8"), name="plan.txt"))[0]
    box_item = next(c for c in doc.clauses if c.path[-2:] == ("专栏1", "2."))
    assert box_item.text.endswith("建设面板线。")


def test_a_number_inside_a_sentence_in_a_box_is_not_a_heading():
    text = ("关于推进数字经济发展的实施方案\n一、重点任务\n（一）发展数字产业\n"
            "专栏1 数字产业重点工程\n1.集成电路工程。（二）期工程年内开工。\n")
    assert paths(text) == ["一、", "一、/（一）", "一、/（一）/专栏1", "一、/（一）/专栏1/1."]


@pytest.mark.parametrize("path, row", [
    (("附件2", "规范监管（25分）", "完善监管（15分）", "11"), True),   # a scoring table's row
    (("附件1", "一、", "（三）", "1."), False),   # an annex written as an outline (wild corpus)
    (("附件1", "1."), False),                    # a numbered list, no table cells
    (("三、", "促进发展", "11"), False),            # not in an annex
])
def test_annex_table_rows(path, row):
    from corpus.labels import annex_table_row

    assert annex_table_row(path) is row


@pytest.mark.parametrize("info, issuer, level", [
    ("2022年1月24日 中共中央政治局会议审议批准\n2022年2月25日 中共中央、国务院发布", "中共中央", "national"),
    ("1986年9月15日 中共中央、国务院发布", "中共中央、国务院", "national"),
    ("2003年8月18日 食品药品监管局、海关总署第4号令公布", "食品药品监管局、海关总署", None),
    ("2010年7月26日 国务院、中华人民共和国中央军事委员会第14号令公布",
     "国务院、中华人民共和国中央军事委员会", "national"),
])
def test_issuer_of_a_law_from_its_promulgation_line(info, issuer, level):
    """lawrefbook's info block: joint issuers joined by 、, the order's
    number (第4号令) not part of a name; a 中共中央 rule is national."""
    text = f"# 某某条例\n\n{info}\n\n<!-- INFO END -->\n\n第一条 为了规范管理，制定本条例。\n"
    meta = build_documents(load_bytes(text.encode("utf-8"), name="某某条例(2022-02-25).md"))[0].meta
    assert (meta.issuer, meta.level) == (issuer, level)
