"""The ingested files: bytes kept byte for byte, the pipeline that read them."""

from __future__ import annotations

import sqlite3


class Files:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def is_current(self, source: str, sha256: str, pipeline: str) -> bool:
        row = self.db.execute("SELECT sha256, pipeline FROM files WHERE source=?",
                              (source,)).fetchone()
        return bool(row) and row["sha256"] == sha256 and row["pipeline"] == pipeline

    def stale(self, pipeline_version: str) -> list[sqlite3.Row]:
        """Stored files last built by another pipeline version: their source,
        path and pipeline key (the bytes one at a time, by :meth:`raw_bytes`)."""
        return self.db.execute(
            "SELECT source, path, pipeline FROM files WHERE pipeline NOT LIKE ?",
            (pipeline_version + ":%",)).fetchall()

    def stale_count(self, pipeline_version: str) -> int:
        return self.db.execute("SELECT count(*) FROM files WHERE pipeline NOT LIKE ?",
                               (pipeline_version + ":%",)).fetchone()[0]

    def raw_bytes(self, source: str) -> bytes | None:
        row = self.db.execute("SELECT raw FROM files WHERE source=?", (source,)).fetchone()
        return bytes(row["raw"]) if row else None

    def text(self, source: str) -> str | None:
        row = self.db.execute("SELECT text FROM files WHERE source=?", (source,)).fetchone()
        return row["text"] if row else None
