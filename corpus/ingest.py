"""Ingestion: files in, documents and clauses in the store.

:func:`build_documents` runs the pipeline on one loaded file (pure: nothing
is written); :func:`ingest_paths` walks files and folders, skips files that
have not changed, and writes each file's documents in one transaction, so
one bad file is reported and the others go on.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .clean import clean_text
from .formats import BY_NAME
from .load import FORMATS, LoadError, load_bytes, load_file
from .manifest import MANIFEST, ManifestError, apply_curation, curation_for, read_manifest
from .metadata import extract_metadata
from .models import Document, Flag, RawDocument
from .parse import parse_clauses
from .split import raw_extent, split_documents
from .store import Store

#: Bumped when the pipeline's output changes, so unchanged files re-ingest.
PIPELINE_VERSION = "3"   # 2: first_date of revised laws; 3: ids from text, new formats
BUNDLED_PREFIX = "bundled:"
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


@dataclass(frozen=True)
class FileResult:
    """What became of one file: added, updated, unchanged, skipped or error."""

    path: str
    status: str
    message: str = ""
    documents: tuple[str, ...] = ()
    clauses: int = 0
    chars: int = 0
    #: ids of stored documents whose text this file replaced with another
    replaced: tuple[str, ...] = ()


def source_name(source: str) -> str:
    """A stored source as shown outside the machine: the file's name alone
    (the folders it was read from are the server's business)."""
    return Path(source.removeprefix(BUNDLED_PREFIX)).name


def bundled_corpus() -> Path:
    """The folder of sample documents shipped inside the package."""
    return Path(str(resources.files("corpus").joinpath("samples")))


def build_documents(raw: RawDocument, curation: Callable[[int], dict] | None = None
                    ) -> list[Document]:
    """Clean, split, parse and describe every document in one file."""
    clean = clean_text(raw.text, paragraphs=BY_NAME[raw.format].paragraphs)
    parts = split_documents(clean)
    asides = tuple(clean_text(aside).text for aside in raw.asides)
    documents: list[Document] = []
    for part in parts:
        fields = curation(part.index) if curation else {}
        # What the file says beside its text (a portal's metadata table, a
        # text box) describes the file's first document.
        stated = raw.fields if part.index == 0 else {}
        meta = apply_curation(extract_metadata(part, clean, stated=stated,
                                               asides=asides if part.index == 0 else ()),
                              fields)
        if raw.flags:
            meta = replace(meta, flags=meta.flags + raw.flags)
        text = part_text(part)
        doc_id = document_id(meta.doc_no, text)
        if any(d.id == doc_id for d in documents):   # one 文号 twice in a file: two texts
            doc_id = document_id(None, text)
        clauses = parse_clauses(part, clean, doc_id)
        if raw.ocr:   # every clause of recognised text says so where it is shown
            ocr = Flag("ocr")
            clauses = tuple(replace(c, flags=c.flags + (ocr,))
                            if _overlaps(c.raw_start, c.raw_end, raw.ocr_spans) else c
                            for c in clauses)
        lo, hi = raw_extent(part, clean)
        documents.append(Document(
            id=doc_id, source="", part=part.index, meta=meta, clauses=clauses,
            curated=tuple(k for k in fields if k != "source_url"),
            source_url=fields.get("source_url"), raw_start=lo, raw_end=hi,
            text_sha=hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()))
    # A 转发 notice points at the document it forwards.
    return [replace(d, forwards=documents[p.forwards].id) if p.forwards is not None else d
            for d, p in zip(documents, parts)]


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def document_id(doc_no: str | None, text: str) -> str:
    """A document's identity (DESIGN.md): its 文号 when it has one, otherwise
    its normalised text — so the same text from two files (another format,
    encoding or wrapping) is one document, and two different texts are never
    one, whatever metadata they lack."""
    key = doc_no or "text:" + text_key(text)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def text_key(text: str) -> str:
    """The text a document is told by: its letters and digits only, so that
    layout, wrapping and punctuation width do not make another document."""
    return _NOT_WORD.sub("", text)


def part_text(part) -> str:
    """The cleaned text of a document part, cover included."""
    return "\n".join(p.text for p in (*part.cover, *part.paragraphs))


def ingest_paths(paths: Iterable[str | Path], store: Store,
                 on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Ingest files and folders (none: the bundled corpus); report each file."""
    paths = list(paths) or [bundled_corpus()]
    results = []
    for found in _walk(paths):
        result = found if isinstance(found, FileResult) else _ingest_one(*found, store)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def refresh_stored(store: Store,
                   on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Rebuild every file that an older pipeline version stored, from its
    stored bytes (the store keeps them byte for byte), curated fields kept.

    This is how a store written by an earlier version is migrated on the
    first run of this one: ids, metadata and clauses become what this
    version makes of the same files, and each change is reported like an
    ingest (a replaced text included)."""
    results = []
    for row in store.files.stale(PIPELINE_VERSION):
        curated = store.curated_fields(row["source"])
        name = Path(row["path"]).name
        try:
            raw = load_bytes(store.files.raw_bytes(row["source"]) or b"", name=name, path=row["path"])
            documents = build_documents(raw, lambda part, kept=curated: kept.get(part, {}))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
            result = FileResult(row["path"], "error", f"{row['path']}: could not be rebuilt "
                                                      f"({type(exc).__name__}: {exc})")
        else:
            pipeline = PIPELINE_VERSION + ":" + row["pipeline"].partition(":")[2]
            result = _store_documents(store, row["source"], raw, pipeline, documents, True)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _walk(paths) -> Iterator[tuple[Path, str, dict | Exception, bool] | FileResult]:
    """Each file to ingest with its source, manifest and whether it was
    named; a path that cannot be (missing, a loop, not a regular file) as
    the FileResult that reports it — the others go on."""
    bundled = bundled_corpus().resolve()
    for given in map(Path, paths):
        if given.is_dir():
            found = list(_folder_files(given, set()))
            files = sorted(p for p in found if isinstance(p, Path))
            yield from (r for r in found if isinstance(r, FileResult))
            explicit = False
        elif os.path.lexists(given):
            files, explicit = [given], True
        else:
            yield FileResult(str(given), "error", f"{given}: no such file or folder")
            continue
        manifests: dict[Path, dict | Exception] = {}
        for path in files:
            if not explicit and (path.name.startswith(("_", ".")) or path.name == MANIFEST):
                continue
            folder = path.parent
            if folder not in manifests:
                try:
                    manifests[folder] = read_manifest(folder)
                except ManifestError as exc:
                    manifests[folder] = exc
            resolved = path.resolve()
            source = (BUNDLED_PREFIX + path.name if resolved.parent == bundled
                      else str(resolved))
            yield path, source, manifests[folder], explicit


def _folder_files(folder: Path, seen: set) -> Iterator[Path | FileResult]:
    """The regular files under ``folder``, symbolic links followed; a
    folder reached twice (a link loop), a broken link or a special file
    (FIFO, device, socket) reported as skipped, never read."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            yield FileResult(str(folder), "skipped", "文件夹已读过（链接成环）")
            return
        seen.add((info.st_dev, info.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield FileResult(str(folder), "error", f"{folder}: cannot read ({exc.strerror or exc})")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            mode = path.stat().st_mode
        except OSError as exc:   # a broken link, or one that loops on itself
            yield FileResult(str(path), "skipped", f"无法打开（{exc.strerror or exc}）")
            continue
        if stat.S_ISDIR(mode):
            yield from _folder_files(path, seen)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield FileResult(str(path), "skipped", "不是普通文件（设备、管道或套接字）")


def _ingest_one(path: Path, source: str, manifest, explicit: bool, store: Store) -> FileResult:
    if not explicit and path.suffix.lower() not in FORMATS:
        return FileResult(str(path), "skipped", f"不是可读的文件类型（{path.suffix or '无后缀'}）")
    if isinstance(manifest, Exception):
        return FileResult(str(path), "error", str(manifest))
    try:
        raw = load_file(path)
    except LoadError as exc:
        return FileResult(str(path), "error", str(exc))
    pipeline = PIPELINE_VERSION + ":" + hashlib.sha1(
        repr(sorted(manifest.get(path.name, {}).items())).encode()).hexdigest()[:8]
    if store.files.is_current(source, raw.sha256, pipeline):
        return FileResult(str(path), "unchanged")
    existed = store.files.text(source) is not None
    try:
        documents = build_documents(raw, lambda part: curation_for(manifest, path.name, part))
    except Exception as exc:  # noqa: BLE001 - a pipeline bug must not stop a folder ingest
        return FileResult(str(path), "error", f"{path}: could not be parsed "
                                              f"({type(exc).__name__}: {exc})")
    return _store_documents(store, source, raw, pipeline, documents, existed)


def _store_documents(store: Store, source: str, raw: RawDocument, pipeline: str,
                     documents: list[Document], existed: bool) -> FileResult:
    """Write one file's documents and say what changed."""
    path = raw.path
    documents = [replace(d, source=source) for d in documents]
    moved, replaced = store.replace_file(source, raw, pipeline, documents)
    notes = []
    if replaced:
        notes.append("取代库中同文号而文字不同的 " + "、".join(
            f"{doc_id}（原自 {old}）" for doc_id, old in replaced))
    moved = [m for m in moved if m not in {old for _, old in replaced}]
    if moved:
        notes.append(f"与 {'、'.join(moved)} 是同一份文件；只存一份，取自本文件")
    return FileResult(str(path), "updated" if existed else "added", "；".join(notes),
                      tuple(d.id for d in documents), sum(len(d.clauses) for d in documents),
                      len(raw.text), tuple(doc_id for doc_id, _ in replaced))
