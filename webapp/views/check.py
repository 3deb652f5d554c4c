"""Checking a draft: pasted text, an uploaded file, or (API) a JSON body;
and the Word round trip — a .docx draft returned with a comment on each
finding, and the report as a .docx."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, request, send_file

from indexer import BadRequest, PolicyKBError, check_draft
from indexer.cite import DRAFT_SUFFIXES, comment_docx, report_docx

from ..resources import get_store
from ..uploads import safe_name, uploaded_draft
from . import page

bp = Blueprint("check", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_DRAFT = "没有文稿：请粘贴文字或上传文件"


@page(bp, "/check", "check.html", methods=("GET", "POST"), api_methods=("POST",))
def check():
    if request.method == "GET":
        return {"draft": "", "report": None}
    draft = request.form.get("text") or ""
    try:   # on the page, a draft that cannot be read is said above the form kept
        draft = _draft()
        if not draft or not draft.strip():
            raise BadRequest(NO_DRAFT)
        return {"draft": draft, "report": check_draft(get_store(), draft)}
    except PolicyKBError as exc:
        return {"draft": draft, "report": None, "error": exc}


@bp.post("/check/word")
def commented_docx():
    """The uploaded .docx, its text untouched, with a Word comment on each
    quotation, unresolved reference and uncited passage."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, "批注版只能由上传的 .docx 文稿生成：请选择文件")
    name = safe_name(upload, (".docx",))
    with upload.stream:
        data = upload.stream.read()
    made = comment_docx(get_store(), data, name)
    return send_file(io.BytesIO(made.docx), DOCX, as_attachment=True,
                     download_name=f"{Path(name).stem}（核对批注）.docx")


@bp.post("/check/report")
def report_word():
    """The check's report as a .docx, for pasted text or an uploaded file."""
    draft = _draft()
    if not draft or not draft.strip():
        abort(400, NO_DRAFT)
    upload = request.files.get("file")
    name = safe_name(upload, DRAFT_SUFFIXES) if upload and upload.filename else "粘贴的文稿"
    report = check_draft(get_store(), draft)
    return send_file(io.BytesIO(report_docx(report, draft, name)), DOCX, as_attachment=True,
                     download_name=f"{Path(name).stem}（核对报告）.docx")


def _draft() -> str | None:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return uploaded_draft(upload)
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise BadRequest("请求体须是 JSON 对象，如 {\"text\": \"……\"}")
        draft = body.get("text")
        if draft is not None and not isinstance(draft, str):
            raise BadRequest("text 须是字符串")
        return draft
    return request.form.get("text")
