"""The documents list a user browses (/docs, ``policykb docs``): filtered
by level, region, issuer, year and 文种, sorted, each with the names of the
documents it implements, and facet counts for narrowing further.

Filters read values as the search filters do (``search.query.filter_value``:
省级 = provincial, traditional script folded); a region matches its own
documents and those of every region inside it (山西省 finds 运城市's), as the
ledger's region filter does (``corpus.divisions.region_names``).
"""

from __future__ import annotations

from collections import Counter

from corpus import Store, document_records
from corpus.divisions import region_names
from corpus.normalise import normalise_text
from corpus.vocabulary import LEVEL_RANK

from .errors import BadRequest
from .filters import matching
from .search.query import filter_value

#: Sort keys a user may pick: name → (key of a record, label, descending
#: unless asked otherwise: the newest and the longest first, levels from
#: 国家 down, names in order).
SORTS = {
    "date": (lambda r: r["date"] or "", "日期", True),
    "level": (lambda r: LEVEL_RANK.get(r["level"] or "", len(LEVEL_RANK)), "层级", False),
    "title": (lambda r: r["title"], "标题", False),
    "issuer": (lambda r: r["issuer"] or "", "发文机关", False),
    "clauses": (lambda r: r["clause_count"], "条款数", True),
}
FILTERS = ("level", "region", "issuer", "year", "doc_type")


def list_documents(store: Store, *, level: str | None = None, region: str | None = None,
                   issuer: str | None = None, year: str | None = None,
                   doc_type: str | None = None, sort: str = "date",
                   descending: bool | None = None) -> dict:
    """The documents matching every filter given, sorted (``descending``
    None: the key's own way), with facets counted over the documents that
    match the other filters."""
    if sort not in SORTS:
        raise BadRequest(f"排序只能是：{'、'.join(f'{k}（{v[1]}）' for k, v in SORTS.items())}"
                         f"（收到：{sort[:20]}）")
    wanted = {"level": filter_value("level", level) if level else None,
              "region": normalise_text(region).strip() if region else None,
              "issuer": normalise_text(issuer).strip() if issuer else None,
              "year": filter_value("year", year) if year else None,
              "doc_type": doc_type.strip() if doc_type else None}
    records = document_records(store)
    titles = {r["id"]: r["title"] for r in records}
    for record in records:
        record["regions"] = region_names(record["region"], record["region_code"])
        record["parent_documents"] = [{"id": p, "title": titles.get(p, p)}
                                      for p in record["parents"]]
    chosen = matching(records, wanted, _matches)
    key, _, natural = SORTS[sort]
    descending = natural if descending is None else descending
    chosen.sort(key=lambda r: r["title"])   # ties in title order, whichever way
    chosen.sort(key=key, reverse=descending)
    return {"documents": chosen, "total": len(chosen), "of": len(records),
            "filters": {k: v for k, v in wanted.items() if v},
            "sort": sort, "descending": descending,
            "facets": _facets(records, wanted)}


def _matches(record: dict, name: str, value: str) -> bool:
    if name == "region":
        return value in record["regions"]
    if name == "year":
        return (record["date"] or "").startswith(value)
    if name == "issuer":   # 市场监管总局 finds 市场监管总局办公厅 and joint issuers
        return value in (record["issuer"] or "")
    return record[name] == value


def _facets(records: list[dict], wanted: dict) -> dict:
    """Counts of each filter's values over the records matching the others."""
    out = {}
    for name in FILTERS:
        others = matching(records, wanted, _matches, leaving_out=name)
        if name == "region":
            counts = Counter(n for r in others for n in r["regions"])
        elif name == "year":
            counts = Counter(r["date"][:4] for r in others if r["date"])
        else:
            counts = Counter(r[name] for r in others if r[name])
        order = (lambda kv: LEVEL_RANK.get(kv[0], 9)) if name == "level" else (
            (lambda kv: kv[0]) if name == "year" else (lambda kv: (-kv[1], kv[0])))
        out[name] = sorted(counts.items(), key=order, reverse=name == "year")
    return out
