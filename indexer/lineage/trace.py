"""A clause's family: :func:`clause_lineage` answers "where does this county
task come from, and who implements this national clause", from the links
:mod:`indexer.lineage.link` stored."""

from __future__ import annotations

from collections import deque

from corpus import Store
from corpus.models import Clause, all_text

from ..errors import NotFound
from .lexical import decisive_words

MAX_DEPTH = 8   # national → county is 3 steps; a longer chain is a cycle guard


def clause_lineage(store: Store, clause_id: str) -> dict:
    """The clause, its parents and children (each link with its score,
    method and evidence), its ancestors up to the top and its descendants
    down to the bottom (each with the link that reached it)."""
    clause = store.clause(clause_id)
    if clause is None:
        raise NotFound(f"条款 {clause_id}")
    return {
        "clause_id": clause_id,
        "clause": clause_summary(store, clause),
        "parents": _links(store, clause_id, up=True),
        "children": _links(store, clause_id, up=False),
        "ancestors": _walk(store, clause_id, up=True),
        "descendants": _walk(store, clause_id, up=False),
    }


def _links(store: Store, clause_id: str, up: bool) -> list[dict]:
    """Each link with its evidence and the aligned spans of the child's text."""
    out = []
    me = store.clause(clause_id)
    for link in store.lineage.links_of(clause_id, up):
        target = store.clause(link["other"])
        if target is not None:
            child = me if up else target
            text = all_text(child.heading, child.text)
            evidence = link["evidence"]
            spans = [text[b[0]:b[1]] for b in evidence.get("blocks", [])]
            if evidence.get("grams"):
                evidence = {**evidence, "words": decisive_words(text, evidence["grams"])}
            out.append({**clause_summary(store, target), "score": link["score"],
                        "matched": link["matched"], "method": link["method"],
                        "evidence": evidence, "spans": spans})
    return out


SIGNALS = {"aligned": "原文相同", "words": "用词相近（改写）", "sentence": "整句相同",
           "article": "明文引用条款"}
#: How a link's parent document was found: cited by the child, found by
#: its text, or a heading matched in a cited parent.
LINK_METHODS = {"cited": "依引用文件", "text": "依文字比对", "heading": "依标题"}


def describe_evidence(link: dict) -> list[str]:
    """A link's evidence in words, for the CLI and the pages: which signal
    found it, the aligned spans of the child, the distinctive words that
    decided it against the parent's other clauses, and for a parent the
    child does not cite, the matter both regulate."""
    evidence = link["evidence"]
    parts = [f"{SIGNALS.get(evidence.get('signal'), link['method'])} {link['score']:.2f}"]
    if evidence.get("in_order"):
        parts.append("与上级条款顺序一致")
    spans = [s if len(s) <= 24 else s[:22] + "…" for s in link.get("spans", [])[:3]]
    if spans:
        parts.append("对齐片段：" + " / ".join(f"「{s}」" for s in spans))
    if evidence.get("sentence"):   # a sentence copied whole (``sentences``)
        sentence = evidence["sentence"]
        parts.append(f"整句：「{sentence if len(sentence) <= 40 else sentence[:38] + '…'}」")
    if evidence.get("citation"):   # the child names the article (``articles``)
        parts.append(f"引用：「{evidence['citation']}」")
    if evidence.get("words"):
        parts.append("决定性词语：" + "、".join(evidence["words"]))
    if evidence.get("subject"):   # a parent not cited, not adopted (``subject``)
        parts.append(f"未引用，事由相同：「{evidence['subject']}」")
    return parts


def _walk(store: Store, clause_id: str, up: bool) -> list[dict]:
    """Breadth first over the links; each clause once, at its least depth."""
    seen = {clause_id}
    queue = deque([(clause_id, 0)])
    out = []
    while queue:
        current, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for link in store.lineage.links_of(current, up):
            next_id = link["other"]
            if next_id in seen:
                continue
            seen.add(next_id)
            target = store.clause(next_id)
            if target is None:
                continue
            out.append({**clause_summary(store, target), "depth": depth + 1, "via": current,
                        "score": link["score"], "method": link["method"]})
            queue.append((next_id, depth + 1))
    return out


def clause_summary(store: Store, clause: Clause) -> dict:
    """A clause with its document's title, 文号, level and date."""
    doc = store.document_header(clause.doc_id) or {}
    return {"clause_id": clause.id, "doc_id": clause.doc_id, "label": clause.label,
            "path": list(clause.path), "heading": clause.heading,
            "title": doc.get("title"), "doc_no": doc.get("doc_no"),
            "level": doc.get("level"), "date": doc.get("date")}
