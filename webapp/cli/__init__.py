"""The ``policykb`` command (``commands``: the store, reading, lineage and
drafting commands; ``lineage``: lineage, coverage, diff; ``ledger``: the task
ledger; ``output``: exports to Excel and CSV)."""

from __future__ import annotations

from . import ledger, lineage  # noqa: F401 (register their commands on main)
from .commands import main

__all__ = ["main"]
