"""Who issued a document, read where GB/T 9704-2012 puts it.

In order of trust: the signature (发文机关署名, §7.3.5) above the date —
the lead, first-named body of a joint document, with a name the layout
broke over two lines joined again; then the red-head (…文件); then the 版记's
印发 line (§7.4.3: the office that printed it, e.g. 农业农村部办公厅
2025年1月24日印发); then what precedes 关于 in the title.
"""

from __future__ import annotations

import re

from .divisions import find_region
from .labels import find_label
from .models import Paragraph
from .vocabulary import (
    BODY_END,
    CENTRAL_BODY,
    CLOSING_FORMULA,
    DATE,
    DATE_LINE,
    IMPRINT_LINE,
    date_value,
)

_SEPARATORS = re.compile(r"[\s、，,]+")
_SENTENCE = re.compile(r"[。，；：:！？]")
# A name that starts a new body inside a run of names: a province or city
# written out (江苏省…, 济南市…) or a central prefix (中国…, 国家…, 中共…).
_NEW_BODY = re.compile(r"^(中共|中国|国家|国务院|[\u4e00-\u9fff]{2,8}?[省市县区])")
SIGNATURE_LINES = 8
_AND_OTHERS = re.compile(r"等[\d一二三四五六七八九十]+个?(部门|单位|家单位|家)$")


def signature_above(paragraphs, index: int) -> list[Paragraph]:
    """The signature block: the short, unpunctuated lines right above the
    date line at ``index`` (one line, or several for a joint document)."""
    block: list[Paragraph] = []
    for para in reversed(paragraphs[max(0, index - SIGNATURE_LINES):index]):
        text = para.text
        if (len(text) > 40 or _SENTENCE.search(text) or find_label(text)
                or DATE_LINE.match(text) or CLOSING_FORMULA.match(text)):
            break
        block.insert(0, para)
    return block


def lead_body(lines: list[str]) -> str | None:
    """The first complete body named in signature lines (or a title prefix):
    names split at spaces and 、, a fragment joined to what follows it."""
    names: list[str] = []
    pending = ""
    for token in (t for line in lines for t in _SEPARATORS.split(line) if t):
        pending += token
        if BODY_END.search(pending):
            names.extend(split_bodies(pending))
            pending = ""
    # What is left is no body's name (总理 李克强: a signatory and a title).
    return names[0] if names else None


def split_bodies(run: str) -> list[str]:
    """中国银保监会江苏监管局江苏省生态环境厅 → the two bodies it names.

    A split falls after a body's name where another begins with a province or
    city written out, or 中国/国家/中共; a central body followed by its own
    regional branch (国家税务总局浙江省税务局) stays one name."""
    for cut in range(2, len(run) - 2):
        left, right = run[:cut], run[cut:]
        if (BODY_END.search(left) and _NEW_BODY.match(right) and BODY_END.search(right)
                and not _is_central(left) and (find_region(right) or
                                                  right.startswith(("中国", "国家", "中共")))):
            return [left, *split_bodies(right)]
    return [run]


def _is_central(name: str) -> bool:
    """中国银保监会, 国家税务总局: a central body, with no place in its name."""
    return bool(CENTRAL_BODY.fullmatch(name)) and not any(find_region(name[i:])
                                                   for i in range(2, len(name) - 1))


def imprint(paragraphs) -> tuple[str | None, str | None]:
    """Body and date of the 版记's 印发 line, if there is one."""
    for para in reversed(paragraphs):
        match = IMPRINT_LINE.match(para.text)
        if match:
            found = DATE.search(para.text, match.end("body"))
            return lead_body([match.group("body")]), date_value(found) if found else None
    return None, None


def issuer_from_title(title: str | None) -> str | None:
    """X关于…: the lead body before 关于 (or 转发/印发) in a title."""
    if not title:
        return None
    match = re.match(r"^(.{2,60}?)(?:关于|转发|印发)", title)
    if not match:
        return None
    named = _AND_OTHERS.sub("", match.group(1))   # X等十三部门: X leads
    return lead_body([named]) if BODY_END.search(named) else None


# 本办法由温州银监分局负责解释: an annex issued without its notice names its
# issuer only here (the body that interprets a rule is the one that made it).
_INTERPRETS = re.compile(r"本(?:办法|规定|细则|指引|规范|规则|制度|意见|方案|标准|规程|机制)"
                         r"(?:由|的解释权属于|解释权归)([\u4e00-\u9fff（）]{2,30}?)(?:负责)?解释")


def interpreting_body(text: str) -> str | None:
    """The body a rule says interprets it, when it names one body."""
    match = _INTERPRETS.search(text[-6000:])
    if not match:
        return None
    body = lead_body([match.group(1)])
    return body if body and BODY_END.search(body) else None
