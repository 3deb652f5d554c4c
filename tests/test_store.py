"""The store: re-ingest, replacement, crashes and bad input lose nothing."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from corpus import Store, ingest_paths, load
from corpus.store import DB_NAME, StoreError
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK, SAMPLES, sample


def snapshot(store: Store) -> list[tuple]:
    rows = store.db.execute("SELECT id, doc_id, label, heading, text FROM clauses ORDER BY id")
    return [tuple(r) for r in rows]


def test_reingest_of_unchanged_files_changes_nothing(fresh_samples):
    before = snapshot(fresh_samples)
    results = ingest_paths([], fresh_samples)
    assert {r.status for r in results} == {"unchanged"}
    assert snapshot(fresh_samples) == before


def test_a_changed_file_replaces_its_document(fresh_store, tmp_path):
    path = tmp_path / "national.txt"
    shutil.copy(sample("001"), path)
    ingest_paths([path], fresh_store)
    doc_id = fresh_store.documents()[0].id
    text = path.read_text(encoding="utf-8").replace("合理配置流量資源", "合理分配流量資源")
    path.write_text(text, encoding="utf-8")
    [result] = ingest_paths([path], fresh_store)
    assert result.status == "updated"
    assert [d.id for d in fresh_store.documents()] == [doc_id]        # same stable id
    headings = [c.heading for c in fresh_store.clauses(doc_id)]
    assert "合理分配流量资源" in headings and "合理配置流量资源" not in headings
    assert fresh_store.counts()["files"] == 1


def test_a_failing_write_leaves_the_previous_state(fresh_samples, tmp_path, monkeypatch):
    before = snapshot(fresh_samples)
    path = tmp_path / "004.txt"
    text = sample("004").read_text(encoding="utf-8").replace("加大政策扶持力度", "加大政策支持力度")
    path.write_text(text, encoding="utf-8")
    calls = []

    def crash(self, source, doc):
        calls.append(doc.id)
        raise OSError("disk full")
    monkeypatch.setattr(Store, "_insert_document", crash)
    with pytest.raises(OSError):
        ingest_paths([path], fresh_samples)
    assert calls
    assert snapshot(fresh_samples) == before


def test_bad_files_in_a_folder_are_reported_and_the_rest_goes_on(fresh_samples, tmp_path,
                                                                 monkeypatch):
    before = snapshot(fresh_samples)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "c_notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "d_latin.txt").write_bytes("Grüße aus Köln ".encode("latin-1") * 40)
    shutil.copy(sample("001"), folder / "e_national.txt")
    (folder / "f_broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "g_huge.txt").write_bytes("一".encode() * 20000)
    monkeypatch.setattr(load, "MAX_BYTES", 50_000)
    results = {os.path.basename(r.path): r for r in ingest_paths([folder], fresh_samples)}
    assert results["f_broken.docx"].status == "error" and "docx" in results["f_broken.docx"].message
    assert results["g_huge.txt"].status == "error" and "文件太大" in results["g_huge.txt"].message
    assert results["a_empty.txt"].status == "error" and "文件是空的" in results["a_empty.txt"].message
    assert results["b_binary.txt"].status == "error" and "二进制" in results["b_binary.txt"].message
    assert results["c_notes.pdf"].status == "error" and "PDF" in results["c_notes.pdf"].message
    assert results["d_latin.txt"].status == "error" and "d_latin.txt" in results["d_latin.txt"].message
    # The national opinion was stored already (from the bundled corpus): it is
    # the same document, stored once, from the file given last.
    assert results["e_national.txt"].status == "added"
    assert "只存一份" in results["e_national.txt"].message
    assert snapshot(fresh_samples) == before


def test_a_bad_manifest_names_the_file_and_key(fresh_store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample("003"), folder / "yuncheng.txt")
    (folder / "manifest.toml").write_text('["yuncheng.txt"]\nissuer_name = "x"\n', encoding="utf-8")
    [result] = ingest_paths([folder], fresh_store)
    assert result.status == "error"
    assert "manifest.toml" in result.message and "issuer_name" in result.message
    assert fresh_store.counts()["documents"] == 0


def test_curated_fields_from_a_manifest(fresh_store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample("003"), folder / "yuncheng.txt")
    (folder / "manifest.toml").write_text(
        '["yuncheng.txt"]\nissuer = "运城市人民政府办公室"\ndoc_no = "运政办发〔2022〕61号"\n'
        'source_url = "https://example.org/yc.html"\n', encoding="utf-8")
    ingest_paths([folder], fresh_store)
    [doc] = fresh_store.documents()
    assert doc.meta.doc_no == "运政办发〔2022〕61号" and doc.meta.region == "山西省运城市"
    assert set(doc.curated) == {"issuer", "doc_no"} and doc.source_url.endswith("yc.html")
    assert "no_doc_no" not in {f.kind for f in doc.meta.flags}


@pytest.mark.slow
@NEEDS_LAWREFBOOK
def test_a_killed_ingest_leaves_a_readable_store(tmp_path):
    """kill -9 in the middle of a folder ingest: every file committed before
    is intact, the database passes its integrity check, and the next ingest
    finishes the job."""
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths([SAMPLES], store)
        before = snapshot(store)
    cmd = [sys.executable, "-m", "webapp.cli", "--home", str(home), "ingest",
           str(LAWREFBOOK / "行政法规")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:   # wait until it has written something
        time.sleep(0.5)
        with sqlite3.connect(home / DB_NAME) as db:
            if db.execute("SELECT count(*) FROM files").fetchone()[0] > 20:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(home / DB_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(home) as store:
        partial = store.counts()
        assert set(before) <= set(snapshot(store))
        assert 20 < partial["files"] < 5 + 684
        results = ingest_paths([LAWREFBOOK / "行政法规"], store)
        assert {r.status for r in results} <= {"added", "unchanged", "updated"}
        assert store.counts()["files"] == 5 + len(results)


def test_a_store_of_an_older_version_is_rebuilt_from_its_stored_bytes(tmp_path):
    """Version 2 named a document without 文号 by its title and date; the
    first run of this version rebuilds every file from the bytes the store
    kept, and the index and links follow."""
    from indexer.search import SearchService, search_clauses
    from indexer.update import migrate_knowledge_base, update_knowledge_base

    home = tmp_path / "home"
    with Store(home) as store:
        update_knowledge_base(home, store, [])
        current = {d.id: d.meta.title for d in store.documents()}
        yuncheng = next(i for i, t in current.items() if t.startswith("运城市"))
        # What version 2 left: its pipeline key, and the old id of 运城's plan.
        store.db.execute("PRAGMA foreign_keys=OFF")
        with store.db:
            store.db.execute("UPDATE files SET pipeline = '2:' || substr(pipeline, 3)")
            store.db.execute("UPDATE documents SET id='38e2d17dd2' WHERE id=?", (yuncheng,))
            store.db.execute("UPDATE clauses SET doc_id='38e2d17dd2' WHERE doc_id=?", (yuncheng,))
        store.db.execute("PRAGMA foreign_keys=ON")
        done = migrate_knowledge_base(home, store)
        assert done and {r.status for r in done["files"]} == {"updated"}
        assert {d.id: d.meta.title for d in store.documents()} == current
        assert store.db.execute("SELECT count(*) FROM clauses WHERE doc_id='38e2d17dd2'"
                                ).fetchone()[0] == 0
        assert migrate_knowledge_base(home, store) is None     # only once
    service = SearchService(home)
    assert search_clauses(service, "鼓励电商产业集聚发展", doc=yuncheng).total >= 1
    assert search_clauses(service, "鼓励电商产业集聚发展", doc="38e2d17dd2").total == 0


def test_a_reader_creates_and_migrates_nothing(tmp_path):
    """Schema work happens when a writer opens the store (ingest, serve),
    never on a read path: a reader of a missing or older store is told what
    to run, and the file is left as it was."""
    home = tmp_path / "home"
    with pytest.raises(StoreError, match="还没有文件库；请先运行 policykb ingest"):
        Store.reader(home)
    assert not home.exists()
    with Store(home) as store:
        ingest_paths([sample("001")], store)
    with Store.reader(home) as store:
        assert len(store.documents()) == 1 and store.lineage.counts()["clause_links"] == 0
    with sqlite3.connect(home / DB_NAME) as db:
        db.execute("PRAGMA user_version=3")
    with pytest.raises(StoreError, match="其他版本"):
        Store.reader(home)
    with sqlite3.connect(home / DB_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    with Store(home) as store:   # a writer brings it up to date
        assert len(store.documents()) == 1
