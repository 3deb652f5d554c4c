"""A clause: its page (document, lineage and its picture, diffs against its
parents, citations), and the JSON of its lineage, a citation and a diff."""

from __future__ import annotations

from flask import Blueprint, abort, request

from corpus.models import FLAG_KINDS
from indexer import cite_clause, clause_lineage, diff_clauses
from indexer.cite import STYLES

from ..exports import lineage_tables
from ..graph import lineage_graph
from ..resources import get_store
from . import page

bp = Blueprint("clauses", __name__)


@page(bp, "/clauses/<clause_id>", "clause.html")
def clause(clause_id: str):
    store = get_store()
    lineage = clause_lineage(store, clause_id)
    found = store.clause(clause_id)
    doc = store.document(found.doc_id)
    return {
        "clause": found.to_json(),
        "document": {"id": doc.id, "title": doc.meta.title, "doc_no": doc.meta.doc_no,
                     "level": doc.meta.level, "date": doc.meta.date,
                     "issuer": doc.meta.issuer},
        "lineage": lineage,
        "graph": lineage_graph(lineage),
        "diffs": [diff_clauses(store, clause_id, p["clause_id"]) for p in lineage["parents"]],
        "citations": {style: cite_clause(store, clause_id, style, request.host_url).to_json()
                      for style in STYLES},
        "flag_meanings": {k: v[1] for k, v in FLAG_KINDS.items()},
    }


@page(bp, "/clauses/<clause_id>/lineage", tables=lineage_tables,
      filename=lambda data: f"条款沿革-{data['clause']['title'][:24]}{data['clause']['label']}")
def lineage(clause_id: str):
    return clause_lineage(get_store(), clause_id)


@page(bp, "/clauses/<clause_id>/cite")
def cite(clause_id: str):
    return cite_clause(get_store(), clause_id, request.args.get("style", "gongwen"),
                       request.host_url).to_json()


@page(bp, "/diff")
def diff():
    child, parent = request.args.get("child"), request.args.get("parent")
    if not child or not parent:
        abort(400, "需要 child 和 parent 两个条款编号")
    return diff_clauses(get_store(), child, parent)

