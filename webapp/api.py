"""The JSON API: each page's twin, ``{"ok": true, …}`` or the error shape
of errors.py. Routes are listed in the README."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.check import DRAFT_SUFFIXES, read_draft
from indexer.update import update_knowledge_base

from . import data
from .resources import get_search, get_store
from .uploads import DOCUMENT_SUFFIXES, require_admin, save_upload

bp = Blueprint("api", __name__, url_prefix="/api")


def ok(payload: dict):
    return jsonify({"ok": True, **payload})


@bp.get("/search")
def search():
    return ok(data.search_page(get_search(), request.args, get_store()))


@bp.get("/docs")
def documents():
    return ok(data.documents_page(get_store()))


@bp.get("/docs/<doc_id>")
def document(doc_id: str):
    return ok(data.document_page(get_store(), doc_id))


@bp.get("/clauses/<clause_id>")
def clause(clause_id: str):
    return ok(data.clause_page(get_store(), clause_id, request.host_url))


@bp.get("/clauses/<clause_id>/lineage")
def lineage(clause_id: str):
    return ok(data.lineage_json(get_store(), clause_id))


@bp.get("/clauses/<clause_id>/cite")
def cite(clause_id: str):
    return ok(data.citation_json(get_store(), clause_id, request.args.get("style", "gongwen"),
                                  request.host_url))


@bp.get("/coverage/<doc_id>")
def coverage(doc_id: str):
    return ok(data.coverage_page(get_store(), doc_id, request.args.get("child") or None))


@bp.get("/diff")
def diff():
    child, parent = request.args.get("child"), request.args.get("parent")
    if not child or not parent:
        abort(400, "需要 child 和 parent 两个条款编号")
    return ok(data.diff_json(get_store(), child, parent))


@bp.post("/check")
def check():
    if "file" in request.files:
        draft = read_draft(save_upload(request.files["file"], DRAFT_SUFFIXES))
    else:
        draft = request.form.get("text") or (request.get_json(silent=True) or {}).get("text")
    if not draft or not draft.strip():
        abort(400, "没有文稿：请提交 text 或上传 file")
    return ok(data.check_page(get_store(), draft))


@bp.post("/documents")
def add_documents():
    require_admin()
    files = request.files.getlist("file")
    if not files:
        abort(400, "没有上传文件")
    paths = [save_upload(f, DOCUMENT_SUFFIXES) for f in files]
    done = update_knowledge_base(current_app.config["HOME"], get_store(), paths)
    return ok({"files": [{"name": f.filename, "status": r.status, "message": r.message,
                          "documents": list(r.documents)}
                         for f, r in zip(files, done["files"])],
               "store": done["store"], "lineage": done["lineage"]})


@bp.route("/", defaults={"rest": ""})
@bp.route("/<path:rest>")
def unknown(rest: str):
    abort(404)
