"""``policykb serve``: the app under gunicorn.

One worker process per core (the work is CPU-bound Python), each with a few
threads (``gthread``): a thread waiting on an upload's job, or on a slow
client, does not hold a core, and searches go on beside it. The app is made
in each worker after the fork (``preload_app`` off), so each opens its own
SQLite connections and search index, and keeps a searcher per thread.
Ingestion runs outside the workers altogether (webapp/jobs.py).

Requests gunicorn refuses before the app sees them (a request line over
``limit_request_line``, malformed headers) and its last-resort 500 are
answered in the app's JSON error shape with its security headers, not
gunicorn's HTML page.
"""

from __future__ import annotations

import json
import os

from gunicorn import util
from gunicorn.app.base import BaseApplication

THREADS = 4


class PolicyKBServer(BaseApplication):
    def __init__(self, home: str, options: dict):
        self.home = home
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from . import create_app
        return create_app({"HOME": self.home})


def write_error(sock, status: int, reason: str, _message: str) -> None:
    """gunicorn's error writer, in the app's shape (its own message may
    quote the request: not echoed)."""
    from . import CSP
    from .errors import MESSAGES, error_body
    body = json.dumps(error_body(status, MESSAGES.get(status, reason)),
                      ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
            f"Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


def serve_app(home: str, host: str, port: int, workers: int | None = None) -> None:
    """Run until stopped (Ctrl-C or SIGTERM)."""
    util.write_error = write_error   # gunicorn's workers look it up there
    PolicyKBServer(str(home), {
        "bind": f"{host}:{port}",
        "workers": workers or os.cpu_count() or 2,
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": False,
        "timeout": 60,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }).run()
