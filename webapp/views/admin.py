"""Adding documents (for an administrator): the upload page and its JSON
twin queue a job (webapp.jobs); the job's page and JSON say how it went.
Also the JSON 404 of an unknown /api/ address."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from .. import jobs
from ..errors import error_response, http_message
from ..uploads import DOCUMENT_SUFFIXES, require_admin, safe_name

bp = Blueprint("admin", __name__)


@bp.route("/admin/upload", methods=["GET", "POST"])
def upload():
    """The form; a refused upload (no file, a wrong token, a file of a kind
    not read, too large) is said above the form, with its status."""
    job, error, status = None, None, 200
    if request.method == "POST":
        try:
            job = _submit()
        except HTTPException as exc:
            if exc.code not in (400, 403, 413):
                raise
            error, status = http_message(exc), exc.code
    return render_template("upload.html", enabled=_enabled(), job=job, error=error,
                           suffixes=DOCUMENT_SUFFIXES), status


@bp.post("/api/documents")
def api_upload():
    return _job_answer(_submit())


@bp.get("/admin/jobs/<job_id>")
def job(job_id: str):
    return render_template("upload.html", enabled=_enabled(), job=_job(job_id),
                           suffixes=DOCUMENT_SUFFIXES)


@bp.get("/api/jobs/<job_id>")
def api_job(job_id: str):
    return _job_answer(_job(job_id))


@bp.route("/api/", defaults={"rest": ""})
@bp.route("/api/<path:rest>")
def unknown(rest: str):
    abort(404)


def _enabled() -> bool:
    return bool(current_app.config.get("ADMIN_TOKEN"))


def _submit() -> dict:
    """The uploaded files queued as one job, waited for UPLOAD_WAIT seconds."""
    require_admin()
    files = [f for f in request.files.getlist("file") if f.filename]
    if not files:
        abort(400, "没有上传文件")
    names = [safe_name(f, DOCUMENT_SUFFIXES) for f in files]   # all checked before any kept
    home = current_app.config["HOME"]
    return jobs.wait_for(home, jobs.submit(home, list(zip(names, files))),
                         current_app.config["UPLOAD_WAIT"])


def _job(job_id: str) -> dict:
    found = jobs.read_job(current_app.config["HOME"], job_id)
    if found is None:
        abort(404)
    return found


def _job_answer(job: dict):
    """200 with the results once done; 202 with where to poll until then."""
    if job["status"] == "failed":
        return error_response(500, f"导入失败：{job.get('error', '')}")
    body = {"job": job["id"], "status": job["status"],
            "poll": url_for("admin.api_job", job_id=job["id"])}
    if job["status"] != "done":
        return jsonify({"ok": True, **body}), 202, {"Location": body["poll"]}
    return jsonify({"ok": True, **body, "files": job["results"], "store": job["store"],
                    "lineage": job["lineage"]})
