"""The task ledger (任务台账): a unit's tasks across every plan, by deadline,
and its download as a workbook."""

from __future__ import annotations

from flask import Blueprint, request

from indexer import PolicyKBError
from indexer.ledger import DUE_WINDOWS, task_ledger
from indexer.search.query import field_label

from ..exports import STATUS, ledger_tables
from ..resources import get_store
from . import page

bp = Blueprint("ledger", __name__)

LEDGER_FILTERS = ("unit", "region", "level", "doc", "due")
FILTER_NAMES = {name: field_label(name) for name in LEDGER_FILTERS} | {"due": "期限"}


def _name(data: dict) -> str:
    unit = data["ledger"]["filters"].get("unit")
    return f"任务台账-{unit}" if unit else "任务台账"


@page(bp, "/ledger", "ledger.html", tables=lambda data: ledger_tables(data["ledger"]),
      filename=_name)
def ledger():
    """Every task, or a unit's, filtered as the query string asks."""
    args = request.args
    filters = {name: args.get(name).strip() for name in LEDGER_FILTERS
               if (args.get(name) or "").strip()}
    data = {"ledger": None, "filters": filters, "filter_names": FILTER_NAMES,
            "windows": DUE_WINDOWS, "statuses": STATUS}
    try:
        data["ledger"] = task_ledger(get_store(), today=args.get("today") or None, **filters)
    except PolicyKBError as exc:   # shown above the form, which keeps what was typed
        data["error"] = exc
    return data
