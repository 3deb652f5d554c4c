"""The lineage tables: fingerprints, document and clause links, and the
documents marked for relinking. indexer.lineage decides what goes in them;
this module is how it is read and written (SQL nowhere else).

A document has a ``key`` (integer) in the fingerprint tables. ``common`` in
the queries below is the number of documents above which a fingerprint is
boilerplate (indexer.lineage.COMMON_DOCUMENTS): it finds no candidates.
"""

from __future__ import annotations

import json
import sqlite3


class Lineage:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    # -- documents in the fingerprint tables ------------------------------------------

    def versions(self) -> dict[str, tuple[int, str]]:
        """doc id → (key, the version its fingerprints and links were made from)."""
        return {doc_id: (key, version) for key, doc_id, version
                in self.db.execute("SELECT key, doc_id, version FROM lineage_docs")}

    def keys(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT doc_id, key FROM lineage_docs"))

    def set_version(self, doc_id: str, version: str) -> None:
        self.db.execute("UPDATE lineage_docs SET version=? WHERE doc_id=?", (version, doc_id))

    def use_cache(self, mib: int) -> None:
        """SQLite's page cache for this connection (linking reads much)."""
        self.db.execute(f"PRAGMA cache_size=-{int(mib) * 1024}")

    def add_document(self, doc_id: str, rank: int | None, issued: str | None,
                     dated: str | None, prints: set[tuple[int, int]]) -> int:
        """A document and its fingerprints ((hash, clause seq) pairs); its key.
        Its version stays 'pending' until its links are stored."""
        key = self.db.execute("INSERT INTO lineage_docs VALUES (NULL, ?, 'pending', ?, ?, ?)",
                              (doc_id, rank, issued, dated)).lastrowid
        self.db.executemany("INSERT INTO fingerprints VALUES (?,?,?)",
                            [(h, key, seq) for h, seq in prints])
        per_clause: dict[int, int] = {}
        for _, seq in prints:
            per_clause[seq] = per_clause.get(seq, 0) + 1
        self.db.executemany("INSERT INTO fingerprint_counts VALUES (?,?,?)",
                            [(key, seq, n) for seq, n in per_clause.items()])
        self.db.executemany("INSERT INTO fingerprint_docs VALUES (?, 1)"
                            " ON CONFLICT(hash) DO UPDATE SET docs = docs + 1",
                            {(h,) for h, _ in prints})
        return key

    def forget(self, doc_id: str, key: int | None) -> None:
        """Drop a document's fingerprints and every link to or from it."""
        db = self.db
        db.execute("DELETE FROM clause_links WHERE child_doc=? OR parent_doc=?", (doc_id, doc_id))
        db.execute("DELETE FROM document_links WHERE method='text' AND (child=? OR parent=?)",
                   (doc_id, doc_id))
        if key is not None:
            db.execute("UPDATE fingerprint_docs SET docs = docs - 1 WHERE hash IN"
                       " (SELECT DISTINCT hash FROM fingerprints WHERE doc=?)", (key,))
            db.execute("DELETE FROM fingerprints WHERE doc=?", (key,))
            db.execute("DELETE FROM fingerprint_counts WHERE doc=?", (key,))
        db.execute("DELETE FROM lineage_docs WHERE doc_id=?", (doc_id,))

    # -- documents to relink ----------------------------------------------------------

    def mark(self, doc_ids) -> None:
        self.db.executemany("INSERT OR IGNORE INTO lineage_dirty VALUES (?)",
                            [(d,) for d in doc_ids])

    def marked(self) -> set[str]:
        return {d for (d,) in self.db.execute("SELECT doc_id FROM lineage_dirty")}

    def unmark(self, doc_id: str | None = None) -> None:
        """One document's mark, or (None) every mark left."""
        if doc_id is None:
            self.db.execute("DELETE FROM lineage_dirty")
        else:
            self.db.execute("DELETE FROM lineage_dirty WHERE doc_id=?", (doc_id,))

    # -- fingerprint look-ups ---------------------------------------------------------

    def sharing(self, key: int, common: int, flipped: bool = False) -> set[str]:
        """Documents sharing a fingerprint with document ``key`` that is rare
        enough to find candidates (counted with this document), or, with
        ``flipped``, whose count this document's coming or going moves
        across ``common``."""
        test = "d.docs = ?" if flipped else "d.docs <= ?"
        return {doc_id for (doc_id,) in self.db.execute(
            "SELECT DISTINCT ld.doc_id FROM fingerprints p"
            f" JOIN fingerprint_docs d ON d.hash = p.hash AND {test}"
            " JOIN fingerprints f ON f.hash = p.hash AND f.doc != p.doc"
            " JOIN lineage_docs ld ON ld.key = f.doc WHERE p.doc = ?",
            (common + 1, key))}

    def shared_clauses(self, key: int, common: int, rank: int, date: str,
                       cited: list[int]) -> list[tuple[int, int, int, int]]:
        """(other document key, its seq, this document's seq, shared rare
        fingerprints) for clause pairs sharing two rare fingerprints with a
        document issued by ``date`` of a higher rank (or of an unknown one,
        or any when ``rank`` is -1: this document's is unknown), or one with
        a ``cited`` document."""
        marks = ",".join("?" * len(cited))
        return self.db.execute(
            "SELECT f.doc, f.seq, p.seq, count(*) FROM fingerprints p"
            " JOIN fingerprint_docs d ON d.hash = p.hash AND d.docs <= ?"
            " JOIN fingerprints f ON f.hash = p.hash AND f.doc != p.doc"
            " JOIN lineage_docs ld ON ld.key = f.doc"
            " WHERE p.doc = ? AND ((ld.issued <= ? AND (? < 0 OR ld.rank IS NULL OR ld.rank < ?))"
            f" OR f.doc IN ({marks}))"
            " GROUP BY f.doc, f.seq, p.seq"
            f" HAVING count(*) >= 2 OR f.doc IN ({marks})",
            [common, key, date, rank, rank, *cited, *cited]).fetchall()

    def fingerprint_counts(self, key: int) -> dict[int, int]:
        """seq → how many fingerprints each clause of a document has."""
        return dict(self.db.execute("SELECT seq, n FROM fingerprint_counts WHERE doc=?", (key,)))

    def common_hashes(self, key: int, common: int) -> list[tuple[int, int]]:
        """(seq, hash) of a document's boilerplate fingerprints."""
        return self.db.execute(
            "SELECT p.seq, p.hash FROM fingerprints p JOIN fingerprint_docs d"
            " ON d.hash = p.hash AND d.docs > ? WHERE p.doc = ?", (common, key)).fetchall()

    def clauses_sharing(self, hashes: set[int], limit: int) -> list[tuple[int, int, int]]:
        """(document key, seq, shared) of the ``limit`` clauses sharing the
        most of ``hashes`` (any fingerprints: a quotation may be boilerplate)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (hash INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM probe")
        self.db.executemany("INSERT INTO probe VALUES (?)", [(h,) for h in hashes])
        # CROSS JOIN: SQLite's order, probe first (else it scans fingerprints).
        ranked = self.db.execute(
            "SELECT f.doc, f.seq, count(*) AS n FROM probe p CROSS JOIN fingerprints f"
            " ON f.hash = p.hash GROUP BY f.doc, f.seq ORDER BY n DESC LIMIT ?",
            (limit,)).fetchall()
        self.db.commit()   # the temporary table's rows: no transaction left open
        return ranked

    def rare_holders(self, hashes: list[int], common: int) -> list[tuple[int, int, int]]:
        """(hash, document key, seq) of every clause holding one of
        ``hashes`` that is not boilerplate."""
        out = []
        for chunk in range(0, len(hashes), 500):
            part = hashes[chunk:chunk + 500]
            out += self.db.execute(
                "SELECT f.hash, f.doc, f.seq FROM fingerprints f JOIN fingerprint_docs d"
                f" ON d.hash = f.hash AND d.docs <= ? WHERE f.hash IN ({','.join('?' * len(part))})",
                [common, *part]).fetchall()
        return out

    # -- links ------------------------------------------------------------------------

    def document_links(self) -> set[tuple[str, str]]:
        """(child, parent) of every document link found by citation."""
        return {(child, parent) for child, parent
                in self.db.execute("SELECT child, parent FROM document_links WHERE method != 'text'")}

    def replace_document_links(self, links) -> None:
        """Every document link found by citation: (child, parent, method,
        cited as). Links ``by text`` are the linker's (:meth:`replace_text_links`)."""
        self.db.execute("DELETE FROM document_links WHERE method != 'text'")
        self.db.executemany("INSERT OR REPLACE INTO document_links VALUES (?,?,?,?)",
                            sorted(links))

    def replace_text_links(self, child_doc: str, parents: list[str]) -> None:
        """A document's parents found by the text it copies (method 'text')."""
        self.db.execute("DELETE FROM document_links WHERE child=? AND method='text'",
                        (child_doc,))
        self.db.executemany("INSERT OR IGNORE INTO document_links VALUES (?,?,'text','')",
                            [(child_doc, parent) for parent in parents])

    def replace_clause_links(self, child_doc: str, rows) -> None:
        """A document's links as a child: (child, parent, child doc, parent
        doc, score, matched, method, evidence dict)."""
        self.db.execute("DELETE FROM clause_links WHERE child_doc=?", (child_doc,))
        self.add_clause_links(rows)

    def add_clause_links(self, rows) -> None:
        self.db.executemany("INSERT OR REPLACE INTO clause_links VALUES (?,?,?,?,?,?,?,?)",
                            [(*row[:7], json.dumps(row[7])) for row in rows])

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {"clause_links": one("SELECT count(*) FROM clause_links").fetchone()[0],
                "document_links": one("SELECT count(*) FROM document_links").fetchone()[0]}

    def links_of(self, clause_id: str, up: bool) -> list[dict]:
        """A clause's parents (``up``) or children, best first: the other
        clause's id, score, matched characters, method and evidence."""
        mine, other = ("child", "parent") if up else ("parent", "child")
        return [{"other": row[0], "score": row[1], "matched": row[2], "method": row[3],
                 "evidence": json.loads(row[4])} for row in self.db.execute(
                    f"SELECT {other}, score, matched, method, evidence FROM clause_links"
                    f" WHERE {mine}=? ORDER BY score DESC, {other}", (clause_id,))]

    def child_documents(self, parent_doc: str) -> list[str]:
        """Documents that cite ``parent_doc`` or have a clause linked to it."""
        return sorted({c for (c,) in self.db.execute(
            "SELECT child FROM document_links WHERE parent=? UNION"
            " SELECT DISTINCT child_doc FROM clause_links WHERE parent_doc=?",
            (parent_doc, parent_doc))})

    def links_between(self, child_doc: str, parent_doc: str) -> list[tuple[str, str, str]]:
        """(child clause, parent clause, method) of the links from one
        document into another."""
        return self.db.execute(
            "SELECT child, parent, method FROM clause_links WHERE child_doc=? AND parent_doc=?",
            (child_doc, parent_doc)).fetchall()

    def links_into(self, parent_doc: str) -> list[tuple[str, str, str, float]]:
        """(child doc, parent clause, child clause, score) of every link into
        a document's clauses, best first."""
        return self.db.execute(
            "SELECT child_doc, parent, child, score FROM clause_links WHERE parent_doc=?"
            " ORDER BY score DESC", (parent_doc,)).fetchall()
