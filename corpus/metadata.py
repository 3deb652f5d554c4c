"""Metadata stage: title, 文号, issuer, date, type, level, region, citations.

Where each fact is read from (GB/T 9704-2012 §7): the 文号 is the
standalone line under the red-head, never a number cited in the text; the
issuer is the signature above the date, else the red-head (…文件), else what
precedes 关于 in the title; the date is the signature date. Level and region
come from the issuer through the table of administrative divisions, or from
the title when the issuer is unknown. For laws in lawrefbook's format, the
lines before ``<!-- INFO END -->`` give the enacting body and dates.
"""

from __future__ import annotations

import re

from .divisions import find_region, government_level, is_national_body, issuer_region, text_level
from .head import head_length
from .issuer import imprint, interpreting_body, issuer_from_title, lead_body, signature_above
from .labels import ANNEX
from .models import CleanText, DocumentPart, Flag, Metadata, Paragraph, Reference
from .normalise import normalise_text
from .split import raw_extent
from .vocabulary import (
    BODY_END,
    DATE_LINE,
    DOC_NO,
    DOC_NO_LINE,
    DOC_NO_TEXT,
    DOC_TYPES,
    ORDER_HEAD,
    RED_HEAD,
    TITLE_END,
    date_value,
)

_CITED = re.compile(r"《([^《》]{2,120})》")
_CITED_WITH_NO = re.compile(rf"《([^《》]{{2,120}})》[（(]\s*({DOC_NO_TEXT})"
                            r"(?:[，,]\s*以下简称\s*[《“\"]?([^》”\"）)]{1,20})[》”\"]?)?\s*[）)]")
_SHORT_NAME = re.compile(r"《([^《》]{2,120})》[（(][^（）()]*?以下简称\s*[《“\"]?"
                         r"([^》”\"）)，,]{1,20})[》”\"]?[）)]")
_CITING_BODY = re.compile(r"(国务院|[\u4e00-\u9fff]{2,16}?(?:总局|部|厅|局|委员会|委|政府|办公厅|办公室))$")
ANNEX_PREFIX = re.compile(r"^附件\s*\d{0,2}\s*[:：]?\s*")
_LAW_INFO = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)")
_SESSION = re.compile(r"^(?:由)?(.*?)第[一二三四五六七八九十百]+届(.*?)第[一二三四五六七八九十百]+次(?:全体)?会议")
_MEETING = re.compile(r"^(?:由)?(?:中华人民共和国)?(国务院|.{2,24}?)(?:第[\d一二三四五六七八九十百千]+次"
                      r"(?:常务|全体|主任|委员)?会议|(?:第[\d一二三四五六七八九十百千]+号)?令)")
# lawrefbook's line for a rule promulgated without a meeting or an order:
# 2022年2月25日 中共中央、国务院发布 (joint issuers, the lead one first).
_PROMULGATED = re.compile(r"^((?:中共中央|国务院|最高人民法院|最高人民检察院|[\u4e00-\u9fff]{2,20}?"
                          r"(?:部|总局|总署|委员会))(?:、[\u4e00-\u9fff]{2,20}?"
                          r"(?:中央|院|部|局|总署|委员会|办公厅))*)")
_SPACE_IN_TITLE = re.compile(r"(?<=[\u3400-\u9fff《》“”（）、，]) +(?=[\u3400-\u9fff《》“”（）])")


def extract_metadata(part: DocumentPart, clean: CleanText, title_hint: str = "",
                     stated: dict | None = None, asides: tuple[str, ...] = ()) -> Metadata:
    """What the text says about the document it holds.

    ``stated`` are facts the file gives outside its text (a portal page's
    metadata table); they win over what is read from the text, and say so.
    ``asides`` are cleaned text boxes, read for a 文号 or red-head the body
    lacks.
    """
    flags: list[Flag] = list(part.flags)
    sources: dict[str, str] = {}
    # An annex issued alone opens with 附件 above its title.
    skip = 1 if part.paragraphs and ANNEX.match(part.paragraphs[0].text) else 0
    body_head = list(part.paragraphs[skip:skip + head_length(part.paragraphs[skip:])])
    cover_head = list(part.cover[:head_length(part.cover)]) if part.cover else []
    heads = cover_head + body_head
    text = "\n".join(p.text for p in (*part.cover, *part.paragraphs))
    info = _law_info(part.paragraphs)
    aside_lines = [line.strip() for aside in asides for line in aside.split("\n") if line.strip()]

    doc_no = _found(sources, "doc_no", ("文号行", _doc_no_line(heads)),
                    ("文本框", next((t for t in aside_lines if DOC_NO_LINE.match(t)), None)))
    red_head = next((RED_HEAD.match(t).group(0)[:-2] for t in [p.text for p in heads] + aside_lines
                     if RED_HEAD.match(t)), None) or next(
        (ORDER_HEAD.match(p.text).group(1) for p in (*part.cover, *part.paragraphs)[:3]
         if ORDER_HEAD.match(p.text)), None)
    body_title = _title(body_head) or title_hint
    cover_title = _title(cover_head) if part.cover else None
    if part.cover and not body_title:
        body_title = _issued_title(part.cover) or ""
    title = body_title or cover_title or ""
    sources["title"] = "标题" if title else ""

    closing = part.cover or part.paragraphs
    signature, signature_date, defaced = _signature(closing, clean)
    if defaced:
        flags.append(Flag("issuer_defaced", signature or ""))
        signature = None
    printer, printed = imprint(part.paragraphs or part.cover)
    issuer = _found(sources, "issuer", ("落款", signature), ("版头", red_head),
                    ("版记", printer), ("法规信息", info.get("issuer")),
                    ("标题", issuer_from_title(cover_title or title)),
                    ("标题下署名", _issuer_under_title(heads)),
                    ("解释条款", interpreting_body(text)))
    date = _found(sources, "date", ("落款", signature_date or _first_date(closing)),
                  ("版记", printed), ("法规信息", info.get("date")),
                  ("落款", _first_date(part.paragraphs)))
    title, doc_no, issuer, date = _stated(sources, stated or {}, title=title, doc_no=doc_no,
                                          issuer=issuer, date=date)
    if not doc_no:
        flags.append(Flag("no_doc_no"))

    level, region = _level_and_region(sources, issuer, title, text)
    references = find_references(text, own_titles={title, cover_title}, own_doc_no=doc_no)
    flags.extend(_summary_flags(clean, part))
    return Metadata(
        title=title, cover_title=cover_title if cover_title != title else None, doc_no=doc_no,
        issuer=issuer, date=date, doc_type=document_type(title), level=level,
        first_date=info.get("first_date") if info.get("first_date") != date else None,
        region=region.full_name if region else ("全国" if level == "national" else None),
        region_code=region.code if region else None, references=tuple(references),
        flags=tuple(flags), sources=tuple((k, v) for k, v in sources.items() if v))


def _found(sources: dict, name: str, *candidates: tuple[str, str | None]) -> str | None:
    """The first candidate that has a value; its origin goes in ``sources``."""
    for origin, value in candidates:
        if value:
            sources[name] = origin
            return value
    return None


def _stated(sources: dict, stated: dict, **fields) -> tuple:
    """Fields the file states outside its text (a portal's metadata table)
    replace what the text gave: the page is the publisher's own record. They
    are normalised as the text is (t2s, widths, 〔〕 in a 文号), so the same
    document read from a page and from a file has one 文号 and one id."""
    for name, value in stated.items():
        if name in fields and value:
            value = value if name == "date" else normalise_text(value)
            fields[name] = normalise_title(value) if name == "title" else value
            sources[name] = "网页信息"
    return fields["title"], fields["doc_no"], fields["issuer"], fields["date"]


def _doc_no_line(heads: list[Paragraph]) -> str | None:
    """The 文号 line of the head; a 文号 in the first cell of a table row
    too (苏保监发〔2018〕16号 beside the addressee)."""
    for para in heads:
        first = re.split(r"\t| {2,}", para.text, maxsplit=1)[0].strip()
        if DOC_NO_LINE.match(first):
            return first
    return None


def _level_and_region(sources: dict, issuer: str | None, title: str, text: str):
    """Level and region from the issuer, or the title, or the text itself
    (我省/全省, 我市/本市 with the place it names); each says where from."""
    context = text[:2000]
    region = issuer_region(issuer, context) if issuer else None
    origin = "发文机关"
    if region is None and not (issuer and is_national_body(issuer)):
        region, origin = find_region(title, context=context), "标题"
    level = government_level(region, issuer)
    if level is None and re.match(r"^(中华人民共和国|国务院|最高人民)", title):
        level, origin = "national", "标题"  # 中华人民共和国…法 and its 实施条例
    if level is None:
        level, region = text_level(text)
        origin = "正文"
    if level:
        sources["level"] = origin
    if region:
        sources["region"] = origin
    return level, region


def normalise_title(text: str) -> str:
    """A title as cited: no layout spaces, no Markdown marks."""
    return _SPACE_IN_TITLE.sub("", text.strip().lstrip("#").strip())


def document_type(title: str) -> str | None:
    """实施方案, 意见, 条例 …: the kind of document its title ends with."""
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title)
    core = re.sub(r"的通知$", "", core) if "印发" in core else core
    for name in DOC_TYPES:
        if core.endswith(name):
            return name
    return None


def find_references(text: str, own_titles=(), own_doc_no: str | None = None) -> list[Reference]:
    """Documents cited by 《title》, by 文号, or both, with 以下简称 names."""
    own = {normalise_title(t) for t in own_titles if t}
    refs: dict[tuple, Reference] = {}
    short_names = {normalise_title(m.group(1)): m.group(2) for m in _SHORT_NAME.finditer(text)}
    paired_numbers = set()
    for match in _CITED_WITH_NO.finditer(text):
        title = normalise_title(match.group(1))
        paired_numbers.add(match.group(2))
        refs[(title, match.group(2))] = Reference(
            title, match.group(2), match.group(3) or short_names.get(title),
            _citing_body(text, match.start()))
    short_values = set(short_names.values())
    for match in _CITED.finditer(text):
        title = normalise_title(match.group(1))
        if title in own or title in short_values or any(k[0] == title for k in refs):
            continue
        refs[(title, None)] = Reference(title, None, short_names.get(title),
                                        _citing_body(text, match.start()))
    for match in DOC_NO.finditer(text):
        number = re.sub(r"^.*?(?=[\u3400-\u9fff]{1,8}〔)", "", match.group(0))
        if number != own_doc_no and match.group(0) != own_doc_no and not any(
                number in n or n in match.group(0) for n in paired_numbers):
            refs.setdefault((None, match.group(0)), Reference(None, match.group(0)))
    return list(refs.values())


def _citing_body(text: str, at: int) -> str | None:
    """市场监管总局《…》: the body named right before the title, if any."""
    match = _CITING_BODY.search(text[max(0, at - 24):at])
    if not match:
        return None
    # 为深入贯彻落实市场监管总局《…》: the body follows the last verb.
    body = re.sub(r"^.*(贯彻落实|落实|根据|按照|依据|依照|参照|对照|贯彻|印发|转发|执行|将|和|与|及|、|，)",
                  "", match.group(1))
    return body if len(body) >= 2 else None


# GB/T 9704-2012 §7.2: 份号, 密级, 紧急程度 stand above the title; portals
# add notes such as （本文有删减）.
_ABOVE_TITLE = re.compile(r"^(?:(?:密级|普通|特急|加急|平急|特提|机密|秘密|绝密)(?:\s*★.*)?$|签发人|份号"
                          r"|\d{6}$|（[^（）]{2,24}）$)")
# What a title ends with: its 文种, maybe a (试行)-like qualifier.
# A line that continues a title broken after a 文种-like word (…报告 / 工作的通知).
_CONTINUES = re.compile(r"^[》〉”）)的和及与、暨]|^[\u4e00-\u9fff]{1,6}的(通知|意见|决定|批复|函)$")
# Lines under a title that are not title: the issuers, a date.
_UNDER_TITLE = re.compile(r"^[（(]?(\d{4}|[〇○零一二三四五六七八九]{4})\s*年(\s*[\d一二三四五六七八九十]{1,3}\s*月"
                          r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?)?[）)]?$")
TITLE_LINE_MAX = 150


def _title(head: list[Paragraph]) -> str | None:
    """The title lines of a head: after red-head, 文号, 密级 and the like, up
    to the addressee or the line that ends with the document's 文种."""
    lines: list[str] = []
    for para in head:
        text = para.text
        if DOC_NO_LINE.match(text) or RED_HEAD.match(text) or text.startswith("<!--"):
            if lines and DOC_NO_LINE.match(text):
                break
            continue
        if not lines and (_ABOVE_TITLE.match(text) or ANNEX.match(text)):
            continue
        if text.endswith(("：", ":")) or _LAW_INFO.match(text) or (
                text.startswith("各") and re.search("[、，]", text)):
            if lines:
                break
            continue
        if lines and (len(text) > TITLE_LINE_MAX or _UNDER_TITLE.match(text)
                      or _is_body_list(text)):
            break
        # a finished title ends here, but a qualifier line below it still belongs to it
        if lines and TITLE_END.search("".join(lines)) and not _CONTINUES.match(text) \
                and "《" not in "".join(lines).rsplit("》", 1)[-1] \
                and not re.fullmatch(r"（[^（）]{1,20}）", text):
            break
        lines.append(text)
    if not lines:
        return None
    title = normalise_title(ANNEX_PREFIX.sub("", "".join(lines)))
    return re.sub(r"(?<=.{4})目录$", "", title) or None


def _issuer_under_title(head: list[Paragraph]) -> str | None:
    """A line of issuers right under the title (统计公报, 纪要 print it there)."""
    for para in head[1:4]:
        if _is_body_list(para.text):
            return lead_body([para.text])
    return None


def _is_body_list(text: str) -> bool:
    """万载县统计局 国家统计局万载调查队: a line of issuers' names."""
    names = [t for t in re.split(r"[\s、]+", text) if t]
    return bool(names) and all(BODY_END.search(n) and len(n) <= 20 for n in names) \
        and not TITLE_END.search(text)


def _issued_title(cover: tuple[Paragraph, ...]) -> str | None:
    """《运城市…工作方案》已经…现印发给你们: the title of what a cover issues."""
    for para in cover:
        if "印发" in para.text:
            match = _CITED.search(para.text)
            if match:
                return normalise_title(match.group(1))
    return None


def _signature(paragraphs, clean: CleanText) -> tuple[str | None, str | None, bool]:
    """The lead issuer in the signature block above the first date line, that
    date, and whether spam was cut out of the block (the name was defaced)."""
    for i, para in enumerate(paragraphs[1:], start=1):
        match = DATE_LINE.match(para.text)
        if match:
            block = signature_above(paragraphs, i)
            if not block:
                return None, None, False
            lo = clean.tracked.raw_span(block[0].start, block[0].end)[0]
            hi = clean.tracked.raw_span(block[-1].start, block[-1].end)[1]
            defaced = any(f.kind == "spam" and lo - len(f.detail) <= f.raw_start <= hi
                          for f in clean.flags)
            return lead_body([p.text for p in block]), date_value(match), defaced
    return None, None, False


def _first_date(paragraphs) -> str | None:
    for para in paragraphs:
        match = DATE_LINE.match(para.text)
        if match:
            return date_value(match)
    return None


def _law_info(paragraphs) -> dict:
    """Enacting body and latest date from lawrefbook's info block."""
    end = next((i for i, p in enumerate(paragraphs[:40])
                if p.text.startswith("<!--") and "INFO END" in p.text), None)
    if end is None:
        return {}
    info: dict = {}
    for para in paragraphs[:end]:
        match = _LAW_INFO.match(para.text)
        if not match:
            continue
        year, month, day, rest = match.groups()
        date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        info["date"] = max(info.get("date", date), date)
        info["first_date"] = min(info.get("first_date", date), date)
        session = _SESSION.match(rest.strip())
        meeting = _MEETING.match(rest.strip())
        body = ((session.group(1) + session.group(2)) if session
                else meeting.group(1) if meeting else None)
        if body and "issuer" not in info:
            info["issuer"] = body.strip()
        elif "issuer" not in info:
            named = _PROMULGATED.match(rest.strip())
            if named:
                info["issuer"] = named.group(1)
    return info


def _summary_flags(clean: CleanText, part: DocumentPart) -> list[Flag]:
    """Document-level flags: what cleaning did inside this document's span
    (and the whole-file counts, t2s and pinyin, whose raw_start is -1)."""
    if not (part.cover or part.paragraphs):
        return []
    lo, hi = raw_extent(part, clean)
    return [f for f in clean.flags if f.raw_start < 0 or lo <= f.raw_start <= hi]
