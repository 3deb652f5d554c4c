"""The store's tables, created and migrated in one place.

:func:`prepare` runs when a writer opens the store (ingest, the server's
start, a migration), never on a read path: it creates what is missing and
brings a store written by an older version up to :data:`SCHEMA_VERSION`,
then records the version (``PRAGMA user_version``), so a reader opening a
current store writes nothing.
"""

from __future__ import annotations

SCHEMA_VERSION = 4   # 4: the lineage tables are the store's

_DOCUMENTS = """
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

#: Derived from the documents by indexer.lineage (fingerprints, links).
_LINEAGE = """
CREATE TABLE IF NOT EXISTS lineage_docs (
    key INTEGER PRIMARY KEY,
    doc_id TEXT UNIQUE NOT NULL,
    version TEXT NOT NULL,
    rank INTEGER,      -- the rank of its level (vocabulary.LEVEL_RANK); NULL when unknown
    issued TEXT,       -- as a parent: the first version's date (see catalog.issued_by)
    dated TEXT         -- as a child: its own date
);
CREATE TABLE IF NOT EXISTS fingerprints (
    hash INTEGER NOT NULL, doc INTEGER NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (hash, doc, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fingerprints_doc ON fingerprints(doc, seq);
CREATE TABLE IF NOT EXISTS fingerprint_counts (
    doc INTEGER NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fingerprint_docs (
    hash INTEGER PRIMARY KEY, docs INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS document_links (
    child TEXT NOT NULL, parent TEXT NOT NULL, method TEXT NOT NULL, cited_as TEXT,
    PRIMARY KEY (child, parent)
);
CREATE INDEX IF NOT EXISTS document_links_parent ON document_links(parent);
CREATE TABLE IF NOT EXISTS clause_links (
    child TEXT NOT NULL, parent TEXT NOT NULL,
    child_doc TEXT NOT NULL, parent_doc TEXT NOT NULL,
    score REAL NOT NULL, matched INTEGER NOT NULL, method TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (child, parent)
);
CREATE INDEX IF NOT EXISTS clause_links_parent ON clause_links(parent);
CREATE INDEX IF NOT EXISTS clause_links_child_doc ON clause_links(child_doc, parent_doc);
CREATE INDEX IF NOT EXISTS clause_links_parent_doc ON clause_links(parent_doc);
CREATE TABLE IF NOT EXISTS lineage_dirty (doc_id TEXT PRIMARY KEY);  -- to relink
"""
LINEAGE_TABLES = ("lineage_docs", "fingerprints", "fingerprint_counts", "fingerprint_docs",
                  "document_links", "clause_links", "lineage_dirty")


def user_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def prepare(db) -> None:
    """Create and migrate; a no-op on a current store."""
    if user_version(db) == SCHEMA_VERSION:
        return
    db.execute("PRAGMA journal_mode=WAL")   # persistent: once per file
    _drop_old_lineage(db)
    db.executescript(_DOCUMENTS + _LINEAGE)
    columns = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    if "first_date" not in columns:   # schema 1 → 2
        db.execute("ALTER TABLE documents ADD COLUMN first_date TEXT")
    if "sources" not in columns:      # schema 2 → 3: where each field came from
        db.execute("ALTER TABLE documents ADD COLUMN sources TEXT NOT NULL DEFAULT '{}'")
        db.execute("ALTER TABLE documents ADD COLUMN text_key TEXT NOT NULL DEFAULT ''")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.commit()


def _drop_old_lineage(db) -> None:
    """Lineage tables of an older layout are dropped: they are derived from
    the documents, and the next link_documents refills them."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(lineage_docs)")}
    if columns and "dated" not in columns:
        with db:
            for table in LINEAGE_TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")
