"""The JSON API: each page's twin, ``{"ok": true, …}`` or the error shape
of errors.py. Routes are listed in the README."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from . import data, jobs
from .errors import error_response
from .resources import get_search, get_store
from .uploads import DOCUMENT_SUFFIXES, require_admin, safe_name, uploaded_draft

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
        draft = uploaded_draft(request.files["file"])
    elif request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "请求体须是 JSON 对象，如 {\"text\": \"……\"}")
        draft = body.get("text")
        if draft is not None and not isinstance(draft, str):
            abort(400, "text 须是字符串")
    else:
        draft = request.form.get("text")
    if not draft or not draft.strip():
        abort(400, "没有文稿：请提交 text 或上传 file")
    return ok(data.check_page(get_store(), draft))


@bp.post("/documents")
def add_documents():
    require_admin()
    files = request.files.getlist("file")
    if not files:
        abort(400, "没有上传文件")
    names = [safe_name(f, DOCUMENT_SUFFIXES) for f in files]   # all checked before any kept
    job = jobs.wait_for(current_app.config["HOME"],
                        jobs.submit(current_app.config["HOME"], list(zip(names, files))),
                        current_app.config["UPLOAD_WAIT"])
    return job_answer(job)


@bp.get("/jobs/<job_id>")
def job(job_id: str):
    found = jobs.read_job(current_app.config["HOME"], job_id)
    if found is None:
        abort(404)
    return job_answer(found)


def job_answer(job: dict):
    """200 with the results once done; 202 with where to poll until then."""
    if job["status"] == "failed":
        return error_response(500, f"导入失败：{job.get('error', '')}")
    body = {"job": job["id"], "status": job["status"],
            "poll": url_for("api.job", job_id=job["id"])}
    if job["status"] != "done":
        return jsonify({"ok": True, **body}), 202, {"Location": body["poll"]}
    return ok({**body, "files": job["results"], "store": job["store"],
               "lineage": job["lineage"]})


@bp.route("/", defaults={"rest": ""})
@bp.route("/<path:rest>")
def unknown(rest: str):
    abort(404)
