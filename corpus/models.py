"""The data model of the ingestion pipeline, in one place.

Every stage takes and returns these frozen dataclasses, so a stage can be
tested on its own and nothing downstream can change what upstream decided.
Offsets are character offsets: ``start``/``end`` into cleaned text, and
``raw_start``/``raw_end`` into the decoded source text of the file (the raw
bytes are kept too, byte for byte, in the store).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Flag:
    """Something about the text a reader must be told of where it is shown.

    ``kind`` is one of FLAG_KINDS; ``detail`` is the text concerned (the spam
    phrase, the garbled run and its repair, the fragment).
    """

    kind: str
    detail: str = ""
    start: int = -1
    end: int = -1
    raw_start: int = -1
    raw_end: int = -1

    def to_json(self) -> dict:
        return asdict(self)

    def moved(self, delta: int) -> Flag:
        """The same flag with cleaned-text offsets shifted by ``delta``."""
        return Flag(self.kind, self.detail, self.start + delta, self.end + delta,
                    self.raw_start, self.raw_end)


#: kind -> (severity, what it means in the UI's language)
FLAG_KINDS = {
    "spam": ("warning", "疑似被篡改插入的垃圾广告内容，已从条文中剔除，原文保留"),
    "mojibake": ("warning", "疑似乱码，无法确定修复，原样保留"),
    "mojibake_repaired": ("notice", "乱码已按GBK错位解码修复"),
    "fragment": ("warning", "游离的残句，已并入上一段，原文可能缺字"),
    "page_break_duplicate": ("notice", "跨页重复的字已删除"),
    "pinyin_removed": ("notice", "删除了网站插入的拼音注音"),
    "t2s": ("notice", "繁体已转换为简体"),
    "split": ("notice", "条文过长，已在句末分为多段"),
    "issuer_defaced": ("warning", "发文机关名称被篡改，无法从正文确定"),
    "no_doc_no": ("notice", "正文中没有文号"),
    "ocr": ("warning", "文字由扫描图像识别（OCR）得到，可能有错字，引用前请核对原件"),
    "image_pages": ("warning", "部分页面只有图像，其中的文字未识别"),
    "appended": ("warning", "版记之后附有另一份文件的内容，无法确定其身份，未并入本文"),
}


@dataclass(frozen=True)
class RawDocument:
    """A file as loaded: its bytes, and the text decoded or extracted from them.

    ``fields`` are document facts the file states outside its text (a portal
    page's metadata table); ``asides`` text outside the main flow (Word text
    boxes); ``flags`` what the reader could not do; ``ocr_spans`` the text
    recognised from page images (``ocr``: any).
    """

    path: str
    name: str
    data: bytes
    text: str
    encoding: str
    format: str
    sha256: str
    fields: dict = field(default_factory=dict)
    asides: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    pages: int = 0
    #: the spans of ``text`` recognised by OCR (all of it for a scan)
    ocr_spans: tuple[tuple[int, int], ...] = ()

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_spans)


@dataclass(frozen=True)
class TrackedText:
    """Text together with, for each character, its offset in the source text.

    ``origin[i]`` is the source offset of ``text[i]``. Cleaning steps rewrite
    the text through :meth:`edit`, which keeps the map, so every cleaned
    clause can be traced back to its span in the raw text.
    """

    text: str
    origin: array = field(repr=False)

    @classmethod
    def of(cls, text: str) -> TrackedText:
        return cls(text, array("l", range(len(text))))

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> TrackedText:
        """Apply non-overlapping ``(start, end, replacement)`` edits, in order.

        A replacement of the same length maps character for character; any
        other maps each new character to the start of what it replaced.
        """
        edits = list(edits)
        if not edits:
            return self
        pieces: list[str] = []
        origin = array("l")
        pos = 0
        for start, end, new in edits:
            pieces.append(self.text[pos:start])
            origin.extend(self.origin[pos:start])
            pieces.append(new)
            if len(new) == end - start:
                origin.extend(self.origin[start:end])
            elif new:
                anchor = self.origin[start] if start < len(self.origin) else self.source_end()
                origin.extend([anchor] * len(new))
            pos = end
        pieces.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return TrackedText("".join(pieces), origin)

    def sub(self, pattern: re.Pattern, repl) -> tuple[TrackedText, list[re.Match]]:
        """``re.sub`` that keeps the map; also returns the matches it changed."""
        edits, changed = [], []
        for match in pattern.finditer(self.text):
            new = repl(match) if callable(repl) else match.expand(repl)
            if new != match.group(0):
                edits.append((match.start(), match.end(), new))
                changed.append(match)
        return self.edit(edits), changed

    def source_end(self) -> int:
        return self.origin[-1] + 1 if len(self.origin) else 0

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span covered by cleaned characters ``start..end``."""
        if start >= end or start >= len(self.origin):
            anchor = self.origin[start] if start < len(self.origin) else self.source_end()
            return anchor, anchor
        window = self.origin[start:end]
        return min(window), max(window) + 1


@dataclass(frozen=True)
class CleanText:
    """Output of the clean stage: tracked text and the flags raised on it."""

    tracked: TrackedText
    flags: tuple[Flag, ...] = ()

    @property
    def text(self) -> str:
        return self.tracked.text


@dataclass(frozen=True)
class Paragraph:
    """One line of cleaned text (a paragraph once wraps are joined)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentPart:
    """One document found in a file, as split from any others in it.

    ``cover`` holds the paragraphs of a 印发 notice that issues this document;
    ``forwards`` is the index of the part that a 转发 notice forwards.
    """

    index: int
    paragraphs: tuple[Paragraph, ...]
    cover: tuple[Paragraph, ...] = ()
    forwards: int | None = None
    flags: tuple[Flag, ...] = ()


def all_text(heading: str, text: str) -> str:
    """A clause's whole text as search and lineage read it: the heading, a
    newline, the text (the search index's ``all`` field and its ``alltext``
    column hold this string, so phrase checks see the indexed offsets)."""
    return f"{heading}\n{text}"


@dataclass(frozen=True)
class Clause:
    """One node of a document's outline, with its own text."""

    id: str
    doc_id: str
    seq: int
    kind: str
    label: str
    path: tuple[str, ...]
    heading: str
    text: str
    responsible_units: tuple[str, ...] = ()
    deadline: str | None = None
    flags: tuple[Flag, ...] = ()
    raw_start: int = -1
    raw_end: int = -1
    parent_id: str | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "seq": self.seq,
            "kind": self.kind,
            "label": self.label,
            "path": list(self.path),
            "heading": self.heading,
            "text": self.text,
            "responsible_units": list(self.responsible_units),
            "deadline": self.deadline,
            "flags": [f.to_json() for f in self.flags],
            "span": [self.raw_start, self.raw_end],
            "parent_id": self.parent_id,
        }


@dataclass(frozen=True)
class Reference:
    """A document cited in the text: by 《title》, by 文号, or both."""

    title: str | None = None
    doc_no: str | None = None
    short_name: str | None = None
    issuer: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Metadata:
    """What the metadata stage infers about a document (before curation)."""

    title: str
    cover_title: str | None = None
    doc_no: str | None = None
    issuer: str | None = None
    date: str | None = None
    #: A law revised since it was first adopted is stored in its latest
    #: version (``date``); this is the date of its first version, which is
    #: what a local regulation older than the revision implemented.
    first_date: str | None = None
    doc_type: str | None = None
    level: str | None = None
    region: str | None = None
    region_code: str | None = None
    references: tuple[Reference, ...] = ()
    flags: tuple[Flag, ...] = ()
    #: (field, where it was read): 文号行, 落款, 版记, 标题, 网页信息, 正文 …
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A document ready to store: metadata, clauses and provenance."""

    id: str
    source: str
    part: int
    meta: Metadata
    clauses: tuple[Clause, ...]
    curated: tuple[str, ...] = ()
    source_url: str | None = None
    forwards: str | None = None
    raw_start: int = -1
    raw_end: int = -1
    #: SHA-1 of the document's normalised text: what tells two texts apart.
    text_sha: str = ""

    def to_json(self) -> dict:
        m = self.meta
        return {
            "id": self.id,
            "title": m.title,
            "cover_title": m.cover_title,
            "doc_no": m.doc_no,
            "issuer": m.issuer,
            "date": m.date,
            "first_date": m.first_date,
            "doc_type": m.doc_type,
            "level": m.level,
            "region": m.region,
            "region_code": m.region_code,
            "references": [r.to_json() for r in m.references],
            "flags": [f.to_json() for f in m.flags],
            "sources": dict(m.sources),
            "curated": list(self.curated),
            "source": self.source,
            "part": self.part,
            "source_url": self.source_url,
            "forwards": self.forwards,
            "clause_count": len(self.clauses),
        }
