"""Uploaded files: checked, named safely, kept under HOME/uploads.

No part of a request names a path: the stored name is a fresh random prefix
and the upload's own name reduced to letters, digits, CJK, ``.``, ``-`` and
``_``; only the suffixes ingest reads are accepted, up to the app's
MAX_CONTENT_LENGTH (Flask answers 413 beyond it).
"""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path

from flask import abort, current_app, request

from corpus.load import FORMATS

DOCUMENT_SUFFIXES = tuple(FORMATS)   # what ingest reads
_UNSAFE = re.compile(r"[^\w.\-]+")


def save_upload(file, suffixes: tuple[str, ...]) -> Path:
    """Store an uploaded file; 400 when it is missing or of a kind not read."""
    if file is None or not file.filename:
        abort(400, "没有上传文件")
    name = _UNSAFE.sub("_", Path(file.filename).name).strip("._") or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        abort(400, f"不支持的文件类型“{suffix or '无后缀'}”；可上传 {'、'.join(suffixes)}")
    folder = Path(current_app.config["HOME"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(6)}_{name}"
    file.save(target)
    return target


def require_admin() -> None:
    """Uploads for ingestion: only when POLICYKB_ADMIN_TOKEN is set, and only
    for a request carrying it (header X-PolicyKB-Token, a Bearer token, or
    the form's token field)."""
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        abort(403, "未启用上传：服务器没有设置 POLICYKB_ADMIN_TOKEN")
    given = (request.headers.get("X-PolicyKB-Token")
             or request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
             or request.form.get("token") or "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        abort(403, "管理口令不正确")
