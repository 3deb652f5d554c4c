"""One verb for "these files changed": ingest them, then bring the search
index and the lineage links in line with the store (changed documents only).

The CLI's ``ingest`` and the web app's upload queue both call it, so a
document is never in the store without being searchable and linked.

Every write to a data directory — ingest, index sync or rebuild, linking,
migration — runs under :func:`writing`, one lock per data directory (an
``flock`` on ``HOME/write.lock``): writers queue behind each other instead
of racing (two syncs computing the same new links, SQLite's "database is
locked" when one transaction upgrades while another commits), and readers,
which take no lock, see the last commit (SQLite WAL; whoosh generations).
The kernel releases an flock when its process dies, so a killed writer
never blocks the next.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from corpus import Store, ingest_paths
from corpus.ingest import PIPELINE_VERSION, refresh_stored

from .lineage import link_documents
from .search import sync_search_index

LOCK_NAME = "write.lock"
_held = threading.local()   # homes this thread holds the lock of (re-entry)


@contextmanager
def writing(home: str | Path, on_wait: Callable[[], None] | None = None):
    """Hold the data directory's write lock, waiting as long as another
    writer holds it (``on_wait`` is called once if it must wait)."""
    home = Path(home)
    key = str(home.resolve())
    held = getattr(_held, "homes", None)
    if held is None:
        held = _held.homes = set()
    if key in held:
        yield
        return
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)   # releases the lock


def update_knowledge_base(home: str | Path, store: Store, paths, on_file=None,
                          on_wait=None) -> dict:
    """Ingest ``paths`` (none: the bundled corpus); returns the file results,
    the store's counts, and what the index and lineage syncs did."""
    with writing(home, on_wait):
        results = (refresh_stored(store, on_file=on_file)
                   + ingest_paths(paths, store, on_file=on_file))
        return _synced(home, store, results)


def migrate_knowledge_base(home: str | Path, store: Store, on_file=None) -> dict | None:
    """On the first run of a new version: rebuild what an older pipeline
    stored, from the stored bytes, and bring index and links in line.
    Nothing (None) when the store is current."""
    if not store.files.stale_count(PIPELINE_VERSION):
        return None
    with writing(home):
        if not store.files.stale_count(PIPELINE_VERSION):   # another writer did it meanwhile
            return None
        results = refresh_stored(store, on_file=on_file)
        return _synced(home, store, results)


def prepare_knowledge_base(home: str | Path, store: Store, progress=None) -> dict:
    """Before serving: a store with no document gets the bundled corpus;
    otherwise the index and the links are brought in line with it
    (``progress(done, total)`` while linking, the long step)."""
    with writing(home):
        if not store.counts()["documents"]:
            return update_knowledge_base(home, store, [])
        return _synced(home, store, [], progress)


def stale_files(store: Store) -> int:
    """Stored files read by an older pipeline (a migration rebuilds them)."""
    return store.files.stale_count(PIPELINE_VERSION)


def _synced(home: str | Path, store: Store, results: list, progress=None) -> dict:
    """The index and the links brought in line with the store, after
    ``results`` (the files just ingested): what each step did."""
    return {"files": results, "store": store.counts(), "index": sync_search_index(home, store),
            "lineage": link_documents(store, progress).__dict__}
