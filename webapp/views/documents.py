"""The documents: the list, one document's page, and its coverage (which of
its clauses each document below it carried, and which it left out)."""

from __future__ import annotations

import io
import mimetypes

from flask import Blueprint, request, send_file

from corpus import document_record
from corpus.catalog import flag_groups
from corpus.ingest import source_name
from corpus.models import FLAG_KINDS
from indexer import BadRequest, NotFound, cite_document, document_coverage
from indexer.listing import FILTERS, SORTS, list_documents
from indexer.search.query import field_label

from ..exports import coverage_tables
from ..resources import get_store
from . import page

bp = Blueprint("documents", __name__)
FILTER_NAMES = {name: field_label(name) for name in FILTERS}


@page(bp, "/docs", "documents.html")
def documents():
    """The documents, filtered and sorted as asked; a filter value that
    cannot be used is said above the list, which shows them all."""
    args = request.args
    asked = {name: args.get(name) for name in FILTERS if args.get(name)}
    sort = args.get("sort") or "date"
    order = args.get("order")
    descending = None if order not in ("asc", "desc") else order == "desc"
    try:
        listing = list_documents(get_store(), **asked, sort=sort, descending=descending)
        error = None
    except BadRequest as exc:
        listing, error = list_documents(get_store()), exc
    listing["documents"] = [_public(r) for r in listing["documents"]]
    sorts = {key: {"label": label, "desc": desc} for key, (_, label, desc) in SORTS.items()}
    return {**listing, "asked": asked, "sorts": sorts, "filter_names": FILTER_NAMES,
            "error": error}


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
    record["warnings"] = [g for g in flag_groups(record) if g["severity"] == "warning"]
    record["cited"] = _cited(record["references"])
    record["citation"] = cite_document(store, doc_id, "gongwen").text
    return {"document": _public(record)}


@bp.get("/docs/<doc_id>/original")
def original(doc_id: str):
    """The file the document was read from, byte for byte as ingested (the
    store keeps it): what a reader checks a flagged passage against."""
    store = get_store()
    doc = store.document(doc_id)
    if doc is None:
        raise NotFound(f"文件 {doc_id}")
    data = store.files.raw_bytes(doc.source)
    if data is None:
        raise NotFound(f"文件 {doc_id} 的原件")
    name = source_name(doc.source)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/"):   # its bytes may be GB18030: no charset is claimed for it
        kind = "application/octet-stream"
    return send_file(io.BytesIO(data), kind, as_attachment=True, download_name=name)


@page(bp, "/coverage/<doc_id>", "coverage.html",
      tables=lambda data: coverage_tables(data["coverage"]),
      filename=lambda data: f"落实情况-{data['coverage']['title'][:30]}")
def coverage(doc_id: str):
    child = request.args.get("child") or None
    return {"coverage": document_coverage(get_store(), doc_id, child)}


def _cited(references: list[dict]) -> list[dict]:
    """The documents cited, once each: a forwarding notice names its parent
    by a short title and again in full (晋城 63号), one document either way.
    Each entry keeps the other ways the text wrote it (``also``)."""
    out: list[dict] = []
    by_doc: dict[str, dict] = {}
    for ref in references:
        found = by_doc.get(ref["resolved"]) if ref["resolved"] else None
        if found is None:
            entry = {**ref, "also": []}
            out.append(entry)
            if ref["resolved"]:
                by_doc[ref["resolved"]] = entry
        elif ref["title"] and ref["title"] != found["title"]:
            if len(ref["title"]) > len(found["title"] or ""):   # the full title leads
                found["also"].append(found["title"])
                found["title"] = ref["title"]
            else:
                found["also"].append(ref["title"])
    return out


def _public(record: dict) -> dict:
    """A document record as the web shows it: its source by file name."""
    return {**record, "source": source_name(record["source"])}
