"""``policykb serve``: the app under gunicorn.

Sync workers, one per core (the work is CPU-bound Python; more workers than
cores would only queue). The app is made in each worker after the fork
(``preload_app`` off), so each opens its own SQLite connections and search
index, and keeps a searcher per thread.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


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


def serve_app(home: str, host: str, port: int, workers: int | None = None) -> None:
    """Run until stopped (Ctrl-C or SIGTERM)."""
    PolicyKBServer(str(home), {
        "bind": f"{host}:{port}",
        "workers": workers or os.cpu_count() or 2,
        "worker_class": "sync",
        "preload_app": False,
        "timeout": 60,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }).run()
