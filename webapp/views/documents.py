"""The documents: the list, one document's page, and its coverage (which of
its clauses each document below it carried, and which it left out)."""

from __future__ import annotations

from flask import Blueprint, request

from corpus import document_record, document_records
from corpus.ingest import source_name
from corpus.models import FLAG_KINDS
from indexer import NotFound, cite_document, document_coverage

from ..exports import coverage_tables
from ..resources import get_store
from . import page

bp = Blueprint("documents", __name__)


@page(bp, "/docs", "documents.html")
def documents():
    return {"documents": [_public(r) for r in document_records(get_store())]}


@page(bp, "/docs/<doc_id>", "document.html")
def document(doc_id: str):
    """A document's record and clauses, its parents and children with their
    titles, and the meaning of each integrity flag."""
    store = get_store()
    record = document_record(store, doc_id)
    if record is None:
        raise NotFound(f"文件 {doc_id}")
    titles = store.titles()
    children = store.lineage.child_documents(doc_id)
    record["parent_documents"] = [{"id": p, "title": titles.get(p)} for p in record["parents"]]
    record["child_documents"] = [{"id": c, "title": titles.get(c)} for c in children]
    record["flag_meanings"] = {k: v[1] for k, v in FLAG_KINDS.items()}
    record["citation"] = cite_document(store, doc_id, "gongwen").text
    return {"document": _public(record)}


@page(bp, "/coverage/<doc_id>", "coverage.html",
      tables=lambda data: coverage_tables(data["coverage"]),
      filename=lambda data: f"落实情况-{data['coverage']['title'][:30]}")
def coverage(doc_id: str):
    child = request.args.get("child") or None
    return {"coverage": document_coverage(get_store(), doc_id, child)}


def _public(record: dict) -> dict:
    """A document record as the web shows it: its source by file name."""
    return {**record, "source": source_name(record["source"])}
