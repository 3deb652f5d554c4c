"""The web app and the command line: thin layers over the library.

:func:`create_app` is the Flask application factory (``views``: one
blueprint per feature, each page served as HTML and as JSON); ``cli`` is the
``policykb`` command, which imports Flask only to serve.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Draft and document uploads: size and kinds accepted.
MAX_UPLOAD_BYTES = 8 * 2**20
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(test_config: dict | None = None):
    """The app for the data directory POLICYKB_HOME (or test_config's HOME)."""
    from flask import Flask, abort, request

    app = Flask(__name__)
    app.config.from_mapping(
        HOME=os.path.expanduser(os.environ.get("POLICYKB_HOME", "~/.policykb")),
        ADMIN_TOKEN=os.environ.get("POLICYKB_ADMIN_TOKEN") or None,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        # How long an upload request waits for its job before answering 202.
        UPLOAD_WAIT=float(os.environ.get("POLICYKB_UPLOAD_WAIT", "5")),
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    app.config["HOME"] = str(Path(app.config["HOME"]))
    app.json.ensure_ascii = False

    from . import errors, resources, views
    resources.init_app(app)
    errors.init_app(app)
    views.init_app(app)

    @app.before_request
    def refuse_large_bodies():
        # Refuse by the declared length before any of the body is read (and
        # spooled to a temporary file); Flask still enforces the limit while
        # reading a body that declares none.
        if (request.content_length or 0) > app.config["MAX_CONTENT_LENGTH"]:
            abort(413)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return app
