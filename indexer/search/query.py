"""What a user types, read once into one neutral query.

Syntax: words are ANDed; OR, NOT and parentheses; "quoted phrases" (also
“…” and 「…」); field prefixes, in English or Chinese, in either script
(level:/层级:/層級:, region:/地区:/地區:, …: :data:`FIELDS`). OR binds
tighter than AND, written or not (流量券 广告券 OR 消费券 = 流量券 AND
(广告券 OR 消费券)); NOT applies to the item after it.

Everything is normalised here, once, for every backend and every path:
words and phrases as documents are (t2s, width, punctuation) and cut by the
index's segmenter; field names in both scripts; filter values by
:func:`filter_value` (the one filter rule, also for filters passed as
arguments). A backend receives a tree of :class:`Term`, :class:`Phrase`,
:class:`Filter`, :class:`And`, :class:`Or` and :class:`Not` and never sees
the text. A malformed query raises :class:`QuerySyntaxError`, whose message
says what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.lexicon import segment
from corpus.normalise import normalise_text
from corpus.vocabulary import LEVEL_ALIASES, LEVEL_NAMES

from ..errors import QuerySyntaxError

#: Fields of the clause text: a word or phrase is looked for in them.
TEXT_FIELDS = {"all": ("text", "正文"), "heading": ("标题",)}
#: Fields a clause is filtered on (exact values, from its document).
FILTER_FIELDS = {
    "level": ("层级", "级别"), "region": ("地区",), "issuer": ("发文机关",), "year": ("年份",),
    "doc_id": ("doc", "文件"), "doc_type": ("type", "文种"), "unit": ("责任单位",),
    "flag": ("标记",),
}
FIELDS = TEXT_FIELDS | FILTER_FIELDS
#: Each field's Chinese name, as pages, the CLI and messages show it: its
#: first alias that is not English.
FIELD_LABELS = {field: next(a for a in aliases if not a.isascii())
                for field, aliases in FIELDS.items()}
DEFAULT_FIELD = "all"
OPERATORS = ("AND", "OR", "NOT")
MAX_QUERY_CHARS = 1_000
MAX_DEPTH = 20


@dataclass(frozen=True)
class Term:
    """One word of the index (lower case, simplified) in a text field."""
    field: str
    text: str

    def __str__(self):
        return f"{self.field}:{self.text}"


@dataclass(frozen=True)
class Phrase:
    """Words that follow each other in the text (see phrase_pattern)."""
    field: str
    words: tuple[str, ...]

    def __str__(self):
        return f'{self.field}:"{" ".join(self.words)}"'


@dataclass(frozen=True)
class Filter:
    """A clause whose document has this value (normalised by filter_value)."""
    field: str
    value: str

    def __str__(self):
        return f"{self.field}={self.value}"


@dataclass(frozen=True)
class And:
    items: tuple

    def __str__(self):
        return "(" + " AND ".join(map(str, self.items)) + ")"


@dataclass(frozen=True)
class Or:
    items: tuple

    def __str__(self):
        return "(" + " OR ".join(map(str, self.items)) + ")"


@dataclass(frozen=True)
class Not:
    item: object

    def __str__(self):
        return f"NOT {self.item}"


Query = Term | Phrase | Filter | And | Or | Not

#: Every name a user may type for a field, normalised as the query is, so
#: 地區: finds the field 地区: does.
_NAMES = {normalise_text(alias).lower(): field for field, aliases in FIELDS.items()
          for alias in (field, *aliases)}
#: Between the words of a phrase: nothing, or up to three characters of
#: punctuation or space (双随机、一公开 for "双随机一公开").
PHRASE_GAP = r"[\W_]{0,3}"


def phrase_pattern(words) -> re.Pattern:
    """The one phrase rule, applied to a clause's text by every path of
    every backend: the phrase's words in order, each next one right after
    the last or after at most three characters of punctuation or space."""
    return re.compile(PHRASE_GAP.join(map(re.escape, words)), re.IGNORECASE)


def words_of(text: str) -> list[str]:
    """The index's words of query text: normalised, segmented, lower case."""
    return [word.lower() for word, _, _ in segment(normalise_text(text))]


def filter_value(field: str, value: str) -> str:
    """The one filter rule: the stored form of a value typed or passed for
    ``field`` (省级 → provincial, 運城市 → 运城市, ２０２４ → 2024)."""
    value = normalise_text(str(value)).strip()
    if field == "level":
        if value not in LEVEL_ALIASES:   # a level not written would silently find nothing
            raise QuerySyntaxError(f"层级“{value[:20]}”无效；层级只能是："
                                   + "、".join(LEVEL_NAMES.values()))
        return LEVEL_ALIASES[value]
    if field == "year":
        year = value.removesuffix("年")
        if not (len(year) == 4 and year.isdigit()):
            raise QuerySyntaxError(f"年份“{value[:20]}”无效：应是四位数字，如 2024")
        return year
    return value


def field_label(name: str) -> str:
    """The Chinese name of a field or filter parameter (doc, type, level…)."""
    return FIELD_LABELS.get(field_name(name) or "", name)


def field_name(name: str) -> str | None:
    """The field a typed name means (English or Chinese, either script)."""
    return _NAMES.get(normalise_text(name).lower())


def parse_query(text: str, filters: dict[str, str] | None = None) -> Query:
    """The neutral query of ``text``, ANDed with ``filters`` (field → value,
    the filter options of the CLI and API); raises QuerySyntaxError."""
    tokens = _tokens(_check(text))
    parser = _Parser(tokens)
    query = parser.expression()
    if parser.at < len(tokens):   # only a stray ) can be left, and _check caught it
        raise QuerySyntaxError("无法解析这个查询，请检查运算符和括号")
    extra = []
    for name, value in (filters or {}).items():
        if value in (None, ""):
            continue
        field = field_name(name)
        if field not in FILTER_FIELDS:
            raise QuerySyntaxError(f"未知筛选“{name}”；可用筛选：" + "、".join(
                f"{FIELD_LABELS[k]}（{k}）" for k in FILTER_FIELDS))
        extra.append(Filter(field, filter_value(field, value)))
    if query is None:
        raise QuerySyntaxError("查询没有可检索的词（只有标点或停用词）")
    if not positive(query) and not extra:
        raise QuerySyntaxError("查询只有 NOT：至少要有一个要找的词")
    return _flat(And((query, *extra))) if extra else query


def positive(query: Query) -> bool:
    """Whether a query asks for something (not only for what to leave out)."""
    if isinstance(query, Not):
        return False
    if isinstance(query, And):
        return any(positive(q) for q in query.items)
    if isinstance(query, Or):
        return all(positive(q) for q in query.items)
    return True


def positive_words(query: Query) -> set[str]:
    """The words a match must or may hold (not those under NOT), for the
    heading boost and for highlighting."""
    if isinstance(query, Term):
        return {query.text}
    if isinstance(query, Phrase):
        return set(query.words)
    if isinstance(query, (And, Or)):
        return set().union(*(positive_words(q) for q in query.items))
    return set()


def _check(text: str) -> str:
    text = (text or "").strip()
    for a, b in (("“", '"'), ("”", '"'), ("「", '"'), ("」", '"'), ("（", "("), ("）", ")")):
        text = text.replace(a, b)
    if not text:
        raise QuerySyntaxError("查询为空")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"查询太长：最多 {MAX_QUERY_CHARS} 个字符")
    if text.count('"') % 2:
        raise QuerySyntaxError("引号不成对：每个短语都要用一对引号括起来")
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            raise QuerySyntaxError("括号不成对：多了一个右括号")
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(f"括号嵌套太深：最多 {MAX_DEPTH} 层")
    if depth:
        raise QuerySyntaxError("括号不成对：缺少右括号")
    return text


_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))')
_PREFIX = re.compile(r"^([A-Za-z_\u3400-\u9fff]+)[:：](.*)$", re.DOTALL)


def _tokens(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, text, field): kinds '(' ')' 'op' 'word' 'phrase'."""
    out: list[tuple[str, str, str | None]] = []
    pending = None   # a field prefix waiting for its "phrase"
    for m in _TOKEN.finditer(text):
        if m.group("paren"):
            if pending:
                raise QuerySyntaxError(f"字段“{pending[0]}”后面要跟一个词或带引号的短语")
            out.append((m.group("paren"), m.group("paren"), None))
        elif m.group("phrase") is not None:
            out.append(("phrase", m.group("phrase"), pending[1] if pending else None))
            pending = None
        else:
            word = m.group("word")
            if pending and word not in OPERATORS:   # 地区： 运城市, a space typed after
                out.append(("word", word, pending[1]))
                pending = None
                continue
            if pending:
                raise QuerySyntaxError(f"字段“{pending[0]}”后面要跟一个词或带引号的短语")
            prefix = _PREFIX.match(word)
            if word in OPERATORS:
                out.append(("op", word, None))
            elif prefix:
                name, rest = prefix.groups()
                field = field_name(name)
                if field is None:
                    raise QuerySyntaxError(f"未知字段“{name}”；可用字段：" + "、".join(
                        f"{FIELD_LABELS[k]}（{k}）" for k in FIELDS))
                if rest:
                    out.append(("word", rest, field))
                else:
                    pending = (name, field)
            else:
                out.append(("word", word, None))
    if pending:
        raise QuerySyntaxError(f"字段“{pending[0]}”后面要跟一个词或带引号的短语")
    return out


class _Parser:
    """Recursive descent: expression := alternatives ([AND] alternatives)*;
    alternatives := unary (OR unary)*; unary := NOT unary | item."""

    def __init__(self, tokens):
        self.tokens, self.at = tokens, 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def expression(self) -> Query | None:
        items = []
        while self.peek()[0] not in (None, ")"):
            kind, text, _ = self.peek()
            if kind == "op" and text == "AND":
                self.take()
                if not items or self.peek()[0] in (None, ")") or self.peek()[1] in ("AND", "OR"):
                    raise _operator("AND")
                continue
            found = self.alternatives()
            if found is not None:
                items.append(found)
        return _flat(And(tuple(items))) if items else None

    def alternatives(self) -> Query | None:
        items = [self.unary()]
        while self.peek() == ("op", "OR", None):
            self.take()
            if self.peek()[0] in (None, ")") or self.peek()[1] in ("AND", "OR"):
                raise _operator("OR")
            items.append(self.unary())
        items = [i for i in items if i is not None]
        return _flat(Or(tuple(items))) if items else None

    def unary(self) -> Query | None:
        kind, text, field = self.take()
        if kind == "op":
            if text != "NOT" or self.peek()[0] in (None, ")") or self.peek()[0] == "op":
                raise _operator(text)
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if kind == "(":
            inner = self.expression()
            self.take()   # the ")" (_check counted them)
            return inner
        return _item(kind, text, field or DEFAULT_FIELD)


def _operator(name: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"运算符“{name}”两边都要有检索词")


def _item(kind: str, text: str, field: str) -> Query | None:
    if field in FILTER_FIELDS:
        value = filter_value(field, text)
        return Filter(field, value) if value else None
    words = words_of(text)
    if not words:
        return None
    if kind == "phrase" and len(words) > 1:
        return Phrase(field, tuple(words))
    return _flat(And(tuple(Term(field, w) for w in words)))


def _flat(query: Query) -> Query:
    """Nested ANDs (ORs) joined, single items unwrapped, repeats dropped."""
    if isinstance(query, (And, Or)):
        items = []
        for item in query.items:
            item = _flat(item)
            for sub in (item.items if type(item) is type(query) else (item,)):
                if sub not in items:
                    items.append(sub)
        return items[0] if len(items) == 1 else type(query)(tuple(items))
    return query
