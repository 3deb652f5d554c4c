"""HTML pages saved from government portals, of any template.

The article body is the element a CMS marks as content (TRS, UCAP, …) that
holds the most text; navigation, scripts, share buttons and forms are
dropped. A portal page also carries the document's facts in a metadata
table outside the article (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期,
主题分类 — the layout of www.gov.cn's policy library and of most provincial
and city portals): those are read as labelled cells, and returned as fields
the metadata stage uses, marked as coming from the page.
"""

from __future__ import annotations

import re

from ._common import Extracted
from .text import detect_encoding

_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "noscript", "form",
              "iframe", "svg", "button", "select", "template")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "ul", "ol", "td", "th")
# Government sites put the article in one of these (TRS and other CMSs).
_BODY_HINTS = re.compile(r"(article|content|zoom|trs_editor|txt|detail|main|pages_content)",
                         re.IGNORECASE)
#: Labels of portal metadata tables → Metadata field (None: shown, not used).
PAGE_LABELS = {
    "发文字号": "doc_no", "文号": "doc_no", "发文机关": "issuer",
    "发文单位": "issuer", "成文日期": "date", "标题": "title",
    # Shown, not used: a portal's publisher and posting dates are the site's,
    # not the document's (a provincial bulletin reposted on a city portal).
    "索引号": "index_no", "主题分类": "topic", "发布日期": "published", "发文日期": "published",
    "发布机构": "publisher", "生成日期": "published",
}
_LABEL_LINE = re.compile(rf"^({'|'.join(PAGE_LABELS)})[:：]\s*(.*)$")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_DATE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")


def read_html(data: bytes) -> Extracted:
    """The article text of a saved page, and the page's metadata table."""
    encoding = detect_encoding(data)
    text, fields = html_text(data.decode(encoding))
    return Extracted(text=text, encoding=encoding, fields=fields)


def html_text(html: str) -> tuple[str, dict]:
    """The readable article text, one block per line, and the page fields."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    _mark_blocks(soup)
    root = soup.find("article") or _article(soup) or soup.body or soup
    text = _lines(root.get_text(""))
    heading = _heading_before(root)
    if heading and heading not in text[:300].replace("\n", ""):
        text = heading + "\n" + text   # the title shown above the article
    if root is not soup and root is not soup.body:
        root.extract()   # what is left is the page around the article
    fields = page_fields(_lines(soup.get_text("")).split("\n"))
    return text, fields


def page_fields(lines: list[str]) -> dict:
    """Fields of a metadata table read as lines: a label alone on its line
    (its cell) with the value on the next, or ``label：value`` on one line."""
    fields: dict = {}
    for i, line in enumerate(lines):
        compact = _SPACES.sub("", line)
        match = _LABEL_LINE.match(compact)
        if not match:
            continue
        label, value = match.group(1), match.group(2)
        if not value and i + 1 < len(lines):
            following = _SPACES.sub("", lines[i + 1])
            value = "" if _LABEL_LINE.match(following) else lines[i + 1].strip()
        name = PAGE_LABELS[label]
        if value and name not in fields:
            fields[name] = _field_value(name, value)
    return {k: v for k, v in fields.items() if v}


def _field_value(name: str, value: str) -> str | None:
    if name in ("date", "published"):
        match = _DATE.search(value)
        return "{:04d}-{:02d}-{:02d}".format(*map(int, match.groups())) if match else None
    return value.strip()


def _mark_blocks(soup) -> None:
    for tag in soup.find_all(_BLOCK_TAGS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")


def _lines(text: str) -> str:
    lines = (line.strip(" \t\u00a0") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _article(soup):
    """The innermost content-like element (by id, class or CMS tag name) that
    still holds nearly all the text of the largest one: portals nest the
    article in containers that also hold the title bar and share buttons."""
    hinted = [(len(tag.get_text(strip=True)), tag) for tag in soup.find_all(True)
              if _BODY_HINTS.search(" ".join([tag.name, tag.get("id") or ""]
                                             + list(tag.get("class") or [])))]
    if not hinted:
        return None
    size, best = max(hinted, key=lambda pair: pair[0])
    inner = [(n, tag) for n, tag in hinted
             if n >= 0.85 * size and best in tag.parents]
    return min(inner, key=lambda pair: pair[0])[1] if inner else best


def _heading_before(root) -> str | None:
    """The page's <h1> title when it stands outside the article element."""
    if root.name == "[document]":
        return None
    heading = root.find_previous("h1")
    text = _SPACES.sub("", heading.get_text("")) if heading else ""
    return text if 4 <= len(text) <= 120 else None
