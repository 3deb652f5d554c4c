"""The system of record: one SQLite file in the data directory, and the only
code that speaks SQL (a test greps for it).

:class:`Store` is the documents and clauses; ``store.files`` the ingested
files (``files.py``); ``store.lineage`` the fingerprints and links that
indexer.lineage derives (``lineage.py``); the tables are in ``schema.py``.
A writer opens ``Store(home)``, which creates and migrates the tables; a
reader opens ``Store.reader(home)``, which writes nothing.

Each ingested file replaces its documents in one transaction, so a crash in
the middle of a write leaves the previous state (SQLite's journal rolls the
transaction back on the next open). WAL mode lets readers (the web app) go
on while an ingest writes. Raw bytes are kept byte for byte.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Self

from ..models import Clause, Document, RawDocument
from . import schema
from .files import Files
from .lineage import Lineage
from .rows import clause_from_row, document_from_row, dump

DB_NAME = "policykb.sqlite3"


class StoreError(RuntimeError):
    """The data directory cannot be used (names the path and why)."""


class Store:
    """Documents and clauses in SQLite; the one place that writes them."""

    def __init__(self, home: str | Path, *, write: bool = True):
        self.home = Path(home)
        path = self.home / DB_NAME
        if not write and not path.is_file():
            raise StoreError(f"{self.home}：还没有文件库；请先运行 policykb ingest")
        try:
            if write:
                self.home.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.home}：无法打开文件库（{exc}）") from exc
        self.db.row_factory = sqlite3.Row
        try:
            version = schema.user_version(self.db)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{path}：不是 PolicyKB 的文件库（{exc}）") from exc
        if write:
            # With WAL, NORMAL syncs at checkpoints, not at every commit: a power
            # cut may lose the last transactions, never corrupt the store
            # (https://www.sqlite.org/pragma.html#pragma_synchronous).
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            schema.prepare(self.db)
        elif version != schema.SCHEMA_VERSION:
            self.db.close()
            raise StoreError(f"{path}：文件库是其他版本建的（{version}）；"
                             "请运行 policykb ingest 或 policykb serve 升级")
        self.files = Files(self.db)
        self.lineage = Lineage(self.db)

    @classmethod
    def reader(cls, home: str | Path) -> Store:
        """The store for reading: no table created, no PRAGMA set, nothing
        written; a missing or outdated store is a StoreError."""
        return cls(home, write=False)

    def transaction(self):
        """A context in which every write commits together or not at all."""
        return self.db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

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
             dump([r.to_json() for r in m.references]), dump([f.to_json() for f in m.flags]),
             dump(list(doc.curated)), doc.source_url, doc.forwards, doc.raw_start,
             doc.raw_end, m.first_date, dump(dict(m.sources)), doc.text_sha))
        self.db.executemany(
            "INSERT INTO clauses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.id, c.doc_id, c.seq, c.kind, c.label, dump(list(c.path)), c.heading, c.text,
              dump(list(c.responsible_units)), c.deadline, dump([f.to_json() for f in c.flags]),
              c.raw_start, c.raw_end, c.parent_id) for c in doc.clauses])

    # -- reading ------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY date, id").fetchall()
        return [document_from_row(row) for row in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return document_from_row(row, self.clauses(doc_id)) if row else None

    def clauses(self, doc_id: str | None = None) -> tuple[Clause, ...]:
        if doc_id is None:
            rows = self.db.execute("SELECT * FROM clauses ORDER BY doc_id, seq")
        else:
            rows = self.db.execute("SELECT * FROM clauses WHERE doc_id=? ORDER BY seq",
                                   (doc_id,))
        return tuple(clause_from_row(row) for row in rows)

    def task_clauses(self) -> tuple[Clause, ...]:
        """Clauses that name responsible units (tasks), in document order."""
        rows = self.db.execute("SELECT * FROM clauses WHERE responsible_units != '[]'"
                               " ORDER BY doc_id, seq")
        return tuple(clause_from_row(row) for row in rows)

    def clause(self, clause_id: str) -> Clause | None:
        row = self.db.execute("SELECT * FROM clauses WHERE id=?", (clause_id,)).fetchone()
        return clause_from_row(row) if row else None

    def clause_at(self, doc_id: str, seq: int) -> Clause | None:
        """The clause at position ``seq`` of a document."""
        row = self.db.execute("SELECT * FROM clauses WHERE doc_id=? AND seq=?",
                              (doc_id, seq)).fetchone()
        return clause_from_row(row) if row else None

    def curated_fields(self, source: str) -> dict[int, dict[str, str]]:
        """The curated fields of each stored document of a file, by part, so a
        rebuild from the stored bytes keeps what a manifest set."""
        out: dict[int, dict[str, str]] = {}
        for doc in (document_from_row(row) for row in self.db.execute(
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

    def counts(self) -> dict:
        one = self.db.execute
        return {"files": one("SELECT count(*) FROM files").fetchone()[0],
                "documents": one("SELECT count(*) FROM documents").fetchone()[0],
                "clauses": one("SELECT count(*) FROM clauses").fetchone()[0]}

    def document_versions(self) -> dict[str, str]:
        """doc id → a version that changes when its file or the pipeline that
        read it changes (what search and lineage sync against)."""
        rows = self.db.execute("SELECT d.id, f.sha256, f.pipeline FROM documents d"
                               " JOIN files f ON f.source = d.source")
        return {doc_id: f"{sha}:{pipeline}" for doc_id, sha, pipeline in rows}

    def titles(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, title FROM documents"))

    def clause_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT doc_id, count(*) FROM clauses GROUP BY doc_id"))

    def document_header(self, doc_id: str) -> dict | None:
        """A document's id, title, 文号, level, date, issuer and region (no clauses)."""
        row = self.db.execute("SELECT id, title, doc_no, level, date, issuer, region, region_code"
                              " FROM documents WHERE id=?", (doc_id,)).fetchone()
        return dict(row) if row else None

    def clause_texts(self, doc_id: str) -> list[tuple[str, int, str, str]]:
        """(id, seq, heading, text) of a document's clauses, in order."""
        return [tuple(row) for row in self.db.execute(
            "SELECT id, seq, heading, text FROM clauses WHERE doc_id=? ORDER BY seq", (doc_id,))]

    def clauses_containing(self, piece: str, limit: int) -> list[str]:
        """Ids of clauses whose heading or text holds ``piece`` (a scan: for
        short pieces only, when fingerprints cannot help)."""
        return [cid for (cid,) in self.db.execute(
            "SELECT id FROM clauses WHERE instr(heading, ?) OR instr(text, ?) LIMIT ?",
            (piece, piece, limit))]
