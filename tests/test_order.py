"""Issue 11, item 1: lineage is a function of the stored documents. One
ingest, two ingests in either order (one file touched in between), and an
ingest killed with SIGKILL and run again give the identical link set."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus import Store, ingest_paths
from indexer.lineage import link_documents
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK, SAMPLES

LINKS = ("SELECT child, parent, score, matched, method, evidence FROM clause_links"
         " ORDER BY child, parent")
DOC_LINKS = "SELECT child, parent, method FROM document_links ORDER BY child, parent"


def subset() -> list[Path]:
    """The samples, national laws of two branches and Shandong's local
    regulations (which cite them), every fourth file of each."""
    picks = [sorted(SAMPLES.glob("*.txt"))]
    for folder in ("宪法相关法", "行政法", "DLC/山东地方法规"):
        picks.append(sorted(p for p in (LAWREFBOOK / folder).rglob("*.md")
                            if not p.name.startswith("_"))[::4])
    return [p for pick in picks for p in pick]


def copied(files: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    out = []
    for i, path in enumerate(files):
        out.append(folder / f"{i:03d}_{path.name}")
        shutil.copy(path, out[-1])
    return out


def linked(home: Path, passes: list[list[Path]]) -> tuple[list, list]:
    with Store(home) as store:
        for paths in passes:
            ingest_paths(paths, store)
            link_documents(store)
        return store.db.execute(LINKS).fetchall(), store.db.execute(DOC_LINKS).fetchall()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("order")
    files = copied(subset(), root / "files")
    return root, files, linked(root / "one", [files])


@NEEDS_LAWREFBOOK
def test_two_passes_in_either_order_give_the_links_of_one(corpus):
    root, files, (links, doc_links) = corpus
    assert len(links) > 500 and len(doc_links) > 20
    half = len(files) // 2
    assert linked(root / "late_first", [files[half:], files[:half]]) == (links, doc_links)
    with open(files[half + 3], "a", encoding="utf-8") as touched:   # same text, new bytes
        touched.write("\n")
    assert linked(root / "early_first", [files[:half], files[half:], [files[half + 3]]]) == (
        links, doc_links)


@NEEDS_LAWREFBOOK
def test_an_ingest_killed_and_run_again_gives_the_links_of_one(corpus):
    root, files, expected = corpus
    home = root / "killed"
    command = [sys.executable, "-m", "webapp.cli", "--home", str(home), "ingest",
               str(files[0].parent)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:   # until linking is under way
        if _linked_some(home / "policykb.sqlite3"):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    subprocess.run(command[:-2] + ["link"], env=env, check=True, capture_output=True)
    with Store(home) as store:
        assert (store.db.execute(LINKS).fetchall(),
                store.db.execute(DOC_LINKS).fetchall()) == expected


def _linked_some(path: Path) -> bool:
    try:
        with sqlite3.connect(path, timeout=0.1) as db:
            return db.execute("SELECT count(*) FROM lineage_docs WHERE version != 'pending'"
                              ).fetchone()[0] > 0
    except sqlite3.Error:
        return False


@pytest.mark.slow
@NEEDS_LAWREFBOOK
def test_lawrefbook_in_two_passes_gives_the_links_of_one(tmp_path):
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if not p.name.startswith("_"))
    one = linked(tmp_path / "one", [files])
    assert linked(tmp_path / "two", [files[1::2], files[::2]]) == one
