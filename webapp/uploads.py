"""Uploaded files: checked and named safely.

No part of a request names a path: an upload's own name loses its folders,
control characters, white space and the characters file systems or shells
treat specially (``/ \\ : * ? " < > |``), and keeps the rest (law files are
named ``山东省实施《土地管理法》办法(2020-03-26).md``) (and cut to ``MAX_NAME_BYTES``
bytes, its suffix kept); only the suffixes read are accepted, up to the
app's MAX_CONTENT_LENGTH (Flask answers 413 beyond it). A draft is read in
memory and never stored; documents for ingestion go to the job queue
(:mod:`webapp.jobs`).
"""

from __future__ import annotations

import hmac
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, current_app, request

from corpus.load import FORMATS
from indexer.cite import DRAFT_SUFFIXES, MAX_DRAFT_BYTES, draft_text

DOCUMENT_SUFFIXES = tuple(FORMATS)   # what ingest reads
MAX_NAME_BYTES = 180   # under the 255 of ext4 and others, with the prefix kept
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')


def safe_name(file, suffixes: tuple[str, ...]) -> str:
    """The name an upload is known by; 400 when it is missing or of a kind
    not read."""
    if file is None or not file.filename:
        abort(400, "没有上传文件")
    name = _UNSAFE.sub("_", Path(file.filename).name).strip("._") or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        abort(400, f"不支持的文件类型“{suffix[:20] or '无后缀'}”；可上传 {'、'.join(suffixes)}")
    stem = name[:-len(suffix)] if suffix else name
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:   # file systems count bytes
        stem = stem[:-1]
    return stem + suffix


def uploaded_draft(file) -> str:
    """The text of an uploaded draft, read in memory (never written)."""
    name = safe_name(file, DRAFT_SUFFIXES)
    with file.stream:   # a large one is spooled to a temporary file: closed here
        data = file.stream.read(MAX_DRAFT_BYTES + 1)
    return draft_text(data, name)


def require_admin() -> None:
    """Uploads for ingestion: only when POLICYKB_ADMIN_TOKEN is set, and only
    for a request carrying it (header X-PolicyKB-Token, a Bearer token, or
    the form's token field). A form post must come from this site (its
    Origin, when the browser sends one, is this host)."""
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        abort(403, "未启用上传：服务器没有设置 POLICYKB_ADMIN_TOKEN")
    origin = request.headers.get("Origin")
    if origin and (origin == "null" or urlsplit(origin).netloc != request.host):
        abort(403, "来源不符：上传只接受本站页面提交")
    given = (request.headers.get("X-PolicyKB-Token")
             or request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
             or request.form.get("token") or "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        abort(403, "管理口令不正确")
