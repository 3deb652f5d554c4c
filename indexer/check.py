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
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpus import LoadError, Store
from corpus.catalog import Catalog
from corpus.load import load_bytes
from corpus.models import Clause, Document, TrackedText
from corpus.normalise import normalise_tracked
from corpus.vocabulary import DOC_NO

from .align import align_texts, seed_index
from .cite import NO_DOC_NO, clause_place
from .diff import diff_texts
from .fingerprint import GUARANTEED_RUN, K, Reduced, gram_hashes, reduce_text
from .lineage import COMMON_DOCUMENTS, LEVEL_RANK, ensure_schema, keys_of

DRAFT_SUFFIXES = (".txt", ".md", ".docx")
MAX_DRAFT_BYTES = 4 * 2**20
#: Bounds on one check's work (issue 11): the characters of a draft, its
#: quotations, and the span of draft aligned against one clause at a time.
MAX_DRAFT_CHARS = 2_000_000
MAX_QUOTES = 20_000
MAX_SPAN = 2_000
COPIES_PER_PIECE = 32
MIN_QUOTE = 6
MIN_PASSAGE = 20
ALTERED_MIN = 0.6
CANDIDATES = 20
PASSAGE_CANDIDATES = 4
_OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_PLACE = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+(?:条|部分|章|节|款)"
                    r"(?:第?[（(][一二三四五六七八九十\d]+[）)]项?)*|第?[（(][一二三四五六七八九十\d]+[）)]项)")


class DraftError(ValueError):
    """A draft that cannot be read (names the file and why)."""


class DraftLimit(ValueError):
    """A draft over one of the checker's limits (says which): ``status``
    413 for its length, 422 for its number of quotations."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def read_draft(path: Path) -> str:
    """The text of a draft file: .txt or .md (any encoding ingest reads),
    or .docx."""
    _draft_kind(path.name)
    try:
        with path.open("rb") as handle:   # bounded as it reads
            data = handle.read(MAX_DRAFT_BYTES + 1)
    except OSError as exc:
        raise DraftError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return draft_text(data, path.name)


def draft_text(data: bytes, name: str) -> str:
    """The text of a draft held in memory (an upload: never written to
    disk), ``name`` naming it in errors."""
    _draft_kind(name)
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{name}: larger than {MAX_DRAFT_BYTES // 2**20} MiB")
    try:
        return load_bytes(data, name=name).text
    except LoadError as exc:
        raise DraftError(str(exc)) from exc


def _draft_kind(name: str) -> None:
    if Path(name).suffix.lower() not in DRAFT_SUFFIXES:
        raise DraftError(f"{name}: a draft must be one of {', '.join(DRAFT_SUFFIXES)}")


@dataclass(frozen=True)
class Span:
    start: int   # offsets into the normalised draft
    end: int
    text: str


def check_draft(store: Store, draft: str) -> dict:
    """The report on a draft: quotes, references, passages, and the draft
    annotated with them (segments the web page renders)."""
    ensure_schema(store)
    if len(draft) > MAX_DRAFT_CHARS:
        raise DraftLimit(f"文稿太长：{len(draft):,} 字，上限 {MAX_DRAFT_CHARS:,} 字", 413)
    tracked, _ = normalise_tracked(TrackedText.of(draft))
    text = tracked.text
    sources = _Sources(store)
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
    found_refs = find_references(text)
    references = [_check_reference(sources, r, tracked) for r in found_refs]
    # Quotations and cited titles are attributed already: not passages.
    masked = [(q.start, q.end) for q in quotes_found] + [
        (r["start"], r["end"]) for r in found_refs]
    passages = _passages(sources, text, tracked, masked)
    report = {"quotes": quotes, "references": references, "passages": passages}
    report["summary"] = {
        "quotes": len(quotes),
        **{s: sum(q["status"] == s for q in quotes) for s in ("verified", "altered", "not_found")},
        "references": len(references),
        "unresolved": sum(r["status"] != "resolved" for r in references),
        "passages": len(passages)}
    report["segments"] = annotate(draft, report)
    return report


def find_quotations(text: str) -> list[Span]:
    """Top-level quotations (their inner text); nested ones are part of
    the outer. An unclosed quotation mark is ignored."""
    out, stack = [], []
    ascii_open = None
    for i, ch in enumerate(text):
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif stack and ch == _OPEN_CLOSE[stack[-1][0]]:
            _, start = stack.pop()
            if not stack and ascii_open is None:
                out.append(Span(start + 1, i, text[start + 1:i]))
        elif ch == '"' and not stack:
            if ascii_open is None:
                ascii_open = i
            else:
                out.append(Span(ascii_open + 1, i, text[ascii_open + 1:i]))
                ascii_open = None
        elif ch == "\n" and ascii_open is not None and text[i - 1:i] == "\n":
            ascii_open = None   # a paragraph ends an unclosed "
        if ch == "\n" and stack:
            # A paragraph end closes what is still open: a quotation carried
            # over paragraphs reopens “ at each (GB/T 15834, 引号), so a mark
            # left open here is unbalanced and must not swallow the rest.
            stack = []
    return sorted(out, key=lambda s: s.start)


def find_references(text: str) -> list[dict]:
    """《title》 and 文号 mentions, a 文号 right after a title joined to it,
    and the place cited after them."""
    refs = []
    taken = set()
    for m in _TITLE.finditer(text):
        ref = {"title": m.group(1), "doc_no": None, "place": None, "start": m.start(),
               "end": m.end()}
        rest = text[m.end():m.end() + 40]
        bracket = re.match(r"\s*[（(]\s*(" + DOC_NO.pattern + r")\s*[）)]", rest)
        if bracket:
            ref["doc_no"] = bracket.group(1)
            ref["end"] = m.end() + bracket.end()
            taken.add(m.end() + bracket.start(1))
        place = _PLACE.match(text[ref["end"]:ref["end"] + 30])
        if place:
            ref["place"] = place.group(1)
            ref["end"] += place.end()
        refs.append(ref)
    starts = [r["start"] for r in refs]   # titles, in text order, not overlapping
    for m in DOC_NO.finditer(text):
        inside = bisect_right(starts, m.start()) - 1
        if m.start() not in taken and not (inside >= 0 and m.start() < refs[inside]["end"]):
            refs.append({"title": None, "doc_no": m.group(0), "place": None,
                         "start": m.start(), "end": m.end()})
    return sorted(refs, key=lambda r: r["start"])


class _Sources:
    """Look-ups over the stored clauses through the fingerprint table."""

    def __init__(self, store: Store):
        self.store, self.db = store, store.db
        self.docs = {d.id: d for d in store.documents()}
        self.catalog = Catalog(list(self.docs.values()))
        self.doc_of_key = {k: d for d, k in keys_of(self.db).items()}
        self._clauses: dict[tuple[str, int], Clause] = {}

    def clause(self, doc_id: str, seq: int) -> Clause | None:
        key = (doc_id, seq)
        if key not in self._clauses:
            self._clauses[key] = self.store.clause_at(doc_id, seq)
        return self._clauses[key]

    def candidates(self, reduced: str, limit: int = CANDIDATES) -> list[Clause]:
        """Clauses sharing the most K-grams with ``reduced``."""
        hashes = set(gram_hashes(reduced))
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (hash INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM probe")
        self.db.executemany("INSERT INTO probe VALUES (?)", [(h,) for h in hashes])
        # CROSS JOIN: SQLite's order, probe first (else it scans fingerprints).
        ranked = self.db.execute(
            "SELECT f.doc, f.seq, count(*) AS n FROM probe p CROSS JOIN fingerprints f"
            " ON f.hash = p.hash GROUP BY f.doc, f.seq ORDER BY n DESC LIMIT ?",
            (limit,)).fetchall()
        self.db.commit()   # the temporary table's rows: no transaction left open
        found = self._short(reduced) if not ranked else []
        for doc, seq, _ in ranked:
            doc_id = self.doc_of_key.get(doc)
            clause = self.clause(doc_id, seq) if doc_id else None
            if clause is not None:
                found.append(clause)
        return found

    def _short(self, reduced: str) -> list[Clause]:
        """A quotation too short to be sure of sharing a fingerprint
        (under GUARANTEED_RUN characters): clauses holding its first or
        last six characters, found by a scan of the clause table."""
        if len(reduced) >= GUARANTEED_RUN or len(reduced) < MIN_QUOTE:
            return []
        found = {}
        for piece in {reduced[:6], reduced[-6:]}:
            for (clause_id,) in self.db.execute(
                    "SELECT id FROM clauses WHERE instr(heading, ?) OR instr(text, ?)"
                    " LIMIT ?", (piece, piece, CANDIDATES)):
                found.setdefault(clause_id, self.store.clause(clause_id))
        return list(found.values())

    def by_no(self, doc_no: str) -> tuple[Document | None, str]:
        """The document a 文号 names, and the 文号 as matched: a word run
        into the issuer code (及晋市监发〔2023〕216号) is dropped."""
        for i in range(len(doc_no)):
            if doc_no[i] == "〔":
                break
            found = self.catalog.by_no.get(doc_no[i:])
            if found:
                return found, doc_no[i:]
        return None, doc_no

    def preference(self, clause: Clause) -> tuple:
        """Highest level first, then earliest, then id: the original source."""
        m = self.docs[clause.doc_id].meta
        return (LEVEL_RANK.get(m.level or "", 9), m.first_date or m.date or "9999", clause.id)

    def citation(self, clause: Clause) -> str:
        doc = self.docs[clause.doc_id]
        no = doc.meta.doc_no or NO_DOC_NO
        return f"《{doc.meta.title}》（{no}）{clause_place(clause)}"

    def source(self, clause: Clause) -> dict:
        doc = self.docs[clause.doc_id]
        return {"clause_id": clause.id, "doc_id": doc.id, "title": doc.meta.title,
                "doc_no": doc.meta.doc_no, "level": doc.meta.level, "date": doc.meta.date,
                "place": clause_place(clause), "citation": self.citation(clause)}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clause_text(clause: Clause) -> str:
    return f"{clause.heading}\n{clause.text}" if clause.heading else clause.text


def _check_quote(sources: _Sources, quote: str) -> dict:
    """What the store says of one quotation's text (its place in the draft
    is added by the caller)."""
    out = {"text": quote, "status": "not_found",
           "clause_id": None, "diff": None, "source": None, "also_in": []}
    reduced = reduce_text(quote)
    squeezed = _squeeze(quote)
    candidates = sources.candidates(reduced.chars)
    verified = [c for c in candidates if squeezed in _squeeze(_clause_text(c))]
    if verified:
        verified.sort(key=sources.preference)
        best = verified[0]
        out.update(status="verified", clause_id=best.id, source=sources.source(best),
                   also_in=[c.id for c in verified[1:]])
        return out
    scored = []
    seeds = seed_index(reduced.chars)
    for clause in candidates:
        body = _clause_text(clause)
        alignment = align_texts(reduced, reduce_text(body), child_index=seeds)
        share = alignment.matched / max(1, len(reduced.chars))
        if share >= ALTERED_MIN:
            scored.append((-share, sources.preference(clause), clause, alignment, body))
    if scored:
        scored.sort(key=lambda s: s[:2])
        _, _, clause, alignment, body = scored[0]
        window = _window(reduced, alignment, body)
        out.update(status="altered", clause_id=clause.id, source=sources.source(clause),
                   diff=diff_texts(quote, window), source_text=window,
                   similarity=round(-scored[0][0], 3))
    return out


def _window(reduced: Reduced, alignment, body: str) -> str:
    """The stretch of the clause the quotation corresponds to: from its
    first aligned run to its last, widened by the quotation's unaligned
    head and tail."""
    first, last = alignment.blocks[0], alignment.blocks[-1]
    head = reduced.offsets.index(first.child_start) if first.child_start in reduced.offsets else 0
    tail = len(reduced.chars) - 1 - (reduced.offsets.index(last.child_end - 1)
                                     if last.child_end - 1 in reduced.offsets else 0)
    start = _step(body, first.parent_start, -head)
    end = _step(body, last.parent_end, tail)
    return body[start:end]


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


def _check_reference(sources: _Sources, ref: dict, tracked: TrackedText) -> dict:
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


def _clause_at(doc: Document, sources: _Sources, place: str) -> Clause | None:
    """The clause a place such as 第三条 or 第三部分第（二）项 names."""
    wanted = re.sub(r"[()（）\s]", "", place)
    for (clause_id,) in sources.db.execute("SELECT id FROM clauses WHERE doc_id=? ORDER BY seq",
                                           (doc.id,)):
        clause = sources.store.clause(clause_id)
        if re.sub(r"[()（）\s]", "", clause_place(clause)) == wanted:
            return clause
    return None


def _passages(sources: _Sources, text: str, tracked: TrackedText,
              quoted: list[tuple[int, int]]) -> list[dict]:
    """Runs of MIN_PASSAGE+ characters of a clause outside quotation marks."""
    pieces, pos = [], 0
    for start, end in sorted(quoted):
        if end > pos:
            start = max(start, pos)
            pieces += [text[pos:start], "\n" * (end - start)]
            pos = end
    reduced = reduce_text("".join(pieces) + text[pos:])
    chars = reduced.chars
    if len(chars) < MIN_PASSAGE:
        return []
    # Every K-gram position of the draft, looked up once; clauses grouped
    # with the draft positions that hit them.
    grams = gram_hashes(chars)
    at_hash = defaultdict(list)
    for pos, h in enumerate(grams):
        at_hash[h].append(pos)
    hits: dict[tuple[int, int], list[int]] = defaultdict(list)
    limit = COMMON_DOCUMENTS
    keys = list(at_hash)
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        for h, doc, seq in sources.db.execute(
                "SELECT f.hash, f.doc, f.seq FROM fingerprints f JOIN fingerprint_docs d"
                f" ON d.hash = f.hash AND d.docs <= ? WHERE f.hash IN ({','.join('?' * len(part))})",
                [limit, *part]):
            hits[(doc, seq)].extend(at_hash[h])
    # A verbatim run of MIN_PASSAGE (20) characters holds two full winnowing
    # windows, so at least two of the clause's fingerprints: clusters with
    # fewer hits cannot be one. Of the clusters over the same stretch of the
    # draft, the PASSAGE_CANDIDATES with most hits are aligned.
    clusters = sorted((lo, hi, count, key) for key, positions in hits.items()
                      for lo, hi, count in _clusters(sorted(set(positions))) if count >= 2)
    found: list[tuple[int, int, Clause]] = []
    for region in _regions(clusters):
        region.sort(key=lambda c: -c[2])
        for lo, hi, _, (doc, seq) in region[:PASSAGE_CANDIDATES]:
            doc_id = sources.doc_of_key.get(doc)
            clause = sources.clause(doc_id, seq) if doc_id else None
            if clause is None:
                continue
            lo, hi = max(0, lo - MIN_PASSAGE), min(len(chars), hi + K + MIN_PASSAGE)
            found += [(start, end, clause) for start, end in
                      _copies(chars[lo:hi], lo, reduce_text(_clause_text(clause)))]
    # Overlapping finds: the preferred source (highest level, earliest).
    found.sort(key=lambda f: (f[0], sources.preference(f[2])))
    out: list[dict] = []
    for start, end, clause in found:
        if out and start < out[-1]["_end"]:
            if end > out[-1]["_end"] and sources.preference(clause) == out[-1]["_pref"]:
                out[-1]["_end"] = end
            continue
        out.append({"_start": start, "_end": end, "_pref": sources.preference(clause),
                    "clause": clause})
    passages = []
    for p in out:
        first, last = reduced.offsets[p["_start"]], reduced.offsets[p["_end"] - 1] + 1
        raw_start, raw_end = tracked.raw_span(first, last)
        passages.append({"text": text[first:last], "start": raw_start, "end": raw_end,
                         "length": p["_end"] - p["_start"], "clause_id": p["clause"].id,
                         "source": sources.source(p["clause"])})
    return passages


def _copies(piece: str, offset: int, clause: Reduced) -> list[tuple[int, int]]:
    """Draft spans (from ``offset``) of ``piece`` copied from ``clause``:
    aligned again with what was found blanked out, as a draft may copy one
    clause more than once (up to COPIES_PER_PIECE times a piece)."""
    out = []
    for _ in range(COPIES_PER_PIECE):
        alignment = align_texts(Reduced(piece, tuple(range(offset, offset + len(piece)))), clause)
        blocks = [b for b in alignment.blocks if b.length >= MIN_PASSAGE]
        if not blocks:
            break
        for block in blocks:
            out.append((block.child_start, block.child_end))
            at = block.child_start - offset
            piece = piece[:at] + "\0" * (block.child_end - block.child_start) + piece[at + block.length:]
    return out


def _clusters(positions: list[int], gap: int = 40) -> list[tuple[int, int, int]]:
    """(first, last, count) of runs of positions no more than ``gap`` apart,
    each spanning at most MAX_SPAN (a draft repeating a clause would
    otherwise make one cluster of all of it; the passages of neighbouring
    pieces overlap and are joined again)."""
    out: list[list[int]] = []
    for pos in positions:
        if out and pos - out[-1][1] <= gap and pos - out[-1][0] <= MAX_SPAN:
            out[-1][1] = pos
            out[-1][2] += 1
        else:
            out.append([pos, pos, 1])
    return [(a, b, n) for a, b, n in out]


def _regions(clusters: list[tuple]) -> list[list[tuple]]:
    """Clusters (sorted by start) grouped where their spans overlap."""
    regions: list[list[tuple]] = []
    end = -1
    for cluster in clusters:
        if regions and cluster[0] <= end:
            regions[-1].append(cluster)
            end = max(end, cluster[1])
        else:
            regions.append([cluster])
            end = cluster[1]
    return regions


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


STATUS_NAMES = {"verified": "一致", "altered": "有改动", "not_found": "未找到",
                "resolved": "已找到", "unknown": "库中没有", "mismatch": "不符"}


def render_report(report: dict) -> str:
    """The report for a terminal, in Chinese."""
    s = report["summary"]
    lines = [(f"引文 {s['quotes']} 处：一致 {s['verified']}，有改动 {s['altered']}，"
             f"未找到 {s['not_found']}；引用文件 {s['references']} 处，其中 {s['unresolved']} 处"
             f"未能确认；未加引号的原文 {s['passages']} 处。")]
    for q in report["quotes"]:
        lines.append(f"\n[{STATUS_NAMES[q['status']]}] “{q['text'][:60]}”")
        if q["source"]:
            lines.append(f"  出处：{q['source']['citation']}")
        if q["status"] == "altered":
            from .diff import render_diff
            lines.append(f"  改动：{render_diff(q['diff'])}")
    for r in report["references"]:
        name = f"《{r['title']}》" if r["title"] else ""
        lines.append(f"\n[{STATUS_NAMES[r['status']]}] {name}{r['doc_no'] or ''}"
                     f"{r['place'] or ''}" + (f"：{r['detail']}" if r["detail"] else ""))
    for p in report["passages"]:
        lines.append(f"\n[未加引号] {p['text'][:60]}…（{p['length']} 字）")
        lines.append(f"  出处：{p['source']['citation']}")
    return "\n".join(lines)
