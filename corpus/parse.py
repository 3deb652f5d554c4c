"""Parse stage: a document's outline, as clauses with text, units and deadlines.

The outline nests by the order labels first appear in (一、 → （一） → 1. …,
or 第X章 → 第X节 → 第X条), which also handles documents that skip a level.
A label's kind seen again closes everything below it, so numbering that
continues across sections (national （一）…（十八））) needs no special case.
A list whose numbering starts again at 1 under the same item is nested in
that item (a restart never happens within one parent: GB/T 9704 numbers
items of one level consecutively). A box (专栏) is its own section under the
clause it stands in: the labels inside it nest in the box, which closes at a
label of a higher level than any inside it, or one continuing the list the
box interrupted.
Paragraphs without a label belong to the open clause. Head lines (red-head,
文号, title, addressee) and closing lines (signature, date, 抄送…) are not
clauses; annexes (附件1, 附件2) are, and the rows of a flattened scoring
table become clauses of their annex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clause_fields import (
    HEAD_LINE_MAX,
    UNITS_TAIL,
    deadline_of,
    flags_within,
    is_fragment,
    split_heading,
    units_of,
)
from .head import head_length, is_closing
from .labels import ANNEX, ANNEX_LIST, POLICY_LABELS, clause_key, clause_kind, find_label
from .models import Clause, CleanText, DocumentPart, Flag, Paragraph
from .table import is_table_start, parse_table
from .vocabulary import CLOSING as _CLOSING
from .vocabulary import DATE_LINE, SENTENCE_END


@dataclass
class _Node:
    kind: str
    label: str
    key: str
    heading: str
    depth_kind: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    number: int | None = None
    first: Paragraph | None = None
    children: int = 0
    units: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # its 责任单位 brackets, as written
    flags: list[Flag] = field(default_factory=list)
    path: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    parent: _Node | None = None
    ident: str = ""
    pieces: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    origin: _Node | None = None   # the clause a continuation (续N) goes on from
    continuations: int = 0


def parse_clauses(part: DocumentPart, clean: CleanText, doc_id: str) -> tuple[Clause, ...]:
    """The clauses of one document part, in reading order."""
    builder = _Builder(doc_id, clean)
    if part.cover:
        builder.add_cover(part.cover[head_length(part.cover):])
    body = part.paragraphs[head_length(part.paragraphs):]
    law = sum(1 for p in body if (lab := find_label(p.text)) and lab.kind == "条") >= 2
    builder.add_body(body, law)
    return builder.finish()


class _Builder:
    def __init__(self, doc_id: str, clean: CleanText):
        self.doc_id = doc_id
        self.clean = clean
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []
        self.closed = False
        self.continued: set[int] = set()   # ids of the later pieces of long paragraphs

    # -- building -------------------------------------------------------------------

    def add_cover(self, paragraphs: tuple[Paragraph, ...]) -> None:
        cover = self._open(_Node("cover", "", "c", "", "cover"), None)
        for i, para in enumerate(paragraphs):
            if self._is_signature(paragraphs, i) or DATE_LINE.match(para.text):
                break
            if not is_closing(para.text):
                self._append(cover, para)
        self.stack = []

    def add_body(self, paragraphs: tuple[Paragraph, ...], law: bool) -> None:
        paragraphs = [piece for para in paragraphs for piece in self._bounded(para)]
        i = 0
        while i < len(paragraphs):
            para = paragraphs[i]
            if id(para) in self.continued:   # the rest of an over-long paragraph
                if not self.closed:
                    self._unlabelled(para)
                i += 1
                continue
            if not law and (glued := self._glued_after_box(para)):
                paragraphs[i:i + 1] = glued
                para = glued[0]
            text = para.text
            if ANNEX.match(text):
                i = self._annex(paragraphs, i)
                continue
            if ANNEX_LIST.match(text) or self._is_signature(paragraphs, i) or is_closing(text):
                self.closed = True
                i += 1
                continue
            if self._attach_units(para):
                i += 1
                continue
            label = find_label(text)
            box = BOX.match(text)
            if box and not law and not self.closed:
                self._box(box, para)
            elif label and (not law or label.kind in ("编", "分编", "章", "节", "条")) \
                    and not self.closed:
                self._labelled(label, para, law)
            elif not self.closed:
                self._unlabelled(para)
            i += 1

    def _is_signature(self, paragraphs, i) -> bool:
        text = paragraphs[i].text
        return (i + 1 < len(paragraphs) and bool(DATE_LINE.match(paragraphs[i + 1].text))
                and len(text) <= 40 and not re.search(r"[。，；：]", text))

    def _box(self, match: re.Match, para: Paragraph) -> None:
        """专栏N title: a box, under the clause it stands in (a box already
        open ends where the next begins)."""
        self.stack = [n for n in self.stack if n.depth_kind not in ("preamble", "cover")]
        self._close_box()
        # A box belongs to the section it stands in (一、 or （一）), not to
        # the list item above it.
        sections = [n for n in self.stack if n.depth_kind in ("cn", "paren_cn", "章", "节")]
        while sections and self.stack[-1] is not sections[-1]:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        label = "专栏" + match.group(1)
        node = _Node("box", label, "box" + (match.group(1) or str((parent.children if parent
                                                                  else 0) + 1)),
                     match.group(2).strip(), "box")
        node.first = para
        self._open(node, parent)

    def _close_box(self) -> None:
        """Close the innermost open box and everything opened inside it."""
        if any(n.depth_kind == "box" for n in self.stack):
            while self.stack.pop().depth_kind != "box":
                pass

    def _bounded(self, para: Paragraph) -> list[Paragraph]:
        """An over-long paragraph (a page of one repeated sentence, a table
        flattened into one line) cut into pieces of at most MAX_CLAUSE_CHARS
        at sentence ends (mid-sentence only when a sentence is longer); the
        pieces after the first continue the clause (see :meth:`_append`)."""
        text = para.text
        if len(text) <= MAX_CLAUSE_CHARS:
            return [para]
        pieces, start = [], 0
        while start < len(text):
            end = min(len(text), start + MAX_CLAUSE_CHARS)
            if end < len(text):
                ends = [m.end() for m in SENTENCE_END.finditer(text, start + 1, end)]
                end = ends[-1] if ends else end
            pieces.append(Paragraph(text[start:end], para.start + start, para.start + end))
            start = end
        self.continued.update(id(p) for p in pieces[1:])
        return pieces

    def _glued_after_box(self, para: Paragraph) -> list[Paragraph] | None:
        """A box's last line with the next heading of the text it interrupted
        run on after a sentence end (``…建设面板线。（二）推进…``, as PDF
        extraction joins a box's frame to the line below): split there, so
        the heading closes the box as it would on its own line."""
        if not any(n.depth_kind == "box" for n in self.stack):
            return None
        for end in SENTENCE_END.finditer(para.text, 1):
            label = find_label(para.text[end.end():])
            if label and label.kind != "bullet" and self._leaves_box(label):
                cut = end.end()
                return [Paragraph(para.text[:cut], para.start, para.start + cut),
                        Paragraph(para.text[cut:], para.start + cut, para.end)]
        return None

    def _leaves_box(self, label) -> bool:
        """Whether ``label`` ends the innermost open box: a level above every
        level inside it, or the next number of the list the box interrupted."""
        at = max(i for i, n in enumerate(self.stack) if n.depth_kind == "box")
        inside = {n.depth_kind for n in self.nodes[self.nodes.index(self.stack[at]) + 1:]
                  if self._within(n, self.stack[at])}
        outside = [n for n in self.stack[:at] if n.depth_kind == label.kind]
        if not outside or not inside:
            return False
        continues = label.number is not None and outside[-1].number is not None \
            and label.number == outside[-1].number + 1
        return label.rank < min((_RANKS.get(k, 9) for k in inside), default=9) or (
            continues and label.number != 1)

    @staticmethod
    def _within(node: _Node, box: _Node) -> bool:
        while node is not None:
            if node is box:
                return True
            node = node.parent
        return False

    def _labelled(self, label, para: Paragraph, law: bool) -> None:
        kind = label.kind
        # The preamble and cover are not parents of the outline.
        self.stack = [n for n in self.stack if n.depth_kind not in ("preamble", "cover")]
        if any(n.depth_kind == "box" for n in self.stack) and self._leaves_box(label):
            self._close_box()
        # Within a box, only the levels opened inside it are closed by a label.
        floor = max((i + 1 for i, n in enumerate(self.stack) if n.depth_kind == "box"), default=0)
        while len(self.stack) > floor and self.stack[-1].depth_kind != kind and kind in (
                n.depth_kind for n in self.stack[floor:]):
            self.stack.pop()
        restart = (len(self.stack) > floor and self.stack[-1].depth_kind == kind and not law
                   and label.number == 1 and (self.stack[-1].number or 0) >= 1
                   and kind not in ("bullet", "cn"))
        if len(self.stack) > floor and self.stack[-1].depth_kind == kind and not restart:
            self.stack.pop()
        if law and kind != "条":
            rank = {"编": 1, "分编": 2, "章": 3, "节": 4}[kind]
            while self.stack and {"编": 1, "分编": 2, "章": 3, "节": 4, "条": 5}.get(
                    self.stack[-1].depth_kind, 0) >= rank:
                self.stack.pop()
        heading, rest = split_heading(label.rest, kind)
        parent = self.stack[-1] if self.stack else None
        ordinal = (parent.children if parent else
                   sum(1 for n in self.nodes if n.parent is None)) + 1
        key = clause_key(kind, label.number, ordinal, label.printed)
        node = _Node(clause_kind(kind), label.printed.strip(), key, heading, kind)
        node.number = label.number
        node.first = para
        self._open(node, parent)
        if rest:
            offset = para.end - len(rest)
            self._append(node, Paragraph(rest, offset, para.end))

    def _unlabelled(self, para: Paragraph) -> None:
        current = self.stack[-1] if self.stack else None
        if current is None:
            current = self._open(_Node("preamble", "", "0", "", "preamble"), None)
        elif current.pieces and is_fragment(current.pieces[-1], para.text):
            at = sum(len(p) + 1 for p in current.pieces) - 1
            current.flags.append(Flag("fragment", para.text, at, at + len(para.text),
                                      *self.clean.tracked.raw_span(para.start, para.end)))
            current.pieces[-1] += para.text
            current.paragraphs.append(para)
            return
        self._append(current, para)

    def _attach_units(self, para: Paragraph) -> bool:
        """A responsibility line on its own belongs to the clause above it."""
        match = UNITS_TAIL.fullmatch(para.text)
        if not match or not self.stack:
            return False
        self.stack[-1].units.extend(units_of(match))
        self.stack[-1].notes.append(match.group(0))
        self.stack[-1].paragraphs.append(para)
        return True

    def _annex(self, paragraphs, i: int) -> int:
        number = ANNEX.match(paragraphs[i].text).group(1) or str(
            sum(1 for n in self.nodes if n.kind == "annex") + 1)
        self.stack = []
        self.closed = False
        j = i + 1
        title: list[str] = []
        while j < len(paragraphs) and len(paragraphs[j].text) <= HEAD_LINE_MAX and not \
                re.search(r"[。：:；]", paragraphs[j].text) and not is_table_start(
                paragraphs[j].text) and len(title) < 3 and not ANNEX.match(paragraphs[j].text) \
                and "\t" not in paragraphs[j].text:   # a table row is not the title
            title.append(paragraphs[j].text)
            j += 1
        annex = self._open(_Node("annex", f"附件{number}", f"x{number}", "".join(title),
                                 "annex"), None)
        annex.first = paragraphs[i]
        end = j
        while end < len(paragraphs) and not ANNEX.match(paragraphs[end].text) and not (
                _CLOSING.match(paragraphs[end].text)):
            end += 1
        lines = list(paragraphs[j:end])
        if not (lines and is_table_start(lines[0].text)):
            # An annex in prose (a member list, a whole document issued with
            # the notice) has an outline of its own, rooted at the annex.
            self.stack = [annex]
            return j
        table = parse_table(lines)
        for row in table.rows:
            node = _Node("indicator", row.label, row.label, row.heading, "row")
            node.first = row.paragraphs[0]
            node.units = list(row.units)
            node.path = (annex.label, *row.groups, row.label)
            self._open(node, annex, push=False, path=node.path)
            for piece in row.pieces:
                self._append(node, piece)
            node.paragraphs = list(row.paragraphs)
        for note in table.notes:
            self._append(annex, note)
        self.stack = []
        return end

    # -- tree -----------------------------------------------------------------------

    def _open(self, node: _Node, parent: _Node | None, push: bool = True,
              path: tuple[str, ...] | None = None) -> _Node:
        """Add ``node`` under ``parent`` (None: top level); ``push`` makes it
        the open node that following paragraphs and labels go into."""
        node.parent = parent
        if parent:
            parent.children += 1
        node.keys = (*(parent.keys if parent else ()), node.key)
        node.path = path or (*(parent.path if parent else ()), node.label or node.kind)
        self.nodes.append(node)
        if push:
            self.stack.append(node)
        return node

    def _append(self, node: _Node, para: Paragraph) -> None:
        text = para.text
        match = UNITS_TAIL.search(text)
        if match:
            node.units.extend(units_of(match))
            node.notes.append(match.group(0))
            text = text[:match.start()].rstrip()
        if text and node.pieces and sum(map(len, node.pieces)) + len(text) > MAX_CLAUSE_CHARS:
            node = self._continuation(node)
        if text:
            node.pieces.append(text)
            node.starts.append(para.end - len(para.text))
        node.paragraphs.append(para)

    def _continuation(self, node: _Node) -> _Node:
        """A clause grown past MAX_CLAUSE_CHARS goes on in a new clause
        beside it (same label, 续N, flagged ``split``), which takes its
        place among the open nodes."""
        origin = node.origin or node
        origin.continuations += 1
        number = origin.continuations
        name = origin.path[-1] if origin.path else origin.label or origin.kind
        cont = _Node(origin.kind, origin.label, f"{origin.key}+{number}", "",
                     origin.depth_kind, number=origin.number, origin=origin)
        cont.flags.append(Flag("split", f"{name}（续{number}）"))
        self._open(cont, origin.parent, push=False,
                   path=(*origin.path[:-1], f"{name}（续{number}）"))
        if node in self.stack:
            self.stack[self.stack.index(node)] = cont
        return cont

    # -- output ---------------------------------------------------------------------

    def finish(self) -> tuple[Clause, ...]:
        clauses, seen = [], set()
        tracked = self.clean.tracked
        for seq, node in enumerate(self.nodes):
            ident = f"{self.doc_id}-{'.'.join(node.keys)}"
            while ident in seen:
                ident += "~"
            seen.add(ident)
            node.ident = ident
            spans = [p for p in ([node.first] if node.first else []) + node.paragraphs]
            start = min((p.start for p in spans), default=0)
            end = max((p.end for p in spans), default=0)
            raw = tracked.raw_span(start, end) if spans else (-1, -1)
            text = "\n".join(node.pieces)
            flags = tuple(node.flags) + flags_within(self.clean, node.starts, node.pieces)
            # （责任单位：…；完成时限：2024年6月底前）: the deadline may sit in the
            # units' bracket, which is not part of the clause's text.
            deadline = (deadline_of(node.heading) or deadline_of(text)
                        or deadline_of(" ".join(node.notes)))
            clauses.append(Clause(
                id=ident, doc_id=self.doc_id, seq=seq, kind=node.kind, label=node.label,
                path=tuple(node.path), heading=node.heading, text=text,
                responsible_units=tuple(dict.fromkeys(node.units)), deadline=deadline,
                flags=flags, raw_start=raw[0], raw_end=raw[1],
                parent_id=node.parent.ident if node.parent else None))
        return tuple(clauses)

#: The longest clause kept whole: about five printed pages. Longer text goes
#: on in continuation clauses, so no clause, search hit or page is unbounded.
MAX_CLAUSE_CHARS = 10_000

#: 专栏1 标题 / 专栏 标题: a boxed list inside a plan.
BOX = re.compile(r"^专栏\s*([\d一二三四五六七八九十]*)\s*[:：]?\s*(.*)$")
_RANKS = {kind: rank for kind, rank, _ in POLICY_LABELS} | {"bullet": 9}
