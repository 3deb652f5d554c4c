"""Ingestion: files in, documents and clauses in the store.

:func:`build_documents` runs the pipeline on one loaded file (pure: nothing
is written); :func:`ingest_paths` walks files and folders, skips files that
have not changed, and writes each file's documents in one transaction, so
one bad file is reported and the others go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .clean import clean_text
from .load import FORMATS, LoadError, load_file
from .manifest import MANIFEST, ManifestError, apply_curation, curation_for, read_manifest
from .metadata import extract_metadata
from .models import Document, RawDocument
from .parse import parse_clauses
from .split import raw_extent, split_documents
from .store import Store

#: Bumped when the pipeline's output changes, so unchanged files re-ingest.
PIPELINE_VERSION = "2"   # 2: first_date of revised laws
BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class FileResult:
    """What became of one file: added, updated, unchanged, skipped or error."""

    path: str
    status: str
    message: str = ""
    documents: tuple[str, ...] = ()
    clauses: int = 0
    chars: int = 0


def bundled_corpus() -> Path:
    """The folder of sample documents shipped inside the package."""
    return Path(str(resources.files("corpus").joinpath("samples")))


def build_documents(raw: RawDocument, curation: Callable[[int], dict] | None = None
                    ) -> list[Document]:
    """Clean, split, parse and describe every document in one file."""
    clean = clean_text(raw.text)
    parts = split_documents(clean)
    documents: list[Document] = []
    for part in parts:
        fields = curation(part.index) if curation else {}
        meta = apply_curation(extract_metadata(part, clean), fields)
        doc_id = document_id(meta.doc_no, meta.title, meta.date)
        clauses = parse_clauses(part, clean, doc_id)
        lo, hi = raw_extent(part, clean)
        documents.append(Document(
            id=doc_id, source="", part=part.index, meta=meta, clauses=clauses,
            curated=tuple(k for k in fields if k != "source_url"),
            source_url=fields.get("source_url"), raw_start=lo, raw_end=hi))
    # A 转发 notice points at the document it forwards.
    return [Document(d.id, d.source, d.part, d.meta, d.clauses, d.curated, d.source_url,
                     documents[p.forwards].id if p.forwards is not None else None,
                     d.raw_start, d.raw_end)
            for d, p in zip(documents, parts)]


def document_id(doc_no: str | None, title: str, date: str | None) -> str:
    """Stable across re-ingests: from the 文号, or the title and date."""
    key = doc_no or f"{title}|{date or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def ingest_paths(paths: Iterable[str | Path], store: Store,
                 on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Ingest files and folders (none: the bundled corpus); report each file."""
    paths = list(paths) or [bundled_corpus()]
    results = []
    for path, source, manifest, explicit in _walk(paths):
        result = _ingest_one(path, source, manifest, explicit, store)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _walk(paths) -> Iterator[tuple[Path, str, dict | Exception, bool]]:
    bundled = bundled_corpus().resolve()
    for given in map(Path, paths):
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            explicit = False
        else:
            files, explicit = [given], True
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


def _ingest_one(path: Path, source: str, manifest, explicit: bool, store: Store) -> FileResult:
    if not explicit and path.suffix.lower() not in FORMATS:
        return FileResult(str(path), "skipped", f"not a document type ({path.suffix or 'none'})")
    if isinstance(manifest, Exception):
        return FileResult(str(path), "error", str(manifest))
    try:
        raw = load_file(path)
    except LoadError as exc:
        return FileResult(str(path), "error", str(exc))
    pipeline = PIPELINE_VERSION + ":" + hashlib.sha1(
        repr(sorted(manifest.get(path.name, {}).items())).encode()).hexdigest()[:8]
    if store.is_current(source, raw.sha256, pipeline):
        return FileResult(str(path), "unchanged")
    existed = store.source_text(source) is not None
    try:
        documents = build_documents(raw, lambda part: curation_for(manifest, path.name, part))
    except Exception as exc:  # noqa: BLE001 - a pipeline bug must not stop a folder ingest
        return FileResult(str(path), "error", f"{path}: could not be parsed "
                                              f"({type(exc).__name__}: {exc})")
    documents = [Document(d.id, source, d.part, d.meta, d.clauses, d.curated, d.source_url,
                          d.forwards, d.raw_start, d.raw_end) for d in documents]
    moved = store.replace_file(source, raw, pipeline, documents)
    note = f"same document as {', '.join(moved)}; stored once, from this file" if moved else ""
    return FileResult(str(path), "updated" if existed else "added", note,
                      tuple(d.id for d in documents), sum(len(d.clauses) for d in documents),
                      len(raw.text))
