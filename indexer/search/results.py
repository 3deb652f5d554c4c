"""Search results as callers see them: hits with snippets and highlights,
facet counts with labels. Backend-neutral: built from the records and counts
a backend returns."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace

from corpus.lexicon import segment, subwords
from corpus.vocabulary import LEVEL_RANK

SNIPPET_CHARS = 100
SNIPPET_LEAD = 24
FACET_VALUES = 30   # the most frequent values of each facet


@dataclass(frozen=True)
class Hit:
    clause_id: str
    doc_id: str
    score: float
    heading: str
    snippet: str
    highlights: list[tuple[int, int]]
    heading_highlights: list[tuple[int, int]]
    label: str
    path: list[str]
    title: str
    doc_no: str | None
    level: str
    region: list[str]
    date: str
    #: Later hits of the page with the same heading and text (a county plan
    #: copying its city's clause word for word), for a page to show as one:
    #: each a dict of clause_id, doc_id, title, level, path. Such a hit
    #: names the first in ``same_as``; every hit stays in the result.
    same: list[dict] = field(default_factory=list)
    same_as: str | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str
    parsed: str
    total: int
    page: int
    pages: int
    limit: int
    sort: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


def group_identical(hits: list[tuple[Hit, dict]]) -> list[Hit]:
    """The page's hits, each whose heading and text (white space aside)
    equal an earlier hit's listed in that hit's ``same`` and marked
    ``same_as`` it: a page shows the words once and which documents carry
    them; the hits and their order are unchanged."""
    first: dict[str, Hit] = {}
    out: list[Hit] = []
    for hit, record in hits:
        key = "".join(f"{record.get('heading', '')}\n{record.get('text', '')}".split())
        if key in first:
            first[key].same.append({"clause_id": hit.clause_id, "doc_id": hit.doc_id,
                                    "title": hit.title, "level": hit.level, "path": hit.path})
            hit = replace(hit, same_as=first[key].clause_id)
        else:
            first[key] = hit
        out.append(hit)
    return out


def make_hit(record: dict, score: float, words: set[str]) -> Hit:
    text = record.get("text", "")
    snippet, offsets = snippet_of(text, words)
    heading = record.get("heading", "")
    return Hit(clause_id=record["clause_id"], doc_id=record["doc_id"], score=round(score, 4),
               heading=heading, snippet=snippet, highlights=offsets,
               heading_highlights=word_spans(heading, words), label=record.get("label", ""),
               path=list(record.get("path", [])), title=record.get("title", ""),
               doc_no=record.get("doc_no"), level=record.get("level", ""),
               region=[r for r in (record.get("region") or "").split(",") if r],
               date=record.get("date", ""))


def facet_entries(counts: dict[str, Counter], titles: dict[str, str]) -> dict[str, list[dict]]:
    """The FACET_VALUES most frequent values of each facet; documents by
    title. Levels go in their order (国家, 省级, 市级, 县级), as a reader
    walks down a cascade, not by count."""
    out = {}
    for name, counter in counts.items():
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        if name == "level":
            items.sort(key=lambda kv: LEVEL_RANK.get(kv[0], len(LEVEL_RANK)))
        entries = [{"value": value, "count": count} for value, count in items]
        if name == "doc_id":
            for entry in entries:
                entry["label"] = titles.get(entry["value"], entry["value"])
        out[name] = entries
    return out


def word_spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Merged character spans of the words of ``text`` (and their sub-words,
    as the index holds them) that are query words: the segmenter that
    indexed the text, so the offsets are exact."""
    if not text or not words:
        return []
    found = []
    for word, start, end in segment(text):
        pieces = [(word, start, end)] + [(word[i:j], start + i, start + j)
                                         for i, j in subwords(word)]
        found += [(s, e) for piece, s, e in pieces if piece.lower() in words]
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def snippet_of(text: str, words: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET_CHARS of text around the first query word, with the
    spans of the query words in it. Only the window is segmented: a long
    article costs no more than a short clause."""
    if len(text) <= SNIPPET_CHARS:
        return text, word_spans(text, words)
    lowered = text.lower()
    found = [at for at in (lowered.find(w) for w in words) if at >= 0]
    first = min(found) if found else 0
    start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    spans = [(s + len(prefix), e + len(prefix)) for s, e in word_spans(text[start:end], words)]
    return prefix + text[start:end] + suffix, spans
