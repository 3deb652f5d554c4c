"""Citations of a clause or a document, in the styles drafters use.

- ``gongwen``: in-text, as 《党政机关公文处理工作条例》 (2012) asks of a cited
  document — title first, then its 文号 in round brackets — followed by the
  place in it (第三条; for a plan, 第三部分第（二）项) and the quoted text.
- ``gbt7714``: a reference-list entry after GB/T 7714-2015: ``issuer.
  title: 文号[A]. date.``, a clause's place after the date where the
  standard puts the cited page (``date: 第六部分第（十七）项.``). The standard has no type code of its own for
  公文; its own example of a government notice (北京市人民政府办公厅 …
  京政办发[2005]37号) uses [A] (档案, archival material), so we do too, with
  /OL and the address when the document was taken from the web.
- ``markdown``: the in-text citation as a link to the clause's page, and
  the quoted text as a block quote.
- ``plain``: title, 文号, place and text on one line, no markup.

A style is one function registered in :data:`STYLES` with :func:`style`:
it gets a :class:`Source` (document, clause, place, quotation, base URL) and
returns the citation's text; warnings are added after it by the registry.

What the source lacks is said, not invented: the 运城 plan has no 文号 in
its text, so its citations say 原文未载文号; a curated field (the 运城 issuer)
is marked. A clause whose text carries integrity flags (spam cut out of
it, a repaired or unrepaired garbled run, a fragment) gets a warning inside
the citation output itself, so it travels with the copied text.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass

from corpus import Store
from corpus.labels import annex_table_row
from corpus.models import FLAG_KINDS, Clause, Document

from ..errors import BadRequest, NotFound

#: Where a Markdown citation links to: the server's public address when
#: POLICYKB_BASE_URL sets it (a server behind a proxy is reached at an inner
#: address), else the address the request came to, else the default serve.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
NO_DOC_NO = "原文未载文号"


@dataclass(frozen=True)
class Source:
    """What a style formats: a document, maybe one of its clauses."""
    doc: Document
    clause: Clause | None
    place: str          # 第三条, 第三部分第（二）项, "" for a document
    quote: str          # the clause's text (its heading when it has none)
    base_url: str

    @property
    def in_text(self) -> str:
        """《title》（文号）place: how a 公文 cites it in running text."""
        m = self.doc.meta
        return f"《{m.title}》（{m.doc_no or NO_DOC_NO}）{self.place}"


#: Citation styles by name, in the order the UI offers them.
STYLES: dict = {}


def style(name: str):
    """Register a function ``Source → str`` as citation style ``name``."""
    def register(format_source):
        STYLES[name] = format_source
        return format_source
    return register


@dataclass(frozen=True)
class Citation:
    style: str
    text: str
    clause_id: str | None
    doc_id: str
    place: str
    quote: str
    warnings: list[str]

    def to_json(self) -> dict:
        return asdict(self)


def cite_clause(store: Store, clause_id: str, style: str = "gongwen",
                base_url: str | None = None) -> Citation:
    """A citation of one clause, with its text quoted; ``base_url`` is where
    the web app serves (for the Markdown permalink)."""
    clause = store.clause(clause_id)
    if clause is None:
        raise NotFound(f"条款 {clause_id}")
    doc = store.document(clause.doc_id)
    return _format(doc, clause, style, base_url)


def cite_document(store: Store, doc_id: str, style: str = "gongwen",
                  base_url: str | None = None) -> Citation:
    """A citation of a whole document (no place, no quotation)."""
    doc = store.document(doc_id)
    if doc is None:
        raise NotFound(f"文件 {doc_id}")
    return _format(doc, None, style, base_url)


def clause_place(clause: Clause) -> str:
    """Where the clause is, as a drafter writes it: 第三条, 第三部分第（二）项,
    附件2, 前言部分."""
    if clause.kind == "cover":
        return "印发通知"
    if clause.kind == "preamble":
        return "前言部分"
    if annex_table_row(clause.path):
        # A numbered row of an annex's table is cited by its 序号 as an item
        # (附件2第11项); its category cells (规范监管（25分）) are not places.
        return f"{clause.path[0]}第{clause.path[-1].rstrip('.．、')}项"
    parts = []
    for depth, label in enumerate(clause.path):
        if re.fullmatch(r"第.+[编章节条款]", label) or label.startswith("附件"):
            parts.append(label)
        elif label.endswith("、") and depth == 0:
            parts.append(f"第{label[:-1]}部分")
        elif label.startswith("（") and label.endswith("）"):
            parts.append(f"第{label}项")
        elif re.fullmatch(r"\d+[.．、]?", label):
            parts.append(f"第{label.rstrip('.．、')}条")
        elif label == "——":
            parts.append(f"“{clause.heading}”" if clause.heading else "")
        elif label:
            parts.append(label)
    # 第一章第三条 reads 第三条 in a law: articles are numbered through.
    articles = [p for p in parts if re.fullmatch(r"第.+条", p) and not p[1:-1].isdigit()]
    if articles:
        return articles[-1]
    return "".join(parts)


def _warnings(doc: Document, clause: Clause | None) -> list[str]:
    out = []
    if not doc.meta.doc_no:
        out.append(f"{NO_DOC_NO}，请向发文机关核实后再引用。")
    if "issuer" in doc.curated:
        out.append(f"发文机关“{doc.meta.issuer}”为人工核定，原文此处被篡改。")
    for flag in (clause.flags if clause else ()):
        severity, meaning = FLAG_KINDS.get(flag.kind, ("notice", flag.kind))
        if severity == "warning":
            detail = f"（{flag.detail}）" if flag.detail else ""
            out.append(f"所引条文{meaning}{detail}，请核对官方原件。")
    return list(dict.fromkeys(out))


def _format(doc: Document, clause: Clause | None, style_name: str,
            base_url: str | None = None) -> Citation:
    format_source = STYLES.get(style_name)
    if format_source is None:
        raise BadRequest(f"引用格式只能是 {'、'.join(STYLES)}，不是“{style_name}”")
    source = Source(doc=doc, clause=clause, place=clause_place(clause) if clause else "",
                    quote=(clause.text or clause.heading) if clause else "",
                    base_url=(os.environ.get("POLICYKB_BASE_URL") or base_url
                              or DEFAULT_BASE_URL).rstrip("/"))
    warnings = _warnings(doc, clause)
    text = format_source(source)
    if warnings:
        note = "".join(warnings)
        text += ("\n\n> ⚠ " if style_name == "markdown" else "\n【注意】") + note
    return Citation(style=style_name, text=text, clause_id=clause.id if clause else None,
                    doc_id=doc.id, place=source.place, quote=source.quote, warnings=warnings)


@style("gongwen")
def gongwen(source: Source) -> str:
    return source.in_text + (f"规定：“{source.quote}”" if source.quote else "")


@style("gbt7714")
def gbt7714(source: Source) -> str:
    m, url = source.doc.meta, source.doc.source_url
    issuer = f"{m.issuer}. " if m.issuer else ""
    number = f": {m.doc_no}" if m.doc_no else ""
    kind = "[A/OL]" if url else "[A]"
    where = f" {url}." if url else ""
    # A clause's place stands where the standard puts 引文页码, after the
    # date and a colon (出版年: 引文页码): the entry names the work, this the spot.
    place = f": {source.place}" if source.clause and source.place else ""
    return f"{issuer}{m.title}{number}{kind}. {m.date or '日期不详'}{place}.{where}"


@style("markdown")
def markdown(source: Source) -> str:
    clause = source.clause
    url = (f"{source.base_url}/clauses/{clause.id}" if clause
           else f"{source.base_url}/docs/{source.doc.id}")
    return f"[{source.in_text}]({url})" + (f"\n\n> {source.quote}" if source.quote else "")


@style("plain")
def plain(source: Source) -> str:
    m = source.doc.meta
    return " ".join(p for p in (f"《{m.title}》", m.doc_no or NO_DOC_NO, source.place,
                                source.quote) if p)
