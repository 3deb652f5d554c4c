"""Checking a draft: pasted text, an uploaded file, or (API) a JSON body."""

from __future__ import annotations

from flask import Blueprint, abort, request

from indexer import check_draft

from ..resources import get_store
from ..uploads import uploaded_draft
from . import page

bp = Blueprint("check", __name__)


@page(bp, "/check", "check.html", methods=("GET", "POST"), api_methods=("POST",))
def check():
    if request.method == "GET":
        return {"draft": "", "report": None}
    draft = _draft()
    if not draft or not draft.strip():
        abort(400, "没有文稿：请粘贴文字或上传文件")
    return {"draft": draft, "report": check_draft(get_store(), draft)}


def _draft() -> str | None:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return uploaded_draft(upload)
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "请求体须是 JSON 对象，如 {\"text\": \"……\"}")
        draft = body.get("text")
        if draft is not None and not isinstance(draft, str):
            abort(400, "text 须是字符串")
        return draft
    return request.form.get("text")
