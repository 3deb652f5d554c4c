"""A document's coverage: :func:`document_coverage` answers "which clauses of
this plan did the documents below it carry, and which did they leave out"."""

from __future__ import annotations

from corpus import Store
from corpus.vocabulary import is_form

from ..errors import NotFound


def document_coverage(store: Store, parent_doc: str, child_doc: str | None = None) -> dict:
    """For each clause of ``parent_doc``, the clauses of each child document
    that implement it; a clause no child clause links to is ``missing`` in
    that child. The children are ``child_doc``, or else every document
    that cites the parent or has a clause linked to it; of these, one with no
    clause linked to the parent at all is listed under ``unlinked`` ("no
    clause-level link"), not as leaving out every clause. A form in the
    parent (an annex 申报表, ``vocabulary.is_form``) is not a task to carry."""
    parent = store.document(parent_doc)
    if parent is None:
        raise NotFound(f"文件 {parent_doc}")
    if child_doc is not None:
        if store.document_header(child_doc) is None:
            raise NotFound(f"文件 {child_doc}")
        children = [child_doc]
    else:
        children = store.lineage.child_documents(parent_doc)
    links: dict[tuple[str, str], list[dict]] = {}
    for child, parent_id, child_id, score in store.lineage.links_into(parent_doc):
        links.setdefault((parent_id, child), []).append({"clause_id": child_id,
                                                         "score": score})
    linked = {child for _, child in links}
    unlinked = [c for c in children if c not in linked]
    children = [c for c in children if c not in unlinked]
    rows = []
    for clause in parent.clauses:
        if clause.kind == "cover":   # the 印发 wrapper is not a task to implement
            continue
        rows.append({"clause_id": clause.id, "label": clause.label, "path": list(clause.path),
                     "heading": clause.heading,
                     "structural": not clause.text.strip() or is_form(clause.text),
                     "children": {c: links.get((clause.id, c), []) for c in children}})
    substantive = [r for r in rows if not r["structural"]]
    docs = []
    for child in children:
        doc = store.document_header(child) or {"title": None, "doc_no": None, "level": None,
                                               "date": None}
        missing = [r["clause_id"] for r in substantive if not r["children"][child]]
        docs.append({"doc_id": child, "title": doc["title"], "doc_no": doc["doc_no"],
                     "level": doc["level"], "date": doc["date"],
                     "implemented": len(substantive) - len(missing),
                     "of": len(substantive), "missing": missing})
    return {"doc_id": parent_doc, "title": parent.meta.title, "children": docs,
            "unlinked": [{"doc_id": c, **{k: (store.document_header(c) or {}).get(k)
                                          for k in ("title", "doc_no", "level", "date")}}
                         for c in unlinked],
            "clauses": rows}
