"""The system of record: one SQLite file in the data directory.

Each ingested file replaces its documents in one transaction, so a crash in
the middle of a write leaves the previous state (SQLite's journal rolls the
transaction back on the next open). WAL mode lets readers (the web app) go
on while an ingest writes. Raw bytes are kept byte for byte.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Self

from .models import Clause, Document, Flag, Metadata, RawDocument, Reference

DB_NAME = "policykb.sqlite3"
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    encoding TEXT NOT NULL,
    format TEXT NOT NULL,
    raw BLOB NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL REFERENCES files(source) ON DELETE CASCADE,
    part INTEGER NOT NULL,
    title TEXT NOT NULL,
    cover_title TEXT,
    doc_no TEXT,
    issuer TEXT,
    date TEXT,
    doc_type TEXT,
    level TEXT,
    region TEXT,
    region_code TEXT,
    refs TEXT NOT NULL,
    flags TEXT NOT NULL,
    curated TEXT NOT NULL,
    source_url TEXT,
    forwards TEXT,
    raw_start INTEGER,
    raw_end INTEGER,
    first_date TEXT,
    sources TEXT NOT NULL DEFAULT '{}',
    text_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE INDEX IF NOT EXISTS documents_doc_no ON documents(doc_no);
CREATE TABLE IF NOT EXISTS clauses (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    path TEXT NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    responsible_units TEXT NOT NULL,
    deadline TEXT,
    flags TEXT NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    parent_id TEXT
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id, seq);
"""


class StoreError(RuntimeError):
    """The data directory cannot be used (names the path and why)."""


class Store:
    """Documents and clauses in SQLite; the one place that writes them."""

    def __init__(self, home: str | Path):
        self.home = Path(home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.home / DB_NAME, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.home}: cannot open the store ({exc})") from exc
        self.db.row_factory = sqlite3.Row
        # With WAL, NORMAL syncs at checkpoints, not at every commit: a power
        # cut may lose the last transactions, never corrupt the store
        # (https://www.sqlite.org/pragma.html#pragma_synchronous).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        try:
            current = self.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.home / DB_NAME}: not a PolicyKB store ({exc})") from exc
        if not current:   # a reader opening a current store writes nothing
            self.db.execute("PRAGMA journal_mode=WAL")   # persistent: once per file
            self.db.executescript(_SCHEMA)
            self._migrate()
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _migrate(self) -> None:
        """Bring a store written by an older version up to this schema (the
        pipeline version changed with it, so the next ingest refills it)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        if "first_date" not in columns:   # schema 1 → 2
            self.db.execute("ALTER TABLE documents ADD COLUMN first_date TEXT")
        if "sources" not in columns:      # schema 2 → 3: where each field came from
            self.db.execute("ALTER TABLE documents ADD COLUMN sources TEXT NOT NULL DEFAULT '{}'")
            self.db.execute("ALTER TABLE documents ADD COLUMN text_key TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def is_current(self, source: str, sha256: str, pipeline: str) -> bool:
        row = self.db.execute("SELECT sha256, pipeline FROM files WHERE source=?",
                              (source,)).fetchone()
        return bool(row) and row["sha256"] == sha256 and row["pipeline"] == pipeline

    def replace_file(self, source: str, raw: RawDocument, pipeline: str,
                     documents: list[Document]) -> tuple[list, list]:
        """Put ``documents`` in place of whatever ``source`` held, atomically.

        A document already stored (the same 文号, or the same text) is stored
        once, from this file. Returned: the other files that held one of these
        documents before (``moved``), and the documents whose stored text
        this file replaces with a different one (``replaced``: id and the file
        the old text came from) — never silent.
        """
        ids = [d.id for d in documents]
        marks = ",".join("?" * len(ids))
        with self.db:  # one transaction: all of it or none of it
            before = self.db.execute(
                f"SELECT id, source, text_key FROM documents WHERE id IN ({marks})",
                ids).fetchall() if ids else []
            keys = {d.id: d.text_sha for d in documents}
            moved = sorted({row["source"] for row in before if row["source"] != source})
            replaced = [(row["id"], row["source"]) for row in before
                        if row["text_key"] and row["text_key"] != keys[row["id"]]]
            self.db.execute("DELETE FROM files WHERE source=?", (source,))
            if ids:
                self.db.execute(f"DELETE FROM documents WHERE id IN ({marks})", ids)
            self.db.execute(
                "INSERT INTO files(source, path, sha256, pipeline, encoding, format, raw, text)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (source, raw.path, raw.sha256, pipeline, raw.encoding, raw.format, raw.data,
                 raw.text))
            for doc in documents:
                self._insert_document(source, doc)
        return moved, replaced

    def _insert_document(self, source: str, doc: Document) -> None:
        m = doc.meta
        self.db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, source, doc.part, m.title, m.cover_title, m.doc_no, m.issuer, m.date,
             m.doc_type, m.level, m.region, m.region_code,
             _dump([r.to_json() for r in m.references]), _dump([f.to_json() for f in m.flags]),
             _dump(list(doc.curated)), doc.source_url, doc.forwards, doc.raw_start,
             doc.raw_end, m.first_date, _dump(dict(m.sources)), doc.text_sha))
        self.db.executemany(
            "INSERT INTO clauses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.id, c.doc_id, c.seq, c.kind, c.label, _dump(list(c.path)), c.heading, c.text,
              _dump(list(c.responsible_units)), c.deadline, _dump([f.to_json() for f in c.flags]),
              c.raw_start, c.raw_end, c.parent_id) for c in doc.clauses])

    # -- reading ------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY date, id").fetchall()
        return [_document(row) for row in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return _document(row, self.clauses(doc_id)) if row else None

    def clauses(self, doc_id: str | None = None) -> tuple[Clause, ...]:
        if doc_id is None:
            rows = self.db.execute("SELECT * FROM clauses ORDER BY doc_id, seq")
        else:
            rows = self.db.execute("SELECT * FROM clauses WHERE doc_id=? ORDER BY seq",
                                   (doc_id,))
        return tuple(_clause(row) for row in rows)

    def clause(self, clause_id: str) -> Clause | None:
        row = self.db.execute("SELECT * FROM clauses WHERE id=?", (clause_id,)).fetchone()
        return _clause(row) if row else None

    def clause_at(self, doc_id: str, seq: int) -> Clause | None:
        """The clause at position ``seq`` of a document."""
        row = self.db.execute("SELECT * FROM clauses WHERE doc_id=? AND seq=?",
                              (doc_id, seq)).fetchone()
        return _clause(row) if row else None

    def stale_files(self, pipeline_version: str) -> list[sqlite3.Row]:
        """Stored files last built by another pipeline version: their source,
        path and pipeline key (the bytes one at a time, by :meth:`raw_bytes`)."""
        return self.db.execute(
            "SELECT source, path, pipeline FROM files WHERE pipeline NOT LIKE ?",
            (pipeline_version + ":%",)).fetchall()

    def raw_bytes(self, source: str) -> bytes | None:
        row = self.db.execute("SELECT raw FROM files WHERE source=?", (source,)).fetchone()
        return bytes(row["raw"]) if row else None

    def stale_count(self, pipeline_version: str) -> int:
        return self.db.execute("SELECT count(*) FROM files WHERE pipeline NOT LIKE ?",
                               (pipeline_version + ":%",)).fetchone()[0]

    def curated_fields(self, source: str) -> dict[int, dict[str, str]]:
        """The curated fields of each stored document of a file, by part, so a
        rebuild from the stored bytes keeps what a manifest set."""
        out: dict[int, dict[str, str]] = {}
        for doc in (_document(row) for row in self.db.execute(
                "SELECT * FROM documents WHERE source=?", (source,))):
            values = {"title": doc.meta.title, "doc_no": doc.meta.doc_no,
                      "issuer": doc.meta.issuer, "date": doc.meta.date,
                      "doc_type": doc.meta.doc_type, "level": doc.meta.level,
                      "region": doc.meta.region}
            fields = {k: values[k] for k in doc.curated if values.get(k)}
            if doc.source_url:
                fields["source_url"] = doc.source_url
            out[doc.part] = fields
        return out

    def source_text(self, source: str) -> str | None:
        row = self.db.execute("SELECT text FROM files WHERE source=?", (source,)).fetchone()
        return row["text"] if row else None

    def counts(self) -> dict:
        one = self.db.execute
        return {"files": one("SELECT count(*) FROM files").fetchone()[0],
                "documents": one("SELECT count(*) FROM documents").fetchone()[0],
                "clauses": one("SELECT count(*) FROM clauses").fetchone()[0]}


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flags(text: str) -> tuple[Flag, ...]:
    return tuple(Flag(**f) for f in json.loads(text))


def _document(row: sqlite3.Row, clauses: tuple[Clause, ...] = ()) -> Document:
    meta = Metadata(
        title=row["title"], cover_title=row["cover_title"], doc_no=row["doc_no"],
        issuer=row["issuer"], date=row["date"], first_date=row["first_date"],
        doc_type=row["doc_type"], level=row["level"],
        region=row["region"], region_code=row["region_code"],
        references=tuple(Reference(**r) for r in json.loads(row["refs"])),
        flags=_flags(row["flags"]), sources=tuple(json.loads(row["sources"]).items()))
    return Document(row["id"], row["source"], row["part"], meta, clauses,
                    tuple(json.loads(row["curated"])), row["source_url"], row["forwards"],
                    row["raw_start"], row["raw_end"], row["text_key"])


def _clause(row: sqlite3.Row) -> Clause:
    return Clause(
        id=row["id"], doc_id=row["doc_id"], seq=row["seq"], kind=row["kind"],
        label=row["label"], path=tuple(json.loads(row["path"])), heading=row["heading"],
        text=row["text"], responsible_units=tuple(json.loads(row["responsible_units"])),
        deadline=row["deadline"], flags=_flags(row["flags"]), raw_start=row["raw_start"],
        raw_end=row["raw_end"], parent_id=row["parent_id"])
