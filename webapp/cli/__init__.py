"""The ``policykb`` command (``commands``: the store, search and drafting
commands; ``documents``: docs, show, clauses; ``lineage``: lineage,
coverage, diff; ``ledger``: the task ledger; ``output``: aligned tables,
progress and exports; ``zh``: click's own words in Chinese)."""

from __future__ import annotations

from . import documents, ledger, lineage  # noqa: F401 (register their commands on main)
from .commands import main

__all__ = ["main"]
