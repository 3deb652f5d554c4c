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

from .divisions import find_region, government_level, is_national_body
from .models import CleanText, DocumentPart, Flag, Metadata, Paragraph, Reference
from .parse import head_length
from .split import DATE_LINE, DOC_NO_LINE, RED_HEAD, raw_extent

_DOC_NO = re.compile(r"[\u3400-\u9fff]{1,14}?〔\d{4}〕\d{1,5}号")
_CITED = re.compile(r"《([^《》]{2,120})》")
_CITED_WITH_NO = re.compile(r"《([^《》]{2,120})》[（(]\s*([\u3400-\u9fff]{1,14}〔\d{4}〕\d{1,5}号)"
                            r"(?:[，,]\s*以下简称\s*[《“\"]?([^》”\"）)]{1,20})[》”\"]?)?\s*[）)]")
_SHORT_NAME = re.compile(r"《([^《》]{2,120})》[（(][^（）()]*?以下简称\s*[《“\"]?"
                         r"([^》”\"）)，,]{1,20})[》”\"]?[）)]")
_CITING_BODY = re.compile(r"(国务院|[\u4e00-\u9fff]{2,16}?(?:总局|部|厅|局|委员会|委|政府|办公厅|办公室))$")
_TYPES = ("实施细则", "实施办法", "实施方案", "工作方案", "行动方案", "实施意见", "指导意见", "管理办法",
          "暂行办法", "暂行规定", "若干规定", "司法解释", "修正案", "条例", "规定", "办法", "细则", "意见",
          "通知", "决定", "方案", "规划", "纲要", "计划", "要点", "指引", "清单", "批复", "公告", "通告",
          "解释", "法")
_LAW_INFO = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)")
_SESSION = re.compile(r"^(?:由)?(.*?)第[一二三四五六七八九十百]+届(.*?)第[一二三四五六七八九十百]+次(?:全体)?会议")
_MEETING = re.compile(r"^(?:由)?(?:中华人民共和国)?(国务院|.{2,24}?)(?:第[\d一二三四五六七八九十百千]+次"
                      r"(?:常务|全体|主任|委员)?会议|令)")
_SPACE_IN_TITLE = re.compile(r"(?<=[\u3400-\u9fff《》“”（）、，]) +(?=[\u3400-\u9fff《》“”（）])")


def extract_metadata(part: DocumentPart, clean: CleanText, title_hint: str = "") -> Metadata:
    """What the text says about the document it holds."""
    flags: list[Flag] = []
    body_head = list(part.paragraphs[:head_length(part.paragraphs)])
    cover_head = list(part.cover[:head_length(part.cover)]) if part.cover else []
    heads = cover_head + body_head
    text = "\n".join(p.text for p in (*part.cover, *part.paragraphs))
    info = _law_info(part.paragraphs)

    doc_no = next((p.text for p in heads if DOC_NO_LINE.match(p.text)), None)
    red_head = next((RED_HEAD.match(p.text).group(0)[:-2] for p in heads
                     if RED_HEAD.match(p.text)), None)
    body_title = _title(body_head) or title_hint
    cover_title = _title(cover_head) if part.cover else None
    if part.cover and not body_title:
        body_title = _issued_title(part.cover) or ""
    title = body_title or cover_title or ""

    signature, defaced = _signature(part.cover or part.paragraphs, clean)
    if defaced:
        flags.append(Flag("issuer_defaced", signature or ""))
        signature = None
    issuer = (signature or red_head or info.get("issuer")
              or _issuer_from_title(cover_title or title))
    date = _signature_date(part.cover or part.paragraphs) or info.get("date") \
        or _signature_date(part.paragraphs)
    if not doc_no:
        flags.append(Flag("no_doc_no"))

    region = find_region(issuer, context=text[:2000]) if issuer else None
    if region is None and not (issuer and is_national_body(issuer)):
        region = find_region(title, context=text[:2000])
    level = government_level(region, issuer)
    if level is None and re.match(r"^(中华人民共和国|国务院|最高人民)", title):
        level = "national"  # 中华人民共和国…法 and its 实施条例 are national
    references = find_references(text, own_titles={title, cover_title}, own_doc_no=doc_no)
    flags.extend(_summary_flags(clean, part))
    return Metadata(
        title=title, cover_title=cover_title if cover_title != title else None, doc_no=doc_no,
        issuer=issuer, date=date, doc_type=document_type(title), level=level,
        first_date=info.get("first_date") if info.get("first_date") != date else None,
        region=region.full_name if region else ("全国" if level == "national" else None),
        region_code=region.code if region else None, references=tuple(references),
        flags=tuple(flags))


def normalise_title(text: str) -> str:
    """A title as cited: no layout spaces, no Markdown marks."""
    return _SPACE_IN_TITLE.sub("", text.strip().lstrip("#").strip())


def document_type(title: str) -> str | None:
    """实施方案, 意见, 条例 …: the kind of document its title ends with."""
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title)
    core = re.sub(r"的通知$", "", core) if "印发" in core else core
    for name in _TYPES:
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
    for match in _DOC_NO.finditer(text):
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


def _title(head: list[Paragraph]) -> str | None:
    """The title lines of a head: not red-head, 文号, addressee, or law info."""
    lines = []
    for para in head:
        text = para.text
        if DOC_NO_LINE.match(text) or RED_HEAD.match(text) or text.startswith("<!--"):
            if lines and DOC_NO_LINE.match(text):
                break
            continue
        if text.endswith(("：", ":")) or _LAW_INFO.match(text) or (
                text.startswith("各") and re.search("[、，]", text)):
            if lines:
                break
            continue
        lines.append(text)
    return normalise_title("".join(lines)) if lines else None


def _issued_title(cover: tuple[Paragraph, ...]) -> str | None:
    """《运城市…工作方案》已经…现印发给你们: the title of what a cover issues."""
    for para in cover:
        if "印发" in para.text:
            match = _CITED.search(para.text)
            if match:
                return normalise_title(match.group(1))
    return None


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    match = re.match(r"^(.{2,40}?)(?:关于|转发|印发)", title)
    return match.group(1) if match else None


def _signature(paragraphs, clean: CleanText) -> tuple[str | None, bool]:
    """The signature line above the first signature date, and whether spam
    was cut out of it (the issuer's name was defaced)."""
    for i, para in enumerate(paragraphs[1:], start=1):
        if DATE_LINE.match(para.text):
            above = paragraphs[i - 1]
            if len(above.text) > 40 or re.search(r"[。，；：]", above.text):
                return None, False
            lo, hi = clean.tracked.raw_span(above.start, above.end)
            defaced = any(f.kind == "spam" and lo - len(f.detail) <= f.raw_start <= hi
                          for f in clean.flags)
            return above.text, defaced
    return None, False


def _signature_date(paragraphs) -> str | None:
    for para in paragraphs:
        match = DATE_LINE.match(para.text)
        if match:
            return "{:04d}-{:02d}-{:02d}".format(*map(int, match.groups()))
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
            named = re.match(r"^(国务院|最高人民法院|最高人民检察院|[\u4e00-\u9fff]{2,20}?(?:部|总局|委员会))",
                             rest.strip())
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
