"""The vocabulary of Chinese official documents, defined once.

The parts of a 公文 that every stage recognises (GB/T 9704-2012 §7): the
文号 line under the red-head, the red-head itself (…文件), the date of the
signature (in Arabic digits, or in Chinese numerals as older documents and
many 银保监 bureaus print it: 二○○九年十二月三十一日), the 版记 at the end
(抄送 line, and the line naming who printed the document and when:
山东省人民政府办公厅2020年12月10日印发), and the names of issuing bodies.
"""

from __future__ import annotations

import re

from .labels import cn_number

_CN_YEAR_DIGIT = "〇○零OＯ０一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
DATE_TEXT = (rf"(\d{{4}}|[{_CN_YEAR_DIGIT}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*月"
             rf"\s*(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*日")
DATE = re.compile(DATE_TEXT)
#: A line that is only a date: the signature date of a document.
DATE_LINE = re.compile(rf"^{DATE_TEXT}$")
#: A 文号 (GB/T 9704-2012 §7.2.4: 发文机关代字, the year in 〔〕, the serial
#: number, 号), in its normal form (corpus.normalise brings 【】 [] （） to 〔〕).
DOC_NO_TEXT = r"[\u3400-\u9fff]{1,14}?〔\d{4}〕\d{1,5}号"
DOC_NO_LINE = re.compile(rf"^{DOC_NO_TEXT}$")
#: A 文号 as it stands in running text (cited documents).
DOC_NO = re.compile(DOC_NO_TEXT)
RED_HEAD = re.compile(r"^[\u3400-\u9fff（）]{4,40}文件$")
PUBLIC_NOTE = re.compile(r"^（此件.{0,12}）$")
#: 版记 (GB/T 9704-2012 §7.4): the 印发 line.
IMPRINT_LINE = re.compile(rf"^(?P<body>[\u3400-\u9fff（）、\s]{{2,60}}?)\s*{DATE_TEXT}\s*印\s*发$")
#: The 印发 line's text, the printing body and date (for a line match).
IMPRINT_TEXT = rf"[\u3400-\u9fff（）、\s]{{0,60}}?{DATE_TEXT}\s*印\s*发$"
#: The heads of closing lines (GB/T 9704-2012 §7.3.5 and §8, 版记; web
#: additions): 抄送：, 联系人：, 电话：…
CLOSING_HEADS = r"抄送|联 ?系 ?人|电 ?话|邮 ?箱|传 ?真|主题词"
#: A web page's note of who explains the document (…负责解读).
INTERPRETED_BY = r"本文(件)?由.{0,30}负责解读"
#: Closing lines of GB/T 9704-2012 §7.3.5 and §8 (版记), and web additions.
CLOSING = re.compile(rf"^(（此件|{CLOSING_HEADS}|{INTERPRETED_BY}|{IMPRINT_TEXT})")
#: The formula that ends the body of a notice (特此通知。此复。).
#: The end of a sentence (GB/T 15834 句末点号, and the semicolon that ends
#: an item of a list): where a run-on heading may begin and where an
#: over-long paragraph may be cut.
SENTENCE_END = re.compile(r"[。；！？]")

CLOSING_FORMULA = re.compile(r"^(特此(通知|通告|公告|函告|批复|报告|函复)|此复|此函|专此(函告|报告))[。！]?$")
#: How the name of an issuing body ends (a 局, 厅, 委员会, 人民政府 …).
BODY_END = re.compile(r"(?:局|厅|委|委员会|会|部|院|府|政府|办公室|办公厅|办|处|署|中心|行|所|队|"
                      r"法院|检察院|党委|联社|总社|协会|集团|公司|小组|指挥部|联席会议)$")
#: A central body's own name: 中国银保监会, 国家税务总局, 中国人民银行.
CENTRAL_BODY = re.compile(r"(中国|国家)[\u4e00-\u9fff]{1,10}(会|局|署|行)")
#: The head of an order (令, GB/T 9704-2012 §10.2): 中华人民共和国国务院令.
ORDER_HEAD = re.compile(r"^(?:中华人民共和国)?([\u4e00-\u9fff]{2,20}?)令$")

_YEAR_DIGITS = {c: str(i % 10) for i, c in enumerate("〇一二三四五六七八九")} | {
    "○": "0", "零": "0", "O": "0", "Ｏ": "0", "０": "0"}


def date_value(match: re.Match) -> str | None:
    """YYYY-MM-DD of a DATE/DATE_LINE match (Arabic or Chinese numerals)."""
    year, month, day = match.group(1), match.group(2), match.group(3)
    year = year if year.isdigit() else "".join(_YEAR_DIGITS.get(c, "?") for c in year)
    month_n = int(month) if month.isdigit() else cn_number(month)
    day_n = int(day) if day.isdigit() else cn_number(day)
    if not year.isdigit() or not month_n or not day_n or month_n > 12 or day_n > 31:
        return None
    return f"{int(year):04d}-{month_n:02d}-{day_n:02d}"


#: 文种 (GB/T 9704-2012 §7.3.2 and the kinds of rule a 通知 issues), longest
#: first so that 实施方案 is told before 方案.
DOC_TYPES = ("实施细则", "实施办法", "实施方案", "工作方案", "行动方案", "实施意见", "指导意见", "管理办法",
             "暂行办法", "暂行规定", "若干规定", "司法解释", "修正案", "条例", "规定", "办法", "细则", "意见",
             "通知", "决定", "方案", "规划", "纲要", "计划", "要点", "指引", "清单", "批复", "公告", "通告",
             "解释", "法")
# Kinds of document that are not 公文 文种 but end titles all the same.
OTHER_TYPES = ("统计公报", "公报", "报告", "复函", "函", "通报", "答复", "决议", "规范", "规程", "指南",
               "导引", "标准", "制度", "机制", "模板", "目录", "名单", "规则", "图", "表")
#: What a title ends with: its 文种 (or another kind of document), maybe a
#: qualifier such as （试行）, and a 目录 of the compilation.
TITLE_END = re.compile("(" + "|".join(t for t in DOC_TYPES + OTHER_TYPES if len(t) > 1 or t in "函图表")
                       + r")(（[^（）]{1,20}）)?(目录)?$")


#: The four levels of government a document comes from, top first; the key
#: stored, its Chinese name, and what a user may type for it (层级:省级).
LEVELS = ("national", "provincial", "city", "county")
LEVEL_NAMES = {"national": "国家", "provincial": "省级", "city": "市级", "county": "县级"}
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_ALIASES = {"国家": "national", "国家级": "national", "中央": "national", "全国": "national",
                 "省": "provincial", "省级": "provincial", "市": "city", "市级": "city",
                 "县": "county", "县级": "county"} | {level: level for level in LEVELS}


def level_name(level: str | None) -> str:
    """国家/省级/市级/县级, or 未定 for a level not known."""
    return LEVEL_NAMES.get(level or "", "未定")


#: What marks a form to fill in rather than a rule (an annex 申报表, a 联系人
#: block): fill-in blanks, field labels of reporting tables, 盖章 and a date
#: left blank. Two different marks make a clause a form (one 联系人 line in a
#: task is not); see :func:`is_form`.
FORM_MARKS = (
    re.compile(r"_{3,}|＿{2,}|…{3,}"),                            # 填写线
    re.compile(r"[（(]\s*(盖章|签字|签名|公章|签章)\s*[)）]"),
    re.compile(r"填报(单位|人|日期|时间)|报送单位|申报单位[：:]"),
    re.compile(r"联系人[：:]?\s*(联系)?电话|联系人[：:]\s*$|联系电话[：:]"),
    re.compile(r"年\s{2,}月\s{2,}日|年[ 　]+月[ 　]+日"),
    re.compile(r"(序号|单位名称|项目名称|负责人|备注)(\s+(序号|单位名称|项目名称|负责人|备注|"
               r"联系电话|金额|数量|时间)){2,}"),
)


def is_form(text: str) -> bool:
    """A form, template or signature block: at least two kinds of FORM_MARKS."""
    return sum(1 for mark in FORM_MARKS if mark.search(text)) >= 2
