"""Search backends: what executes a neutral query over an index of clauses.

A backend is one module here that defines a class and registers it with
:func:`register_backend`; nothing else changes to add one. The one shipped
is ``whoosh`` (``backends/whoosh/``). A data directory uses the backend
named by ``POLICYKB_SEARCH_BACKEND`` (default ``whoosh``); a name not yet
registered is imported as ``indexer.search.backends.<name>``.

The contract (:class:`SearchBackend`): a backend is made for one data
directory; ``sync`` brings its index in line with the store (changed
documents only), ``build`` rebuilds it whole, ``pending`` says how many
documents the index is behind, and ``execute`` answers a
:class:`SearchRequest` with :class:`Matches`. Queries arrive parsed and
normalised (``indexer.search.query``); phrases follow
``query.phrase_pattern`` and filters hold stored values, whatever the
backend. ``paths`` names the ways a backend may execute a query (a fast
path and a general one, say): tests run every query through each and
require the same hits.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..query import Query

DEFAULT_BACKEND = "whoosh"
ENV = "POLICYKB_SEARCH_BACKEND"
#: Facet fields counted over all matches, in this order.
FACET_FIELDS = ("level", "region", "issuer", "year", "doc_id", "doc_type", "unit", "flag")
#: The heading is the clause's own summary: its words count again, this much.
HEADING_BOOST = 2.0


@dataclass(frozen=True)
class SearchRequest:
    query: Query
    limit: int = 10
    page: int = 1
    sort: str = "relevance"        # or "date": newest first
    facets: bool = True
    path: str | None = None        # one of the backend's paths; None: its choice


@dataclass(frozen=True)
class Matches:
    total: int
    #: The page asked for: score and the clause's record — clause_id and
    #: doc_id, and as the backend has them heading, text, label, path, title,
    #: doc_no, level, region (comma-joined) and date (results.make_hit).
    hits: list[tuple[float, dict]]
    facets: dict[str, Counter] = field(default_factory=dict)   # over every match
    titles: dict[str, str] = field(default_factory=dict)       # doc id → title


class SearchBackend(Protocol):
    name: str
    paths: tuple[str, ...]

    def __init__(self, home: Path): ...

    # ``progress``, when given, is called (documents done, documents to do).
    def sync(self, store, progress=None) -> dict: ...

    def build(self, store, progress=None) -> dict: ...

    def pending(self, store) -> int | None: ...

    def execute(self, request: SearchRequest) -> Matches: ...


BACKENDS: dict[str, type] = {}


def register_backend(name: str):
    """Class decorator: make a backend available under ``name``."""
    def register(cls):
        cls.name = name
        BACKENDS[name] = cls
        return cls
    return register


def backend_class(name: str | None = None) -> type:
    name = name or os.environ.get(ENV) or DEFAULT_BACKEND
    if name not in BACKENDS:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            raise LookupError(f"no search backend {name!r} (known: {', '.join(BACKENDS)})") \
                from exc
    return BACKENDS[name]


def open_backend(home: str | Path, name: str | None = None) -> SearchBackend:
    """The backend of a data directory."""
    return backend_class(name)(Path(home))
