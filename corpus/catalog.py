"""Documents and clauses as the JSON records of DESIGN.md, references resolved.

A reference resolves to a stored document when its 文号 matches, or its
title does once layout is ignored (spaces, quotation-mark and bracket
variants, and the issuer prefix before 关于). A document's ``parents`` are
the documents it forwards or cites that were issued on or before it; the
lineage engine refines this with clause evidence.
"""

from __future__ import annotations

import re

from .models import Document
from .store import Store

_NOISE = re.compile(r"[\s《》〈〉“”‘’\"'「」『』·]")


def title_key(title: str | None) -> str:
    """关于引导…的意见 for 市场监管总局关于引导…的意见, layout removed."""
    if not title:
        return ""
    key = _NOISE.sub("", title)
    key = key.replace("(", "（").replace(")", "）")
    return key[key.index("关于"):] if "关于" in key else key


class Catalog:
    """Look-up tables over the stored documents, for resolving citations."""

    def __init__(self, documents: list[Document]):
        self.documents = {d.id: d for d in documents}
        self.by_no = {d.meta.doc_no: d for d in documents if d.meta.doc_no}
        self.by_title: dict[str, Document] = {}
        for doc in documents:
            for title in (doc.meta.title, doc.meta.cover_title):
                if title_key(title):
                    self.by_title.setdefault(title_key(title), doc)

    def resolve(self, title: str | None, doc_no: str | None) -> Document | None:
        return self.by_no.get(doc_no or "") or self.by_title.get(title_key(title))

    def parents(self, doc: Document) -> list[str]:
        found = []
        if doc.forwards and doc.forwards in self.documents:
            found.append(doc.forwards)
        for ref in doc.meta.references:
            target = self.resolve(ref.title, ref.doc_no)
            if target and target.id != doc.id and target.id not in found and (
                    not doc.meta.date or not target.meta.date or target.meta.date <= doc.meta.date):
                found.append(target.id)
        return found


def document_records(store: Store) -> list[dict]:
    """Every document as its JSON record, in date order."""
    documents = store.documents()
    catalog = Catalog(documents)
    counts = dict(store.db.execute("SELECT doc_id, count(*) FROM clauses GROUP BY doc_id"))
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
        target = catalog.resolve(ref.title, ref.doc_no)
        refs.append({**ref.to_json(), "resolved": target.id if target else None})
    record["references"] = refs
    return record
