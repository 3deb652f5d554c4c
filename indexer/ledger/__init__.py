"""The task ledger (任务台账): every task of every plan by responsible unit.

County and city offices keep, in Excel, the tasks assigned to their unit
across all plans, with deadline and source clause. A task here is a clause
that names responsible units (``Clause.responsible_units``, read from 责任单位
notes and 任务分工 tables at ingest); :func:`task_ledger` lists them with the
lead unit (the first listed: 列第一位者为牵头单位, the convention the State
Council's 分工 notes state), the co-responsible units, the deadline read as a
date (``deadline``), the source document and the parent clause the task
implements (the best lineage link), sorted by deadline.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from corpus import Store
from corpus.divisions import region_names
from corpus.units import unit_names
from corpus.vocabulary import LEVEL_NAMES

from ..errors import BadRequest, NotFound
from ..filters import matching
from ..search.query import filter_value
from .deadline import Due, find_deadline, read_deadline

__all__ = ["DUE_WINDOWS", "Due", "find_deadline", "read_deadline", "task_ledger"]

#: The deadline windows a ledger can be narrowed to, and their names.
DUE_WINDOWS = {"overdue": "已逾期", "30d": "30天内到期", "dated": "有明确期限", "undated": "无明确期限"}
SOON_DAYS = 30


def task_ledger(store: Store, *, unit: str | None = None, region: str | None = None,
                level: str | None = None, doc: str | None = None, due: str | None = None,
                today: str | None = None) -> dict:
    """The tasks matching every filter given, sorted by deadline (tasks with
    no date last), with each one's status against ``today`` (ISO date;
    default: the machine's date) and facet counts of units, regions and
    levels over the tasks matched by the other filters."""
    today = _day(today)
    level = _level(level)
    if due and due not in DUE_WINDOWS:
        raise BadRequest(f"期限筛选只能是：{'、'.join(f'{k}（{v}）' for k, v in DUE_WINDOWS.items())}"
                         f"（收到：{due[:20]}）")
    headers: dict[str, dict | None] = {}

    def header(doc_id: str) -> dict | None:   # each document's header read once
        if doc_id not in headers:
            headers[doc_id] = _header(store, doc_id)
        return headers[doc_id]

    tasks = [_task(store, clause, header, today) for clause in store.task_clauses()]
    if doc and header(doc) is None:
        raise NotFound(f"文件 {doc}")
    wanted = {"unit": unit, "region": region, "level": level, "doc": doc, "due": due}
    match = partial(_matches, today=today)
    chosen = matching(tasks, wanted, match)
    chosen.sort(key=lambda t: (t["due"]["date"] is None, t["due"]["date"] or "", t["date"] or "",
                               t["doc_id"], t["seq"]))
    return {"today": today, "filters": {k: v for k, v in wanted.items() if v},
            "total": len(chosen), "tasks": chosen,
            "facets": _facets(tasks, wanted, match)}


def _day(today: str | None) -> str:
    if not today:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(today).isoformat()
    except ValueError:
        raise BadRequest(f"日期应写作 YYYY-MM-DD（收到：{today[:20]}）") from None


def _level(level: str | None) -> str | None:
    return filter_value("level", level) if level else None   # the search filter's rule


def _header(store: Store, doc_id: str) -> dict | None:
    """What each task shows of its document (its header, not its clauses)."""
    h = store.document_header(doc_id)
    if h is None:
        return None
    return {"doc_id": doc_id, "title": h["title"], "doc_no": h["doc_no"], "level": h["level"],
            "region": h["region"], "regions": region_names(h["region"], h["region_code"]),
            "issuer": h["issuer"], "date": h["date"]}


def _task(store: Store, clause, header, today: str) -> dict:
    """One task: its clause, its document's header (``header(doc_id)``, read
    once per document), its deadline and the parent clause it implements."""
    due = read_deadline(find_deadline(clause.deadline, clause.text))
    units = list(clause.responsible_units)
    parents = store.lineage.links_of(clause.id, up=True)
    parent = None
    if parents:
        best = store.clause(parents[0]["other"])
        if best is not None:
            source = header(best.doc_id) or {}
            parent = {"clause_id": best.id, "doc_id": best.doc_id, "label": best.label,
                      "path": list(best.path), "heading": best.heading,
                      "title": source.get("title"), "doc_no": source.get("doc_no"),
                      "score": parents[0]["score"]}
    return {**header(clause.doc_id), "clause_id": clause.id, "seq": clause.seq, "label": clause.label,
            "path": list(clause.path), "heading": clause.heading, "text": clause.text,
            "lead": units[0], "co_units": units[1:], "units": units,
            "due": {"text": due.text, "date": due.date, "kind": due.kind,
                    "status": _status(due, today)},
            "parent": parent}


def _status(due: Due, today: str) -> str | None:
    """overdue, soon (within SOON_DAYS), later; None without a date."""
    if due.date is None:
        return None
    if due.date < today:
        return "overdue"
    soon = (dt.date.fromisoformat(today) + dt.timedelta(days=SOON_DAYS)).isoformat()
    return "soon" if due.date <= soon else "later"


def _matches(task: dict, key: str, value: str, today: str) -> bool:
    if key == "unit":
        wanted = set(unit_names(value))
        return any(wanted & set(unit_names(u)) for u in task["units"])
    if key == "region":
        return value in task["regions"]
    if key == "level":
        return task["level"] == value
    if key == "doc":
        return task["doc_id"] == value
    status = task["due"]["status"]
    return {"overdue": status == "overdue", "30d": status in ("overdue", "soon"),
            "dated": task["due"]["date"] is not None,
            "undated": task["due"]["date"] is None}[value]


def _facets(tasks: list[dict], wanted: dict, match) -> dict:
    """For each facet, counts over the tasks the other filters match."""
    def others(key):
        return matching(tasks, wanted, match, leaving_out=key)
    units: dict[str, int] = {}
    for task in others("unit"):
        for name in dict.fromkeys(n for u in task["units"] for n in unit_names(u)[-2:]):
            units[name] = units.get(name, 0) + 1
    regions: dict[str, int] = {}
    for task in others("region"):
        for name in task["regions"]:
            regions[name] = regions.get(name, 0) + 1
    levels = {level: sum(t["level"] == level for t in others("level")) for level in LEVEL_NAMES}
    return {"unit": sorted(units.items(), key=lambda kv: (-kv[1], kv[0])),
            "region": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
            "level": [(k, n) for k, n in levels.items() if n]}
