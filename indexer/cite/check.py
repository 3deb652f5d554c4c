"""Draft checking: every quotation, reference and copied passage of a draft
checked against the clause store.

The draft is normalised as documents are at ingest (t2s, width, punctuation
— 「」 becomes “” —, 文号 brackets, spaces), keeping each character's offset
in the draft as written, so every finding points at the user's own text.

- Quotations: “…” (with ‘…’ nested), 「…」 (with 『…』), ‘…’ and "…";
  quotations shorter than ``MIN_QUOTE`` characters are terms, not quotes.
  ``verified`` when the quotation, white space aside, is in a clause;
  ``altered`` when a clause holds most of it (``ALTERED_MIN`` of its
  characters in aligned runs): the clause and a character diff;
  ``not_found`` otherwise. Of several clauses with the words, the source is
  the highest-level, earliest document's (a provincial plan that copies a
  national opinion is not the source of the words).
- References: 《title》 and 文号, with a place after them (第三条, 第三部分,
  第（二）项); ``resolved``, ``unknown`` (not in the knowledge base) or
  ``mismatch`` (a title and the 文号 beside it name different documents, or
  the 文号 names none while the title names one).
- Passages: a run of ``MIN_PASSAGE`` or more characters of a clause,
  verbatim, outside quotation marks (copied without attribution).

Candidates come from the lineage engine's fingerprint table: each K-gram of
a quotation is looked up (a quotation of ``GUARANTEED_RUN`` characters or
more is sure to share one with a clause that holds it), never a scan of
every clause.
"""

from __future__ import annotations

import re

from corpus import Store
from corpus.models import Clause, Document, TrackedText
from corpus.normalise import normalise_tracked

from ..errors import DraftLimit
from ..lineage import Reduced, align_texts, diff_texts, reduce_text, seed_index
from .passages import find_passages
from .quotes import find_mentions, find_quotations
from .sources import MIN_QUOTE, Sources, clause_text
from .styles import NO_DOC_NO, clause_place

#: Bounds on one check's work (issue 11): the characters of a draft and its
#: quotations.
MAX_DRAFT_CHARS = 2_000_000
MAX_QUOTES = 20_000
ALTERED_MIN = 0.6


def check_draft(store: Store, draft: str) -> dict:
    """The report on a draft: quotes, references, passages, and the draft
    annotated with them (segments the web page renders)."""
    if len(draft) > MAX_DRAFT_CHARS:
        raise DraftLimit(f"文稿太长：{len(draft):,} 字，上限 {MAX_DRAFT_CHARS:,} 字", 413)
    tracked, _ = normalise_tracked(TrackedText.of(draft))
    text = tracked.text
    sources = Sources(store)
    quotes_found = [q for q in find_quotations(text)
                    if len(reduce_text(q.text).chars) >= MIN_QUOTE]
    if len(quotes_found) > MAX_QUOTES:
        raise DraftLimit(f"引文太多：{len(quotes_found):,} 处，上限 {MAX_QUOTES:,} 处；"
                         "请分段核对", 422)
    checked: dict[str, dict] = {}   # a quotation repeated is looked up once
    quotes = []
    for q in quotes_found:
        if q.text not in checked:
            checked[q.text] = _check_quote(sources, q.text)
        quotes.append({**checked[q.text], **dict(zip(("start", "end"),
                                                     tracked.raw_span(q.start, q.end)))})
    found_refs = find_mentions(text)
    references = [_check_reference(sources, r, tracked) for r in found_refs]
    # Quotations and cited titles are attributed already: not passages.
    masked = [(q.start, q.end) for q in quotes_found] + [
        (r["start"], r["end"]) for r in found_refs]
    passages = find_passages(sources, text, tracked, masked)
    report = {"quotes": quotes, "references": references, "passages": passages}
    report["summary"] = {
        "quotes": len(quotes),
        **{s: sum(q["status"] == s for q in quotes) for s in ("verified", "altered", "not_found")},
        "references": len(references),
        "unresolved": sum(r["status"] != "resolved" for r in references),
        "passages": len(passages)}
    summary = report["summary"]
    # What a drafter must fix before sending: a quotation that differs from
    # its source or is in none, a cited document that is not the one named.
    summary["problems"] = summary["altered"] + summary["not_found"] + summary["unresolved"]
    report["segments"] = annotate(draft, report)
    return report


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_quote(sources: Sources, quote: str) -> dict:
    """What the store says of one quotation's text (its place in the draft
    is added by the caller)."""
    out = {"text": quote, "status": "not_found",
           "clause_id": None, "diff": None, "source": None, "also_in": [], "also": []}
    reduced = reduce_text(quote)
    squeezed = _squeeze(quote)
    candidates = sources.candidates(reduced.chars)
    verified = [c for c in candidates if squeezed in _squeeze(clause_text(c))]
    if verified:
        verified.sort(key=sources.preference)
        best = verified[0]
        # Other documents with the same words (a city plan copying the
        # province's): named, since the draft may cite one of them.
        out.update(status="verified", clause_id=best.id, source=sources.source(best),
                   also_in=[c.id for c in verified[1:]],
                   also=[{"clause_id": c.id, "citation": sources.citation(c)}
                         for c in verified[1:]])
        return out
    scored = []
    seeds = seed_index(reduced.chars)
    for clause in candidates:
        body = clause_text(clause)
        alignment = align_texts(reduced, reduce_text(body), child_index=seeds)
        share = alignment.matched / max(1, len(reduced.chars))
        if share >= ALTERED_MIN:
            scored.append((-share, sources.preference(clause), clause, alignment, body))
    if scored:
        scored.sort(key=lambda s: s[:2])
        _, _, clause, alignment, body = scored[0]
        window = _window(quote, reduced, alignment, body)
        out.update(status="altered", clause_id=clause.id, source=sources.source(clause),
                   diff=diff_texts(quote, window), source_text=window,
                   similarity=round(-scored[0][0], 3))
    return out


def _window(quote: str, reduced: Reduced, alignment, body: str) -> str:
    """The stretch of the clause the quotation corresponds to: from its
    first aligned run to its last, widened by the quotation's unaligned
    head and tail, and by the punctuation it opens or ends with where the
    clause has the same (a quotation ending in “。” is not an insertion
    when the clause's sentence ends there too)."""
    first, last = alignment.blocks[0], alignment.blocks[-1]
    head = reduced.offsets.index(first.child_start) if first.child_start in reduced.offsets else 0
    tail = len(reduced.chars) - 1 - (reduced.offsets.index(last.child_end - 1)
                                     if last.child_end - 1 in reduced.offsets else 0)
    start = _step(body, first.parent_start, -head)
    end = _step(body, last.parent_end, tail)
    lead = len(quote) - len(quote.lstrip(_PUNCTUATION))
    trail = len(quote) - len(quote.rstrip(_PUNCTUATION))
    if trail and body[end:end + trail] == quote[len(quote) - trail:]:
        end += trail
    if lead and body[max(0, start - lead):start] == quote[:lead]:
        start -= lead
    return body[start:end]


#: What a quotation may open or end with besides words: sentence and
#: clause punctuation (GB/T 15834), full and half width.
_PUNCTUATION = "。，、；：？！…,.;:?!"


def _step(body: str, at: int, count: int) -> int:
    """Move from ``at`` over ``count`` letters or digits (back when
    negative); punctuation on the way is passed over."""
    left = abs(count)
    if count < 0:
        while left and at > 0:
            at -= 1
            left -= body[at].isalnum()
    else:
        while left and at < len(body):
            left -= body[at].isalnum()
            at += 1
    return at


def _check_reference(sources: Sources, ref: dict, tracked: TrackedText) -> dict:
    start, end = tracked.raw_span(ref["start"], ref["end"])
    catalog = sources.catalog
    by_title = catalog.resolve(ref["title"], None) if ref["title"] else None
    by_no, doc_no = sources.by_no(ref["doc_no"]) if ref["doc_no"] else (None, None)
    if by_no is not None and doc_no != ref["doc_no"]:
        start, end = tracked.raw_span(ref["end"] - len(doc_no), ref["end"])
    out = {"title": ref["title"], "doc_no": doc_no, "place": ref["place"],
           "start": start, "end": end, "status": "unknown", "doc_id": None,
           "clause_id": None, "detail": None}
    if ref["title"] and ref["doc_no"] and (by_title or by_no) and by_title is not by_no:
        out["status"] = "mismatch"
        named = by_title or by_no
        out["doc_id"] = named.id
        if by_title and by_no:
            out["detail"] = (f"《{ref['title']}》的文号是{by_title.meta.doc_no or NO_DOC_NO}，"
                             f"{doc_no}是《{by_no.meta.title}》")
        elif by_title:
            out["detail"] = (f"《{ref['title']}》的文号是{by_title.meta.doc_no or NO_DOC_NO}，"
                             f"不是{doc_no}")
        else:
            out["detail"] = f"{doc_no}是《{by_no.meta.title}》，标题不符"
        if ref["place"]:
            clause = _clause_at(named, sources, ref["place"])
            out["clause_id"] = clause.id if clause else None
        return out
    doc = by_title or by_no
    if doc is None:
        return out
    out.update(status="resolved", doc_id=doc.id)
    if ref["place"]:
        clause = _clause_at(doc, sources, ref["place"])
        out["clause_id"] = clause.id if clause else None
    return out


def _clause_at(doc: Document, sources: Sources, place: str) -> Clause | None:
    """The clause a place such as 第三条 or 第三部分第（二）项 names."""
    wanted = re.sub(r"[()（）\s]", "", place)
    for clause in sources.store.clauses(doc.id):
        if re.sub(r"[()（）\s]", "", clause_place(clause)) == wanted:
            return clause
    return None


def annotate(draft: str, report: dict) -> list[dict]:
    """The draft cut into segments: plain text, and the quotes, references
    and passages found (each with its kind, status and index in the report),
    for the web page to render."""
    marks = ([(q["start"], q["end"], "quote", q["status"], i)
              for i, q in enumerate(report["quotes"])]
             + [(r["start"], r["end"], "reference", r["status"], i)
                for i, r in enumerate(report["references"])]
             + [(p["start"], p["end"], "passage", "uncited", i)
                for i, p in enumerate(report["passages"])])
    marks.sort()
    segments, pos = [], 0
    for start, end, kind, status, index in marks:
        if start < pos:   # a reference inside a quote: the quote's mark wins
            continue
        if start > pos:
            segments.append({"text": draft[pos:start], "kind": "text"})
        segments.append({"text": draft[start:end], "kind": kind, "status": status,
                         "index": index})
        pos = end
    if pos < len(draft):
        segments.append({"text": draft[pos:], "kind": "text"})
    return segments
