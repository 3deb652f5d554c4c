"""Shared fixtures: the bundled samples, a store with them ingested, the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import Store, build_documents, bundled_corpus, ingest_paths, load_file
from corpus.manifest import curation_for, read_manifest
from indexer.update import update_knowledge_base

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LAWREFBOOK = SHARED / "corpora" / "lawrefbook"
# On a developer machine without ../shared those tests are skipped; in CI
# (CI=true, shared/ beside the clone) a missing corpus is a failure.
NEEDS_LAWREFBOOK = pytest.mark.skipif(
    not LAWREFBOOK.is_dir() and not os.environ.get("CI"),
    reason="needs ../shared/corpora/lawrefbook")
SAMPLES = bundled_corpus()


def sample(prefix: str) -> Path:
    """The bundled sample whose file name starts with ``prefix`` (000 … 004)."""
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def clause_ids(store: Store) -> dict[str, str]:
    """'文号-or-title' → document id and '文号-or-title path' → clause id, as
    the lineage and check tests name them."""
    out = {}
    for doc in store.documents():
        name = doc.meta.doc_no or doc.meta.title
        out[name] = doc.id
        for clause in store.clauses(doc.id):
            out[f"{name} {''.join(clause.path)}"] = clause.id
    return out


def documents_of(path: Path):
    """The documents one file yields, with the bundled manifest applied."""
    manifest = read_manifest(path.parent)
    return build_documents(load_file(path), lambda part: curation_for(manifest, path.name, part))


@pytest.fixture(scope="session")
def sample_documents():
    """Every document of the bundled corpus, keyed '000-part1' …"""
    out = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        for doc in documents_of(path):
            out[f"{path.name[:3]}-part{doc.part + 1}"] = doc
    return out


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A data directory with the samples ingested, indexed and linked, one
    per test module (tests that need another state make their own)."""
    home = tmp_path_factory.mktemp("home")
    with Store(home) as store:
        update_knowledge_base(home, store, [])
    return home


@pytest.fixture(scope="module")
def store(home):
    """The populated home's store, opened for reading."""
    with Store.reader(home) as s:
        yield s


@pytest.fixture()
def fresh_store(tmp_path):
    """An empty store of its own, to write to."""
    with Store(tmp_path / "home") as s:
        yield s


@pytest.fixture()
def fresh_samples(fresh_store):
    """A store of its own with the samples ingested (not indexed or linked)."""
    ingest_paths([], fresh_store)
    return fresh_store


ADMIN_TOKEN = "test-admin-token"


@pytest.fixture()
def app(home):
    """The web app over the populated home, uploads enabled with ADMIN_TOKEN."""
    from webapp import create_app

    return create_app({"HOME": str(home), "TESTING": True, "ADMIN_TOKEN": ADMIN_TOKEN,
                       "UPLOAD_WAIT": 60})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(tmp_path, monkeypatch):
    """The CLI with POLICYKB_HOME set to an empty directory of its own."""
    monkeypatch.setenv("POLICYKB_HOME", str(tmp_path / "cli-home"))
    return CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(home: Path, env: dict | None = None, workers: int = 2):
    """``policykb serve`` (gunicorn, real workers) on a free port, its URL
    yielded once it answers; its output goes to HOME/serve.log (a file, not
    a pipe that could fill up)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(home / "serve.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "--home", str(home), "serve", "--port",
             str(port), "--workers", str(workers)], cwd=Path(__file__).resolve().parents[1],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(url + "/api/docs", timeout=2).close()
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError((home / "serve.log").read_text()) from None
                    time.sleep(0.2)
            else:
                raise RuntimeError("policykb serve did not answer")
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)
