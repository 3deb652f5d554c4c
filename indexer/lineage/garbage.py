"""Python's cyclic garbage collector, held back while a sync links.

Linking allocates millions of short-lived containers (seed indexes, runs,
candidate tuples) beside a long-lived cache of clauses, bigram matrices
and SQLite rows. With the interpreter's default thresholds (700, 10, 10)
the collector runs every 700 net allocations and, every hundredth time,
walks the whole heap: on the samples plus lawrefbook that was 113 full
collections and 11.7 s of a 122 s link, and freed nothing (peak memory
is the same without it: these objects hold no reference cycles). A
higher first threshold keeps the collector but makes it rare.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

#: Net allocations between young collections while linking (default 700).
LINKING_THRESHOLD = 50_000

_lock = threading.Lock()
_holders = 0                      # blocks inside, in any thread
_saved: tuple[int, ...] = ()      # the thresholds before the first of them


@contextmanager
def fewer_collections():
    """Collections made rare for the block (or the function it decorates),
    the thresholds restored when the last such block ends. The thresholds
    are the interpreter's, not the thread's: two overlapping blocks (two
    threads linking two data directories) must not restore each other's
    raised value as the one to keep."""
    global _holders, _saved
    with _lock:
        if not _holders:
            _saved = gc.get_threshold()
            gc.set_threshold(LINKING_THRESHOLD, *_saved[1:])
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if not _holders:
                gc.set_threshold(*_saved)
