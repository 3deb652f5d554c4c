"""From what a user types to a whoosh query.

Syntax: words are ANDed; OR, NOT and parentheses; "quoted phrases" (also
“…” and 「…」); field prefixes, in English or Chinese (level:/层级:,
region:/地区:, issuer:/发文机关:, year:/年份:, doc:/文件:, type:/文种:,
unit:/责任单位:, flag:/标记:). Words go through the same normalisation as
documents (t2s, punctuation, width), so either script finds the same
clauses. A malformed query gets a clear message, never a crash.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.qparser import AndGroup, FieldAliasPlugin, QueryParser

from corpus.normalise import normalise_text

from .phrase import CharPhrase

DEFAULT_FIELD = "all"
FILTER_FIELDS = {
    "level": ("层级", "级别"), "region": ("地区",), "issuer": ("发文机关",), "year": ("年份",),
    "doc_id": ("doc", "文件"), "doc_type": ("type", "文种"), "unit": ("责任单位",),
    "flag": ("标记",), "heading": ("标题",), "all": ("text", "正文"),
}
LEVELS = {"国家": "national", "国家级": "national", "中央": "national", "省": "provincial",
          "省级": "provincial", "市": "city", "市级": "city", "县": "county", "县级": "county"}
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
MAX_QUERY_CHARS = 1_000
MAX_DEPTH = 20


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message says what to fix."""


def parse_query(text: str, schema) -> wq.Query:
    """The whoosh query for ``text``; raises QuerySyntaxError."""
    text = _check(text)
    parser = QueryParser(DEFAULT_FIELD, schema, group=AndGroup)
    parser.add_plugin(FieldAliasPlugin({k: list(v) for k, v in FILTER_FIELDS.items()}))
    try:
        parsed = parser.parse(text)
    except (IndexError, RecursionError, ValueError, TypeError) as exc:   # the parser's own
        raise QuerySyntaxError("无法解析这个查询，请检查运算符和括号") from exc
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise QuerySyntaxError("查询没有可检索的词（只有标点或停用词）")
    return parsed.accept(_rewrite)


def _check(text: str) -> str:
    text = (text or "").strip()
    for a, b in (("“", '"'), ("”", '"'), ("「", '"'), ("」", '"'), ("（", "("), ("）", ")")):
        text = text.replace(a, b)
    if not text:
        raise QuerySyntaxError("查询为空")
    if text.count('"') % 2:
        raise QuerySyntaxError("引号不成对：每个短语都要用一对引号括起来")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"查询太长：最多 {MAX_QUERY_CHARS} 个字符")
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            raise QuerySyntaxError("括号不成对：多了一个右括号")
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(f"括号嵌套太深：最多 {MAX_DEPTH} 层")
    if depth:
        raise QuerySyntaxError("括号不成对：缺少右括号")
    known = set(FILTER_FIELDS) | {a for v in FILTER_FIELDS.values() for a in v}
    # 地区：山西 typed with a full-width colon is a field prefix too.
    text = re.sub(r"(?<![\w])(" + "|".join(map(re.escape, sorted(known, key=len, reverse=True)))
                  + r")：", r"\1:", text)
    outside = re.sub(r'"[^"]*"', " ", text)
    for name in re.findall(r"(?:^|[\s(])([A-Za-z_\u4e00-\u9fff]+):", outside):
        if name not in known:
            raise QuerySyntaxError(f"未知字段“{name}”；可用字段：" + "、".join(
                f"{k}（{'/'.join(v)}）" for k, v in FILTER_FIELDS.items()))
    words = outside.replace("(", " ( ").replace(")", " ) ").split()
    for before, word, after in zip(["("] + words, words, words[1:] + [")"]):
        # An operator needs a word on each side (NOT only after it); NOT
        # may follow AND or OR, nothing else may follow an operator.
        if word in _OPERATORS and (
                after in _OPERATORS - {"NOT"} or after == ")" or word == "NOT" and after == "NOT"
                or word != "NOT" and (before in _OPERATORS or before == "(")):
            raise QuerySyntaxError(f"运算符“{word}”两边都要有检索词")
    return text


def _rewrite(q: wq.Query) -> wq.Query:
    """Phrases match on characters; filter values are normalised."""
    if isinstance(q, wq.Phrase) and not isinstance(q, CharPhrase):
        return CharPhrase(q.fieldname, q.words, boost=q.boost)
    if isinstance(q, wq.Term) and q.fieldname == "level":
        return wq.Term("level", LEVELS.get(q.text, q.text), boost=q.boost)
    if isinstance(q, wq.Term) and q.fieldname in ("region", "issuer", "unit", "doc_type"):
        return wq.Term(q.fieldname, normalise_text(q.text), boost=q.boost)
    return q


def positive_words(q: wq.Query) -> set[str]:
    """The words a match must or may hold (not those under NOT), for the
    heading boost and for highlighting."""
    if isinstance(q, wq.Not):
        return set()
    if isinstance(q, wq.AndNot):
        return positive_words(q.a)
    if isinstance(q, wq.Term):
        return {q.text} if q.fieldname in ("all", "heading") else set()
    if isinstance(q, wq.Phrase):
        return set(q.words) if q.fieldname in ("all", "heading") else set()
    words: set[str] = set()
    for child in q.children():
        words |= positive_words(child)
    return words
