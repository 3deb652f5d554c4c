"""Citations of a clause or a document, in the styles drafters use.

- ``gongwen``: in-text, as 《党政机关公文处理工作条例》 (2012) asks of a cited
  document — title first, then its 文号 in round brackets — followed by the
  place in it (第三条; for a plan, 第三部分第（二）项) and the quoted text.
- ``gbt7714``: a reference-list entry after GB/T 7714-2015: ``issuer.
  title: 文号[A]. date.`` The standard has no type code of its own for
  公文; its own example of a government notice (北京市人民政府办公厅 …
  京政办发[2005]37号) uses [A] (档案, archival material), so we do too, with
  /OL and the address when the document was taken from the web.
- ``markdown``: the in-text citation as a link to the clause's page, and
  the quoted text as a block quote.
- ``plain``: title, 文号, place and text on one line, no markup.

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
from corpus.models import FLAG_KINDS, Clause, Document

from .trace import NotFound

STYLES = ("gongwen", "gbt7714", "markdown", "plain")
BASE_URL = os.environ.get("POLICYKB_BASE_URL", "http://127.0.0.1:8000")
NO_DOC_NO = "原文未载文号"
_CHINESE_DIGITS = "零一二三四五六七八九十"


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
        raise NotFound(f"no clause {clause_id!r}")
    doc = store.document(clause.doc_id)
    return _format(doc, clause, style, base_url)


def cite_document(store: Store, doc_id: str, style: str = "gongwen",
                  base_url: str | None = None) -> Citation:
    """A citation of a whole document (no place, no quotation)."""
    doc = store.document(doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id!r}")
    return _format(doc, None, style, base_url)


def clause_place(clause: Clause) -> str:
    """Where the clause is, as a drafter writes it: 第三条, 第三部分第（二）项,
    附件2, 前言部分."""
    if clause.kind == "cover":
        return "印发通知"
    if clause.kind == "preamble":
        return "前言部分"
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


def _format(doc: Document, clause: Clause | None, style: str,
            base_url: str | None = None) -> Citation:
    if style not in STYLES:
        raise ValueError(f"style: {style!r} is not one of {', '.join(STYLES)}")
    m = doc.meta
    place = clause_place(clause) if clause else ""
    quote = (clause.text or clause.heading) if clause else ""
    warnings = _warnings(doc, clause)
    doc_no = f"（{m.doc_no}）" if m.doc_no else f"（{NO_DOC_NO}）"
    in_text = f"《{m.title}》{doc_no}{place}"
    if style == "gongwen":
        text = in_text + (f"规定：“{quote}”" if quote else "")
    elif style == "gbt7714":
        issuer = f"{m.issuer}. " if m.issuer else ""
        number = f": {m.doc_no}" if m.doc_no else ""
        kind = "[A/OL]" if doc.source_url else "[A]"
        where = f" {doc.source_url}." if doc.source_url else ""
        text = f"{issuer}{m.title}{number}{kind}. {m.date or '日期不详'}.{where}"
    elif style == "markdown":
        base = (base_url or BASE_URL).rstrip("/")
        url = f"{base}/clauses/{clause.id}" if clause else f"{base}/docs/{doc.id}"
        text = f"[{in_text}]({url})" + (f"\n\n> {quote}" if quote else "")
    else:
        text = " ".join(p for p in (f"《{m.title}》", m.doc_no or NO_DOC_NO, place, quote) if p)
    if warnings:
        note = "".join(warnings)
        text += ("\n\n> ⚠ " if style == "markdown" else "\n【注意】") + note
    return Citation(style=style, text=text, clause_id=clause.id if clause else None,
                    doc_id=doc.id, place=place, quote=quote, warnings=warnings)
