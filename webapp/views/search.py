"""The search page: the form, results with facets, or (no query) what the
knowledge base holds and example queries."""

from __future__ import annotations

from flask import Blueprint, request

from indexer import QuerySyntaxError, search_clauses
from indexer.search.query import field_label

from ..exports import search_tables
from ..resources import get_search, get_store
from . import int_arg, page

bp = Blueprint("search", __name__)

SEARCH_FILTERS = ("level", "region", "issuer", "year", "doc", "doc_type", "unit", "flag")
FILTER_NAMES = {name: field_label(name) for name in SEARCH_FILTERS}
EXAMPLES = ["流量券", '"双随机一公开"', "電商 地區:運城市", "市场监管 层级:县级",
            "经营主体 NOT 农产品", "责任单位:市商务局"]


@page(bp, "/", "search.html", api_rule="/search", export_rule="/search/export",
      tables=lambda data: search_tables(data["result"]) if data["result"] else [],
      filename=lambda data: f"检索结果-{data['query'][:20]}")
def search():
    args = request.args
    query = (args.get("q") or "").strip()
    filters = {name: args.get(name) for name in SEARCH_FILTERS if args.get(name)}
    data = {"query": query, "filters": filters, "sort": args.get("sort") or "relevance",
            "result": None, "filter_names": FILTER_NAMES}
    if not query:
        data["examples"] = EXAMPLES
        data["holdings"] = get_store().counts()
        return data
    try:
        data["result"] = search_clauses(
            get_search(), query, page=int_arg(args, "page", 1),
            limit=int_arg(args, "limit", 10), sort=data["sort"], **filters).to_json()
    except QuerySyntaxError as exc:   # shown above the form, which keeps the query
        data["error"], data["examples"] = exc, EXAMPLES
        return data
    if "doc" in filters:   # a document filter reads as the document's title
        data["filter_labels"] = {"doc": get_store().titles().get(filters["doc"],
                                                                 filters["doc"])}
    return data
