"""One error shape: ``{"ok": false, "error": …, "status": N}`` under /api/,
an error page elsewhere; never a stack trace.

Library exceptions map to statuses here, once: a missing clause or document
is 404, a query or parameter the library rejects is 400, a draft it cannot
read is 400. Anything else is logged and answered 500 with a plain message.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.check import DraftError, DraftLimit
from indexer.index import NoIndexError
from indexer.query import QuerySyntaxError
from indexer.trace import NotFound

MESSAGES = {400: "请求有误", 403: "没有权限", 404: "没有找到", 405: "不支持此请求方法",
            413: "提交的内容太大", 414: "网址太长", 422: "无法处理的内容",
            431: "请求头太大", 500: "服务器内部错误", 503: "检索索引尚未建立"}


def error_body(status: int, message: str) -> dict:
    """The JSON error shape (also written by the server for requests that
    never reach the app: see serve.py)."""
    return {"ok": False, "error": message, "status": status}


def error_response(status: int, message: str, headers=None):
    if request.path.startswith("/api/"):
        return jsonify(error_body(status, message)), status, headers or {}
    return render_template("error.html", status=status, message=message), status, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = MESSAGES.get(status, exc.name)
        if exc.description and status in (400, 403, 413, 422, 503) \
                and not exc.description.startswith("The "):
            message = exc.description   # our own words (abort(400, "…"))
        # Allow (405) and Retry-After (503) say what the client may do next.
        headers = {k: v for k, v in exc.get_headers() if k in ("Allow", "Retry-After")}
        return error_response(status, message, headers)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return error_response(404, f"没有找到：{exc}")

    @app.errorhandler(QuerySyntaxError)
    def bad_query(exc: QuerySyntaxError):
        return error_response(400, f"查询有误：{exc}")

    @app.errorhandler(DraftError)
    def bad_draft(exc: DraftError):
        return error_response(400, f"文稿无法读取：{exc}")

    @app.errorhandler(DraftLimit)
    def draft_over_limit(exc: DraftLimit):
        return error_response(exc.status, str(exc))

    @app.errorhandler(ValueError)
    def bad_value(exc: ValueError):
        return error_response(400, str(exc))

    @app.errorhandler(NoIndexError)
    def no_index(exc: NoIndexError):
        return error_response(503, MESSAGES[503])

    @app.errorhandler(Exception)
    def internal(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, MESSAGES[500])
