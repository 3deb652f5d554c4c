"""The data dict of each page, built from the library's verbs.

A page and its JSON twin under /api/ render the same dict: the HTML views
pass it to a template, the API views return it as JSON. Nothing here
computes what the library does not already compute; it gathers.
"""

from __future__ import annotations

from corpus import Store, document_record, document_records
from corpus.ingest import source_name
from corpus.models import FLAG_KINDS
from indexer.check import check_draft
from indexer.cite import STYLES, cite_clause, cite_document
from indexer.diff import diff_clauses
from indexer.lineage import ensure_schema
from indexer.search import SearchService, search_clauses
from indexer.trace import NotFound, clause_lineage, document_coverage

from .graph import lineage_graph

SEARCH_FILTERS = ("level", "region", "issuer", "year", "doc", "doc_type", "unit", "flag")
FILTER_NAMES = {"level": "层级", "region": "地区", "issuer": "发文机关", "year": "年份",
                "doc": "文件", "doc_type": "文种", "unit": "责任单位", "flag": "标记"}
EXAMPLES = ["流量券", '"双随机一公开"', "電商 地區:運城市", "市场监管 层级:县级",
            "经营主体 NOT 农产品", "责任单位:市商务局"]


def search_page(service: SearchService, args, store: Store | None = None) -> dict:
    """The search form's values and, when there is a query, the result;
    without one, what the knowledge base holds and example queries."""
    query = (args.get("q") or "").strip()
    filters = {name: args.get(name) for name in SEARCH_FILTERS if args.get(name)}
    page = _int(args.get("page"), 1, "page")
    limit = _int(args.get("limit"), 10, "limit")
    sort = args.get("sort") or "relevance"
    data = {"query": query, "filters": filters, "sort": sort, "result": None,
            "filter_names": FILTER_NAMES}
    if not query:
        data["examples"] = EXAMPLES
        data["holdings"] = store.counts() if store is not None else None
    else:
        data["result"] = search_clauses(service, query, page=page, limit=limit, sort=sort,
                                        **filters).to_json()
        # A document filter reads as the document's title, not its id.
        if "doc" in filters:
            data["filter_labels"] = {"doc": service.titles.get(filters["doc"], filters["doc"])}
    return data


def documents_page(store: Store) -> dict:
    return {"documents": [_public(r) for r in document_records(store)]}


def _public(record: dict) -> dict:
    """A document record as the web shows it: its source by file name."""
    return {**record, "source": source_name(record["source"])}


def document_page(store: Store, doc_id: str) -> dict:
    """A document's record and clauses, its parents and children with their
    titles, and the meaning of each integrity flag."""
    record = document_record(store, doc_id)
    if record is None:
        raise NotFound(f"no document {doc_id!r}")
    titles = dict(store.db.execute("SELECT id, title FROM documents"))
    ensure_schema(store)
    children = sorted({c for (c,) in store.db.execute(
        "SELECT child FROM document_links WHERE parent=? UNION"
        " SELECT DISTINCT child_doc FROM clause_links WHERE parent_doc=?", (doc_id, doc_id))})
    record["parent_documents"] = [{"id": p, "title": titles.get(p)} for p in record["parents"]]
    record["child_documents"] = [{"id": c, "title": titles.get(c)} for c in children]
    record["flag_meanings"] = {k: v[1] for k, v in FLAG_KINDS.items()}
    record["citation"] = cite_document(store, doc_id, "gongwen").text
    return {"document": _public(record)}


def clause_page(store: Store, clause_id: str, base_url: str | None = None) -> dict:
    """A clause with its document, lineage (and its picture), a diff
    against each parent, and its citation in every style."""
    lineage = clause_lineage(store, clause_id)
    clause = store.clause(clause_id)
    doc = store.document(clause.doc_id)
    return {
        "clause": clause.to_json(),
        "document": {"id": doc.id, "title": doc.meta.title, "doc_no": doc.meta.doc_no,
                     "level": doc.meta.level, "date": doc.meta.date,
                     "issuer": doc.meta.issuer},
        "lineage": lineage,
        "graph": lineage_graph(lineage),
        "diffs": [diff_clauses(store, clause_id, p["clause_id"]) for p in lineage["parents"]],
        "citations": {style: cite_clause(store, clause_id, style, base_url).to_json()
                      for style in STYLES},
        "flag_meanings": {k: v[1] for k, v in FLAG_KINDS.items()},
    }


def coverage_page(store: Store, doc_id: str, child: str | None) -> dict:
    return {"coverage": document_coverage(store, doc_id, child)}


def check_page(store: Store, draft: str) -> dict:
    return {"draft": draft, "report": check_draft(store, draft)}


def lineage_json(store: Store, clause_id: str) -> dict:
    return clause_lineage(store, clause_id)


def citation_json(store: Store, clause_id: str, style: str, base_url: str | None = None) -> dict:
    if style not in STYLES:
        raise ValueError(f"style 只能是 {'、'.join(STYLES)}")
    return cite_clause(store, clause_id, style, base_url).to_json()


def diff_json(store: Store, child: str, parent: str) -> dict:
    return diff_clauses(store, child, parent)


def _int(value, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} 必须是整数") from None
