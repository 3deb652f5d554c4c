"""The HTML pages: each renders the data dict its /api/ twin returns."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from . import data, jobs
from .graph import LEVEL_NAMES, path_label
from .resources import get_search, get_store
from .uploads import DOCUMENT_SUFFIXES, require_admin, safe_name, uploaded_draft

bp = Blueprint("pages", __name__)


bp.add_app_template_filter(path_label, "path_label")
bp.add_app_template_global(LEVEL_NAMES, "LEVEL_NAMES")


@bp.app_template_filter("dict_with")
def dict_with(filters: dict, name: str, value: str) -> dict:
    """The search filters with one more (a facet link)."""
    return {**filters, name: value}


@bp.app_template_filter("dict_without")
def dict_without(filters: dict, name: str) -> dict:
    """The search filters less one (a chip's × link)."""
    return {k: v for k, v in filters.items() if k != name}


@bp.get("/")
def search():
    return render_template("search.html", **data.search_page(get_search(), request.args, get_store()))


@bp.get("/docs")
def documents():
    return render_template("documents.html", **data.documents_page(get_store()))


@bp.get("/docs/<doc_id>")
def document(doc_id: str):
    return render_template("document.html", **data.document_page(get_store(), doc_id))


@bp.get("/clauses/<clause_id>")
def clause(clause_id: str):
    return render_template("clause.html", **data.clause_page(get_store(), clause_id, request.host_url))


@bp.get("/coverage/<doc_id>")
def coverage(doc_id: str):
    child = request.args.get("child") or None
    return render_template("coverage.html", **data.coverage_page(get_store(), doc_id, child))


@bp.route("/check", methods=["GET", "POST"])
def check():
    if request.method == "GET":
        return render_template("check.html", draft="", report=None)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        draft = uploaded_draft(upload)
    else:
        draft = request.form.get("text", "")
    if not draft.strip():
        abort(400, "没有文稿：请粘贴文字或上传文件")
    return render_template("check.html", **data.check_page(get_store(), draft))


@bp.route("/admin/upload", methods=["GET", "POST"])
def upload():
    enabled = bool(current_app.config.get("ADMIN_TOKEN"))
    if request.method == "GET":
        return render_template("upload.html", enabled=enabled, job=None,
                               suffixes=DOCUMENT_SUFFIXES)
    require_admin()
    files = [f for f in request.files.getlist("file") if f.filename]
    if not files:
        abort(400, "没有上传文件")
    names = [safe_name(f, DOCUMENT_SUFFIXES) for f in files]
    home = current_app.config["HOME"]
    job = jobs.wait_for(home, jobs.submit(home, list(zip(names, files))),
                        current_app.config["UPLOAD_WAIT"])
    return render_template("upload.html", enabled=enabled, job=job, suffixes=DOCUMENT_SUFFIXES)


@bp.get("/admin/jobs/<job_id>")
def job(job_id: str):
    found = jobs.read_job(current_app.config["HOME"], job_id)
    if found is None:
        abort(404)
    return render_template("upload.html", enabled=bool(current_app.config.get("ADMIN_TOKEN")),
                           job=found, suffixes=DOCUMENT_SUFFIXES)
