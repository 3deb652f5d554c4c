"""One verb for "these files changed": ingest them, then bring the search
index and the lineage links in line with the store (changed documents only).

The CLI's ``ingest`` and the web app's upload both call it, so a document
is never in the store without being searchable and linked.
"""

from __future__ import annotations

from pathlib import Path

from corpus import Store, ingest_paths
from corpus.ingest import PIPELINE_VERSION, refresh_stored

from .index import sync_index
from .lineage import link_documents


def update_knowledge_base(home: str | Path, store: Store, paths, on_file=None) -> dict:
    """Ingest ``paths`` (none: the bundled corpus); returns the file results,
    the store's counts, and what the index and lineage syncs did."""
    results = refresh_stored(store, on_file=on_file) + ingest_paths(paths, store, on_file=on_file)
    return {"files": results, "store": store.counts(), "index": sync_index(home, store),
            "lineage": link_documents(store).__dict__}


def migrate_knowledge_base(home: str | Path, store: Store, on_file=None) -> dict | None:
    """On the first run of a new version: rebuild what an older pipeline
    stored, from the stored bytes, and bring index and links in line.
    Nothing (None) when the store is current."""
    if not store.stale_count(PIPELINE_VERSION):
        return None
    results = refresh_stored(store, on_file=on_file)
    return {"files": results, "store": store.counts(), "index": sync_index(home, store),
            "lineage": link_documents(store).__dict__}
