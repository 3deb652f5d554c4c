"""Documents and clauses as the JSON records of DESIGN.md, references resolved.

A reference resolves to a stored document when its 文号 matches, or its
title does once layout is ignored (spaces, quotation-mark and bracket
variants, and the issuer prefix before 关于). A document's ``parents`` are
the documents it forwards or cites that were issued on or before it; the
lineage engine refines this with clause evidence.
"""

from __future__ import annotations

import re
import unicodedata

from .models import FLAG_KINDS, Document
from .store import Store

_NOISE = re.compile(r"[\s《》〈〉<>“”‘’\"'「」『』·]")
# 关于印发X的通知, 关于升级…并印发X的通知: X is what the notice issues.
_ISSUING = re.compile(r"^关于(?:.{0,40}?[并和及])?(?:印发|转发|发布)(.{4,})的(?:通知|通告|公告)$")


def title_key(title: str | None) -> str:
    """关于引导…的意见 for 市场监管总局关于引导…的意见, layout removed: spaces,
    quotation marks and brackets of any kind, width variants (＋/+, full-width
    digits), and a trailing 目录 of a compilation."""
    if not title:
        return ""
    key = _NOISE.sub("", unicodedata.normalize("NFKC", title))
    key = key.replace("(", "（").replace(")", "）")
    key = re.sub(r"(?<=.{4})目录$", "", key)
    return key[key.index("关于"):] if "关于" in key else key


def title_keys(title: str | None) -> set[str]:
    """The keys a title is known by: itself, and for 关于印发X的通知 also X
    (a citation names either the notice or what it issues)."""
    key = title_key(title)
    if not key:
        return set()
    inner = _ISSUING.match(key)
    return {key, title_key(inner.group(1))} if inner else {key}


class Catalog:
    """Look-up tables over the stored documents, for resolving citations."""

    def __init__(self, documents: list[Document]):
        self.documents = {d.id: d for d in documents}
        self.by_no = {d.meta.doc_no: d for d in documents if d.meta.doc_no}
        # A title may name several versions of a law (lawrefbook keeps both
        # the 2018 and the 2022 妇女权益保障法): all are kept, oldest first.
        self.by_title: dict[str, list[Document]] = {}
        for doc in sorted(documents, key=lambda d: d.meta.date or ""):
            for key in title_keys(doc.meta.title) | title_keys(doc.meta.cover_title):
                self.by_title.setdefault(key, []).append(doc)

    def resolve(self, title: str | None, doc_no: str | None,
                as_of: str | None = None) -> Document | None:
        """The document a citation names. Of several versions with the title,
        the one in force on ``as_of``: the latest issued by then, or else the
        first version whose original was (a later revision of the same law)."""
        found = self.by_no.get(doc_no or "")
        if found:
            return found
        versions = next((self.by_title[k] for k in sorted(title_keys(title), key=len, reverse=True)
                         if k in self.by_title), [])
        if not versions or not as_of:
            return versions[-1] if versions else None
        issued = [d for d in versions if d.meta.date and d.meta.date <= as_of]
        if issued:
            return issued[-1]
        return next((d for d in versions if issued_by(d, as_of)), versions[0])

    def parents(self, doc: Document) -> list[str]:
        """Documents ``doc`` forwards or cites that were issued on or before it."""
        return [parent for parent, _, _ in self.parent_links(doc)]

    def parent_links(self, doc: Document) -> list[tuple[str, str, str]]:
        """(parent id, how it is cited, the citation) for each parent:
        ``forwards`` (a 转发/印发 wrapper), ``doc_no`` or ``title``."""
        found: dict[str, tuple[str, str, str]] = {}
        if doc.forwards and doc.forwards in self.documents:
            found[doc.forwards] = (doc.forwards, "forwards", self.documents[doc.forwards].meta.title)
        for ref in doc.meta.references:
            target = self.resolve(ref.title, ref.doc_no, doc.meta.date)
            if target and target.id != doc.id and target.id not in found and (
                    not doc.meta.date or issued_by(target, doc.meta.date)):
                how = "doc_no" if ref.doc_no and self.by_no.get(ref.doc_no) is target else "title"
                cited = "《" + ref.title + "》" if ref.title else ""
                found[target.id] = (target.id, how, cited + (ref.doc_no or ""))
        return list(found.values())


def one_rule(a: Document, b: Document) -> bool:
    """Are two documents versions of one rule (全国年节及纪念日放假办法 of 2013
    and of 2024): the same title, level and region? Neither implements the
    other; a province's and a city's 关于加强X的意见 are not one rule."""
    return (title_key(a.meta.title) == title_key(b.meta.title)
            and (a.meta.level, a.meta.region_code) == (b.meta.level, b.meta.region_code))


def issued_by(doc: Document, date: str) -> bool:
    """Was ``doc`` (or, for a revised law, its first version) issued by
    ``date``? Unknown dates do not rule a document out."""
    first = doc.meta.first_date or doc.meta.date
    return not first or first <= date


def document_records(store: Store) -> list[dict]:
    """Every document as its JSON record, in date order."""
    documents = store.documents()
    catalog = Catalog(documents)
    counts = store.clause_counts()
    return [_record(doc, catalog, counts.get(doc.id, 0)) for doc in documents]


def document_record(store: Store, doc_id: str) -> dict | None:
    """One document's JSON record with its clauses."""
    doc = store.document(doc_id)
    if doc is None:
        return None
    record = _record(doc, Catalog(store.documents()), len(doc.clauses))
    record["clauses"] = [c.to_json() for c in doc.clauses]
    return record


def _record(doc: Document, catalog: Catalog, clause_count: int) -> dict:
    record = doc.to_json()
    record["clause_count"] = clause_count
    record["parents"] = catalog.parents(doc)
    refs = []
    for ref in doc.meta.references:
        target = catalog.resolve(ref.title, ref.doc_no, doc.meta.date)
        refs.append({**ref.to_json(), "resolved": target.id if target else None})
    record["references"] = refs
    return record


def flag_groups(record: dict) -> list[dict]:
    """A document record's flags, one group per kind: its ``severity`` and
    ``meaning`` (FLAG_KINDS), how many, what was found (each distinct
    detail once) and the clauses (id and path) carrying it — so eight cuts
    of one injected advert read as one warning naming its five clauses.
    Warnings first, in FLAG_KINDS order."""
    out: dict[str, dict] = {}
    for flag in record["flags"]:
        severity, meaning = FLAG_KINDS.get(flag["kind"], ("notice", flag["kind"]))
        group = out.setdefault(flag["kind"], {
            "kind": flag["kind"], "severity": severity, "meaning": meaning,
            "count": 0, "details": [], "clauses": []})
        group["count"] += 1
        detail = (flag["detail"] or "").strip(" ：:")
        if detail and detail not in group["details"]:
            group["details"].append(detail)
    for clause in record.get("clauses", ()):
        for kind in dict.fromkeys(f["kind"] for f in clause["flags"]):
            if kind in out:
                out[kind]["clauses"].append({"id": clause["id"], "path": clause["path"]})
    order = list(FLAG_KINDS)
    return sorted(out.values(), key=lambda g: (g["severity"] != "warning",
                                               order.index(g["kind"]) if g["kind"] in order
                                               else len(order)))
