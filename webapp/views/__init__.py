"""The web views, one blueprint per feature (search, documents, clauses,
check, admin), each page written once.

A view returns the page's data dict; :func:`page` serves it twice: as HTML
through the page's template at ``/…``, and as ``{"ok": true, …}`` at
``/api/…`` (as datasette serves a table and its .json). Routes that have no
page (a citation, a diff) are JSON only. Nothing here computes what the
library does not; a view gathers.
"""

from __future__ import annotations

import io
from functools import wraps

from flask import Blueprint, Flask, jsonify, render_template, request, send_file

from corpus.vocabulary import LEVEL_NAMES, level_name
from indexer import BadRequest
from indexer.lineage import LINK_METHODS, describe_evidence

from ..exports import FORMATS, export
from ..graph import path_label


def page(bp: Blueprint, rule: str, template: str | None = None,
         methods=("GET",), api_methods=None, api_rule: str | None = None,
         tables=None, export_rule: str | None = None, filename=None):
    """Register ``view`` (returning a dict) at ``rule`` rendered with
    ``template`` (none: no HTML page) and at ``/api`` + ``rule`` (or
    ``api_rule``) as JSON. A view may put a PolicyKBError under ``error``:
    the page is rendered with its message and status, the API answers it
    as an error. With ``tables`` (``exports``: data dict → tables), the
    same data is a download at ``export_rule`` (default ``rule/export``)
    with ``?format=xlsx`` or ``csv``, named ``filename(data)``."""
    def register(view):
        @wraps(view)
        def html(**kwargs):
            data = view(**kwargs)
            error = data.get("error")
            if error is None:
                return render_template(template, **data)
            # The page again, with what to fix above it (the form keeps its values).
            return render_template(template, **{**data, "error": error.message}), error.status

        def api(**kwargs):
            data = view(**kwargs)
            if data.get("error") is not None:
                raise data["error"]   # the API's error shape (webapp/errors.py)
            return jsonify({"ok": True, **data})

        def download(**kwargs):
            fmt = request.args.get("format", "xlsx")
            if fmt not in FORMATS:
                raise BadRequest(f"导出格式只能是：{'、'.join(FORMATS)}（收到：{fmt[:20]}）")
            data = view(**kwargs)
            if data.get("error") is not None:
                raise data["error"]
            made = tables(data)
            if not made:
                raise BadRequest("没有可导出的内容（检索需要先输入检索词）")
            name = f"{filename(data) if filename else view.__name__}.{fmt}"
            return send_file(io.BytesIO(export(made, fmt)), FORMATS[fmt].mimetype,
                             as_attachment=True, download_name=name)

        if tables is not None:
            bp.add_url_rule(export_rule or rule.rstrip("/") + "/export", "export_" + view.__name__,
                            download)
        if template:
            bp.add_url_rule(rule, view.__name__, html, methods=list(methods))
        bp.add_url_rule("/api" + (api_rule or rule), "api_" + view.__name__, api,
                        methods=list(api_methods or methods))
        return view
    return register


def int_arg(args, name: str, default: int) -> int:
    value = args.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"{name} 必须是整数，不是“{value[:20]}”") from None


def init_app(app: Flask) -> None:
    from . import admin, check, clauses, documents, ledger, search

    for module in (search, documents, clauses, check, ledger, admin):
        app.register_blueprint(module.bp)
    app.add_template_filter(path_label, "path_label")
    app.add_template_global(LEVEL_NAMES, "LEVEL_NAMES")
    app.add_template_global(level_name, "level_label")   # the macro level_name's rule
    app.add_template_global(LINK_METHODS, "LINK_METHODS")
    app.add_template_filter(describe_evidence, "evidence_parts")   # as the CLI prints it

    @app.template_filter("dict_with")
    def dict_with(filters: dict, name: str, value: str) -> dict:
        """The search filters with one more (a facet link)."""
        return {**filters, name: value}

    @app.template_filter("dict_without")
    def dict_without(filters: dict, name: str) -> dict:
        """The search filters less one (a chip's × link)."""
        return {k: v for k, v in filters.items() if k != name}
