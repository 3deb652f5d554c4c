"""Each named cleaning step on its own, table-driven, and the offset map."""

from __future__ import annotations

import pytest

from corpus.clean import STEPS, clean_text
from corpus.models import TrackedText
from corpus.normalise import normalise_text


def run(step: str, text: str):
    tt, flags = STEPS[step](TrackedText.of(text))
    return tt.text, [f.kind for f in flags]


@pytest.mark.parametrize("step, given, expected", [
    ("strip_pinyin", "市場監(jiān)管總局", "市場監管總局"),
    ("strip_pinyin", "發(fā)揮流量積極作用", "發揮流量積極作用"),
    ("strip_pinyin", "在线纠纷解决机制(ODR)", "在线纠纷解决机制(ODR)"),
    ("strip_pinyin", "平台(app)与(一)", "平台(app)与(一)"),
    ("convert_t2s", "市場監管總局關於引導網絡交易平臺", "市场监管总局关于引导网络交易平台"),
    ("fold_width", "ＭＣＮ机构２０２３年", "MCN机构2023年"),
    ("unify_punctuation", "重要资源,对经营主体", "重要资源，对经营主体"),
    ("unify_punctuation", "(责任单位:市商务局)", "（责任单位：市商务局）"),
    ("unify_punctuation", "监管局(厅、委):", "监管局（厅、委）："),
    ("unify_punctuation", "候车亭（廊)、隔离桩（墩)", "候车亭（廊）、隔离桩（墩）"),
    ("unify_punctuation", "1,000元 10:30", "1,000元 10:30"),
    ("unify_punctuation", "—市场主导，政府引导。", "——市场主导，政府引导。"),
    ("unify_punctuation", "「数字下乡」", "“数字下乡”"),
    ("unify_doc_numbers", "国市监网监发【2024】96号", "国市监网监发〔2024〕96号"),
    ("unify_doc_numbers", "永政办发〔2023〕12 号", "永政办发〔2023〕12号"),
    ("unify_doc_numbers", "晋市监发[2024] 236号", "晋市监发〔2024〕236号"),
    ("fold_spaces", "2023 年 6 月 15 日", "2023年6月15日"),
    ("fold_spaces", "工 作 方 案", "工作方案"),
    ("fold_spaces", "组 长：谢 澎 市长", "组 长：谢 澎 市长"),
    ("fold_spaces", "第二条 12345热线", "第二条 12345热线"),
    ("strip_markdown_headings", "## 一、总体要求\n#### （一）指导思想", "一、总体要求\n（一）指导思想"),
    ("strip_front_matter", "---\nbookCollapseSection: true\n---\n# 刑法", "# 刑法"),
])
def test_step(step, given, expected):
    assert run(step, given)[0] == expected


def test_mojibake_run_of_the_national_sample_is_repaired():
    # GBK bytes of 潛力大的經 read one byte off (../shared/seeds/001_…).
    text, kinds = run("repair_mojibake", "發展?jié)摿Υ蟮慕?jīng)營主體")
    assert text == "發展潛力大的經營主體"
    assert kinds == ["mojibake_repaired"]


def test_uncertain_mojibake_is_flagged_not_changed():
    # The same garble with no neighbour to tell the last character: flagged.
    text, kinds = run("repair_mojibake", "發展?jié)摿Υ蟮慕?jīng)")
    assert text == "發展?jié)摿Υ蟮慕?jīng)"
    assert kinds == ["mojibake"]


def test_utf8_read_as_latin1_is_repaired():
    garbled = "市场监管".encode().decode("latin-1")
    assert run("repair_mojibake", f"国家{garbled}总局")[0] == "国家市场监管总局"


def test_a_question_mark_in_ordinary_text_is_left_alone():
    assert run("repair_mojibake", "是否?经营主体?")[1] == []


@pytest.mark.parametrize("given, expected, kinds", [
    ("以澳门太阳城集团新时代中国特色社会主义思想为指导", "以新时代中国特色社会主义思想为指导", ["spam"]),
    ("国务院《澳门太阳城集团：印发规划的通知》", "国务院《印发规划的通知》", ["spam"]),
    ("澳门太阳城集团办公室", "办公室", ["spam"]),
    ("澳门特别行政区政府", "澳门特别行政区政府", []),
])
def test_remove_spam(given, expected, kinds):
    assert run("remove_spam", given) == (expected, kinds)


@pytest.mark.parametrize("given, expected", [
    # A sentence broken by a page break, with blank lines (000_…).
    ("联合地方政府、行业管理部门、行业协会等对本区域特色产业进行梳理，找准切入点，提升契合\n\n度，主动向平台企业推介。",
     "联合地方政府、行业管理部门、行业协会等对本区域特色产业进行梳理，找准切入点，提升契合度，主动向平台企业推介。"),
    # A long line broken mid-sentence (002_…).
    ("为贯彻落实党中央、国务院关于推动数字经济、平台经济\n\n规范健康持续发展的决策部署。",
     "为贯彻落实党中央、国务院关于推动数字经济、平台经济规范健康持续发展的决策部署。"),
    # Headings, list items and signatures are not glued on.
    ("一、总体要求\n以习近平新时代中国特色社会主义思想为指导。", "一、总体要求\n以习近平新时代中国特色社会主义思想为指导。"),
    ("现提出如下意见。\n（一）合理配置流量资源。", "现提出如下意见。\n（一）合理配置流量资源。"),
    ("山西省市场监督管理局\n2024年11月28日\n（此件公开发布）", "山西省市场监督管理局\n2024年11月28日\n（此件公开发布）"),
    # A responsibility note broken after its opening bracket (004_…).
    ("增强内生动力。（责任单位：\n\n市发改局、市文旅局）", "增强内生动力。（责任单位：市发改局、市文旅局）"),
    # Page-break indent.
    ("  一、总体要求", "一、总体要求"),
])
def test_join_wrapped_lines(given, expected):
    assert run("join_wrapped_lines", given)[0] == expected


def test_a_character_repeated_across_a_page_break_is_dropped_once():
    text, kinds = run("join_wrapped_lines",
                      "（四）建立规制体系。提升算法透明度等方面的监管。建立健全\n\n全电子商务平台主体责任清单。")
    assert text.endswith("建立健全电子商务平台主体责任清单。")
    assert kinds == ["page_break_duplicate"]


def test_a_doubled_character_that_is_real_text_is_kept():
    text, kinds = run("join_wrapped_lines",
                      "领导小组下设办公室，办公室设在市市场监管局，主任由市\n\n市场监管局局长兼任，负责组织协调。")
    assert "主任由市市场监管局局长兼任" in text and kinds == []


def test_fixed_width_wrapping_is_joined():
    paragraph = "深化跨境电商高质量发展，支持特色产业与跨境电商平台进行资源对接，鼓励传统工贸企业利用第三方平台开展跨境电商业务，" \
                "提升跨境消费动能，带动配套产业发展。做好农产品对接工作，鼓励大型电商平台搭建电商渠道，增强经济发展的内生动力。"
    lines = [paragraph[i:i + 28] for i in range(0, len(paragraph), 28)]
    text = "\n\n".join(["6.加快跨境电商的高质量发展。" + lines[0]] + lines[1:] + ["7.在全系统推行线上线下一体化监管。"])
    cleaned = run("join_wrapped_lines", text)[0]
    assert cleaned.split("\n") == ["6.加快跨境电商的高质量发展。" + paragraph, "7.在全系统推行线上线下一体化监管。"]


def test_every_cleaned_character_maps_into_the_source():
    source = "市場監(jiān)管總局\n\n關於引導網(wǎng)絡交易平臺\n(一)合理配置流量資源。"
    clean = clean_text(source)
    for i, char in enumerate(clean.text):
        origin = clean.tracked.origin[i]
        assert 0 <= origin < len(source)
        if char != "\n":
            assert normalise_text(source[origin]) in (char, "（", "）") or char in "（）"


def test_normalise_text_is_the_query_normal_form():
    assert normalise_text("雙隨機、一公開,首違不罰") == "双随机、一公开，首违不罚"
