"""Per-request and per-process resources: the store and the search service.

The store (a SQLite connection) is opened for reading per request — no
schema script, no PRAGMA written — and closed at its end; the server's start
created and migrated it (webapp.serve).
The search service is made once per process, lazily — so under gunicorn it
is made in each worker after the fork — and keeps a searcher per thread.
"""

from __future__ import annotations

from flask import Flask, current_app, g

from corpus import Store
from indexer import SearchService


def get_store() -> Store:
    if "store" not in g:
        g.store = Store.reader(current_app.config["HOME"])
    return g.store


def get_search() -> SearchService:
    service = current_app.extensions.get("policykb_search")
    if service is None:
        service = current_app.extensions["policykb_search"] = SearchService(
            current_app.config["HOME"])
    return service


def close_store(_exc=None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_store)
