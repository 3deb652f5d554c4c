"""One error shape: ``{"ok": false, "error": …, "status": N}`` under /api/,
an error page elsewhere; never a stack trace.

Errors map by type, once: the library's errors (indexer.errors) carry their
status and a Chinese message; a data directory that cannot be opened is
503. Anything else — a ValueError included — is a bug: logged and answered
500 with a plain message, never its (possibly English) text.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from corpus.store import StoreError
from indexer.errors import NoIndexError, PolicyKBError

MESSAGES = {400: "请求有误", 403: "没有权限", 404: "没有找到", 405: "不支持此请求方法",
            413: "提交的内容太大", 414: "网址太长", 422: "无法处理的内容",
            431: "请求头太大", 500: "服务器内部错误", 503: "检索索引尚未建立"}


def error_body(status: int, message: str) -> dict:
    """The JSON error shape (also written by the server for requests that
    never reach the app: see serve.py)."""
    return {"ok": False, "error": message, "status": status}


def http_message(exc: HTTPException) -> str:
    """What to say of an HTTP error: our own words (``abort(400, "…")``)
    where we wrote them, else the status's Chinese name (werkzeug's own
    descriptions are English)."""
    status = exc.code or 500
    if exc.description and status in (400, 403, 413, 422, 503) \
            and not exc.description.startswith("The "):
        return exc.description
    return MESSAGES.get(status, exc.name)


def error_response(status: int, message: str, headers=None):
    if request.path.startswith("/api/"):
        return jsonify(error_body(status, message)), status, headers or {}
    return render_template("error.html", status=status, message=message), status, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = http_message(exc)
        # Allow (405) and Retry-After (503) say what the client may do next.
        headers = {k: v for k, v in exc.get_headers() if k in ("Allow", "Retry-After")}
        return error_response(status, message, headers)

    @app.errorhandler(PolicyKBError)
    def library_error(exc: PolicyKBError):
        if isinstance(exc, NoIndexError):
            app.logger.warning("%s", exc)   # the path is for the log, not the reader
            return error_response(503, MESSAGES[503])
        return error_response(exc.status, exc.message)

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):
        app.logger.error("%s", exc)
        return error_response(503, "文件库暂不可用")

    @app.errorhandler(Exception)
    def internal(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, MESSAGES[500])
