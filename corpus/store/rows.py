"""Rows to models and back: JSON columns, the column order of the tables."""

from __future__ import annotations

import json
import sqlite3

from ..models import Clause, Document, Flag, Metadata, Reference


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def flags_from(text: str) -> tuple[Flag, ...]:
    return tuple(Flag(**f) for f in json.loads(text))


def document_from_row(row: sqlite3.Row, clauses: tuple[Clause, ...] = ()) -> Document:
    meta = Metadata(
        title=row["title"], cover_title=row["cover_title"], doc_no=row["doc_no"],
        issuer=row["issuer"], date=row["date"], first_date=row["first_date"],
        doc_type=row["doc_type"], level=row["level"],
        region=row["region"], region_code=row["region_code"],
        references=tuple(Reference(**r) for r in json.loads(row["refs"])),
        flags=flags_from(row["flags"]), sources=tuple(json.loads(row["sources"]).items()))
    return Document(row["id"], row["source"], row["part"], meta, clauses,
                    tuple(json.loads(row["curated"])), row["source_url"], row["forwards"],
                    row["raw_start"], row["raw_end"], row["text_key"])


def clause_from_row(row: sqlite3.Row) -> Clause:
    return Clause(
        id=row["id"], doc_id=row["doc_id"], seq=row["seq"], kind=row["kind"],
        label=row["label"], path=tuple(json.loads(row["path"])), heading=row["heading"],
        text=row["text"], responsible_units=tuple(json.loads(row["responsible_units"])),
        deadline=row["deadline"], flags=flags_from(row["flags"]), raw_start=row["raw_start"],
        raw_end=row["raw_end"], parent_id=row["parent_id"])
