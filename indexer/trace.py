"""Reading the lineage links: a clause's family, a document's coverage.

:func:`clause_lineage` answers "where does this county task come from, and
who implements this national clause"; :func:`document_coverage` answers
"which clauses of this plan did the documents below it carry, and which did
they leave out". Both read the links :mod:`indexer.lineage` stored.
"""

from __future__ import annotations

import json
from collections import deque

from corpus import Store
from corpus.models import Clause

from .lineage import ensure_schema

MAX_DEPTH = 8   # national → county is 3 steps; a longer chain is a cycle guard


class NotFound(LookupError):
    """No clause or document with the id given (names it)."""


def clause_lineage(store: Store, clause_id: str) -> dict:
    """The clause, its parents and children (each link with its score,
    method and evidence), its ancestors up to the top and its descendants
    down to the bottom (each with the link that reached it)."""
    ensure_schema(store)
    clause = store.clause(clause_id)
    if clause is None:
        raise NotFound(f"no clause {clause_id!r}")
    return {
        "clause_id": clause_id,
        "clause": _summary(store, clause),
        "parents": _links(store, clause_id, up=True),
        "children": _links(store, clause_id, up=False),
        "ancestors": _walk(store, clause_id, up=True),
        "descendants": _walk(store, clause_id, up=False),
    }


def _links(store: Store, clause_id: str, up: bool) -> list[dict]:
    mine, other = ("child", "parent") if up else ("parent", "child")
    rows = store.db.execute(
        f"SELECT {other}, score, matched, method, evidence FROM clause_links"
        f" WHERE {mine}=? ORDER BY score DESC, {other}", (clause_id,)).fetchall()
    out = []
    for other_id, score, matched, method, evidence in rows:
        target = store.clause(other_id)
        if target is None:
            continue
        out.append({**_summary(store, target), "score": score, "matched": matched,
                    "method": method, "evidence": json.loads(evidence)})
    return out


def _walk(store: Store, clause_id: str, up: bool) -> list[dict]:
    """Breadth first over the links; each clause once, at its least depth."""
    mine, other = ("child", "parent") if up else ("parent", "child")
    seen = {clause_id}
    queue = deque([(clause_id, 0)])
    out = []
    while queue:
        current, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for next_id, score, method in store.db.execute(
                f"SELECT {other}, score, method FROM clause_links WHERE {mine}=?"
                f" ORDER BY score DESC, {other}", (current,)).fetchall():
            if next_id in seen:
                continue
            seen.add(next_id)
            target = store.clause(next_id)
            if target is None:
                continue
            out.append({**_summary(store, target), "depth": depth + 1, "via": current,
                        "score": score, "method": method})
            queue.append((next_id, depth + 1))
    return out


def _summary(store: Store, clause: Clause) -> dict:
    row = store.db.execute("SELECT title, doc_no, level, date FROM documents WHERE id=?",
                           (clause.doc_id,)).fetchone()
    return {"clause_id": clause.id, "doc_id": clause.doc_id, "label": clause.label,
            "path": list(clause.path), "heading": clause.heading,
            "title": row["title"] if row else None, "doc_no": row["doc_no"] if row else None,
            "level": row["level"] if row else None, "date": row["date"] if row else None}


def document_coverage(store: Store, parent_doc: str, child_doc: str | None = None) -> dict:
    """For each clause of ``parent_doc``, the clauses of each child document
    that implement it; a clause no child clause links to is ``missing`` in
    that child. The children are ``child_doc``, or else every document
    that cites the parent or has a clause linked to it."""
    ensure_schema(store)
    parent = store.document(parent_doc)
    if parent is None:
        raise NotFound(f"no document {parent_doc!r}")
    if child_doc is not None:
        if store.document(child_doc) is None:
            raise NotFound(f"no document {child_doc!r}")
        children = [child_doc]
    else:
        children = sorted({c for (c,) in store.db.execute(
            "SELECT child FROM document_links WHERE parent=? UNION"
            " SELECT DISTINCT child_doc FROM clause_links WHERE parent_doc=?",
            (parent_doc, parent_doc))})
    links: dict[tuple[str, str], list[dict]] = {}
    for child, parent_id, child_id, score in store.db.execute(
            "SELECT child_doc, parent, child, score FROM clause_links WHERE parent_doc=?"
            " ORDER BY score DESC", (parent_doc,)):
        links.setdefault((parent_id, child), []).append({"clause_id": child_id,
                                                         "score": score})
    rows = []
    for clause in parent.clauses:
        if clause.kind == "cover":   # the 印发 wrapper is not a task to implement
            continue
        rows.append({"clause_id": clause.id, "label": clause.label, "path": list(clause.path),
                     "heading": clause.heading, "structural": not clause.text.strip(),
                     "children": {c: links.get((clause.id, c), []) for c in children}})
    docs = []
    for child in children:
        doc = store.db.execute("SELECT id, title, doc_no, level, date FROM documents"
                               " WHERE id=?", (child,)).fetchone()
        substantive = [r for r in rows if not r["structural"]]
        missing = [r["clause_id"] for r in substantive if not r["children"][child]]
        docs.append({"doc_id": child, "title": doc["title"], "doc_no": doc["doc_no"],
                     "level": doc["level"], "date": doc["date"],
                     "implemented": len(substantive) - len(missing),
                     "of": len(substantive), "missing": missing})
    return {"doc_id": parent_doc, "title": parent.meta.title, "children": docs,
            "clauses": rows}
