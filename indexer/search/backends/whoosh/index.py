"""The whoosh index of clauses: derived from the SQLite store, rebuilt at will.

Layout under ``HOME/index/``: one directory per generation and a file
``CURRENT`` naming the live one. A full rebuild writes a new generation and
then replaces ``CURRENT`` in one ``os.replace``, so a killed rebuild leaves
the previous index searchable. Incremental updates go into the live
generation through one writer with a timeout (whoosh allows one writer per
index; its lock is an flock, released when a killed process dies, so a
stale lock never blocks the next run). No AsyncWriter: it can lose writes
at exit.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import time
from pathlib import Path

from whoosh import index as windex
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.multiproc import MpWriter, SubWriterTask

from corpus import Store
from corpus.divisions import region_names
from corpus.lexicon import dictionary_version
from corpus.models import Clause, Document, all_text

from ....errors import NoIndexError
from .. import FACET_FIELDS
from .analysis import policy_analyzer
from .postings import write_frequent_postings

INDEX_DIR = "index"
CURRENT = "CURRENT"
MANIFEST = "docs.json"
#: Bumped when the schema or the files beside it change: an index of another
#: format is rebuilt by the next sync.
INDEX_FORMAT = 3   # 3: the analyser moved to indexer.search.backends.whoosh
WRITER_TIMEOUT = 60.0
PARALLEL_FROM = 20_000
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


def schema() -> Schema:
    """Clause fields. ``all`` (heading, a newline, then the text) is what a
    query matches: one field, so an AND of words is an intersection whoosh
    can skip through by its rarest word. ``heading`` is indexed again on its
    own, for the heading boost and 标题: queries. ``facets`` is a column of
    the facet values, read per matched document without unpickling; so is
    ``alltext`` (the ``all`` text as UTF-8), for phrase checks."""
    analyzer = policy_analyzer()
    return Schema(
        clause_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        all=TEXT(analyzer=analyzer, phrase=True, chars=True, multitoken_query="and"),
        heading=TEXT(analyzer=analyzer, phrase=True, chars=True, stored=True,
                     multitoken_query="and"),
        text=STORED,
        label=STORED, path=STORED, title=STORED, doc_no=STORED,
        level=ID(stored=True),
        region=KEYWORD(commas=True, stored=True),
        issuer=ID(stored=True),
        year=ID(stored=True),
        date=ID(stored=True, sortable=True),
        doc_type=ID(stored=True),
        unit=KEYWORD(commas=True, stored=True),
        flag=KEYWORD(commas=True, stored=True),
        facets=COLUMN(VarBytesColumn()),
        alltext=COLUMN(VarBytesColumn()),
        seq=NUMERIC(stored=True, sortable=True),
    )


def index_root(home: str | Path) -> Path:
    return Path(home) / INDEX_DIR


def current_generation(home: str | Path) -> Path | None:
    """The live index directory, or None when there is none yet."""
    pointer = index_root(home) / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_root(home) / name
    return path if path.is_dir() else None


def open_index(home: str | Path):
    """The live whoosh index; raises NoIndexError when there is none."""
    path = current_generation(home)
    if path is None:
        raise NoIndexError(f"{index_root(home)}：还没有检索索引；请运行 policykb index")
    if (_read_json(path / MANIFEST) or {}).get("format") != INDEX_FORMAT:
        # Its schema pickles classes of another version: rebuilt, not opened.
        raise NoIndexError(f"{path}：检索索引是旧版本建的；请运行 policykb index 重建")
    return windex.open_dir(str(path))


def build_index(home: str | Path, store: Store, progress=None) -> Path:
    """Index every clause into a new generation and make it the live one
    (``progress(done, total)`` after each document handed to the writer)."""
    root = index_root(home)
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_generations(home)
    path = root / f"g{time.time_ns()}"
    path.mkdir()
    ix = windex.create_in(str(path), schema())
    # Segmenting is most of the cost: a large corpus is split over the cores
    # (each worker loads jieba once, so a small one is not worth it).
    procs = min(2, os.cpu_count() or 1) if store.counts()["clauses"] > PARALLEL_FROM else 1
    writer = (_ParallelWriter(ix, procs=procs, multisegment=True, timeout=WRITER_TIMEOUT,
                              limitmb=256)
              if procs > 1 else ix.writer(timeout=WRITER_TIMEOUT, limitmb=256))
    versions = store.document_versions()
    try:
        try:
            documents = store.documents()
            for done, doc in enumerate(documents, 1):
                for clause in store.clauses(doc.id):
                    writer.add_document(**clause_fields(clause, doc))
                if progress:
                    progress(done, len(documents))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        write_frequent_postings(path)
        _write_manifest(path, store, versions)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _swap(root, path)
    return path


def sync_index(home: str | Path, store: Store, progress=None) -> dict:
    """Bring the index in line with the store: changed documents only.

    A missing index, or one built with another dictionary or format, is
    rebuilt whole.
    """
    path, manifest = _live_manifest(home)
    wanted = store.document_versions()
    if manifest is None:
        build_index(home, store, progress)
        return {"rebuilt": True, "updated": len(wanted), "removed": 0}
    remove_stale_generations(home)   # (build_index does it on its way)
    changed_ids, removed = _behind(manifest, wanted)
    changed = [store.document(doc_id) for doc_id in changed_ids]
    if changed or removed:
        ix = windex.open_dir(str(path))
        writer = ix.writer(timeout=WRITER_TIMEOUT)
        try:
            for doc_id in removed + changed_ids:
                writer.delete_by_term("doc_id", doc_id)
            for done, doc in enumerate(changed, 1):   # loaded with their clauses
                for clause in doc.clauses:
                    writer.add_document(**clause_fields(clause, doc))
                if progress:
                    progress(done, len(changed))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        write_frequent_postings(path)   # for the segments this commit made
        _write_manifest(path, store, wanted)
    return {"rebuilt": False, "updated": len(changed), "removed": len(removed)}


def pending_documents(home: str | Path, store: Store) -> int | None:
    """How many documents the index is behind the store (changed, new or
    removed); None when there is no index or it must be rebuilt."""
    _, manifest = _live_manifest(home)
    if manifest is None:
        return None
    changed, removed = _behind(manifest, store.document_versions())
    return len(changed) + len(removed)


def _live_manifest(home: str | Path) -> tuple[Path | None, dict | None]:
    """The live generation and its manifest; the manifest is None when there
    is none, or the index was built with another dictionary or format (it
    must be rebuilt, not synced)."""
    path = current_generation(home)
    manifest = _read_json(path / MANIFEST) if path else None
    if (not manifest or manifest.get("dictionary") != dictionary_version()
            or manifest.get("format") != INDEX_FORMAT):
        return path, None
    return path, manifest


def _behind(manifest: dict, wanted: dict[str, str]) -> tuple[list[str], list[str]]:
    """(new or changed, removed) document ids: the store against the index."""
    indexed: dict = manifest["docs"]
    return ([d for d, version in wanted.items() if indexed.get(d) != version],
            [d for d in indexed if d not in wanted])


def _write_manifest(path: Path, store: Store, versions: dict[str, str]) -> None:
    """docs.json: what the index holds (document versions, for sync), what
    it was built with, and each document's title (facet labels)."""
    titles = store.titles()
    _write_json(path / MANIFEST, {"format": INDEX_FORMAT, "dictionary": dictionary_version(),
                                  "docs": versions, "titles": titles})


def read_titles(path: Path) -> dict[str, str]:
    """doc id → title, from a generation's manifest."""
    return (_read_json(path / MANIFEST) or {}).get("titles", {})


def clause_fields(clause: Clause, doc: Document) -> dict:
    """The indexed fields of one clause, with its document's facets."""
    m = doc.meta
    values = {
        "level": [m.level or "unknown"], "region": region_names(m.region, m.region_code),
        "issuer": [m.issuer] if m.issuer else [], "year": [m.date[:4]] if m.date else [],
        "doc_id": [doc.id], "doc_type": [m.doc_type] if m.doc_type else [],
        "unit": [u.replace(",", "，") for u in clause.responsible_units],
        "flag": sorted({f.kind for f in clause.flags}),
    }
    return {
        "clause_id": clause.id, "doc_id": doc.id, "heading": clause.heading,
        "all": all_text(clause.heading, clause.text), "text": clause.text,
        "label": clause.label, "path": list(clause.path), "title": m.title,
        "doc_no": m.doc_no, "level": values["level"][0], "region": ",".join(values["region"]),
        "issuer": m.issuer or "", "year": (m.date or "")[:4], "date": m.date or "",
        "doc_type": m.doc_type or "", "unit": ",".join(values["unit"]),
        "flag": ",".join(values["flag"]), "seq": clause.seq,
        "facets": encode_facets(values),
        "alltext": all_text(clause.heading, clause.text).encode("utf-8"),
    }


def encode_facets(values: dict[str, list[str]]) -> bytes:
    """One column value: fields split by \\x1e, values by \\x1f."""
    return "\x1e".join("\x1f".join(values.get(name, [])) for name in FACET_FIELDS).encode()


def decode_facets(data: bytes) -> list[list[str]]:
    return [part.split("\x1f") if part else [] for part in data.decode().split("\x1e")]


class _OrphanlessTask(SubWriterTask):
    """A whoosh segmenting worker that dies with the process that started
    it: a rebuild killed with SIGKILL must not leave its workers running
    (Linux prctl PR_SET_PDEATHSIG; elsewhere whoosh's behaviour)."""

    def run(self):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:   # the parent died before the signal was armed
            return
        super().run()


class _ParallelWriter(MpWriter):
    """whoosh's multi-process writer, its workers :class:`_OrphanlessTask`."""

    def _new_task(self):
        task = _OrphanlessTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                               self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def remove_stale_generations(home: str | Path) -> None:
    """Generation folders made after the live one but never made live: what
    a killed rebuild left (older ones are removed by the swap that retires
    them). Called under the write lock, so none is being written."""
    root = index_root(home)
    live = current_generation(home)
    if live is None:
        return
    for old in root.iterdir():
        if old.is_dir() and old.name.startswith("g") and old.name[1:].isdigit() \
                and int(old.name[1:]) > int(live.name[1:]):
            shutil.rmtree(old, ignore_errors=True)


def _swap(root: Path, path: Path) -> None:
    """Make ``path`` the live generation; keep the one before for open readers."""
    previous = current_generation(root.parent)
    tmp = root / f"{CURRENT}.tmp"
    tmp.write_text(path.name, encoding="utf-8")
    os.replace(tmp, root / CURRENT)
    keep = {path.name, previous.name if previous else ""}
    for old in root.iterdir():
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, value) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
