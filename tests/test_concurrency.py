"""Issue 11, item 2, against ``policykb serve`` (gunicorn, real workers):
two upload clients and a CLI ingest write at once while four clients
search. Every answer is 2xx (an upload still working answers 202 and its job
is polled), every document is stored once, and the store ends searchable and
linked. The search latencies are printed, not asserted (a shared machine is
noisy): bench/concurrency.py measures them beside a run without writers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from corpus import Store
from corpus.ingest import source_name
from indexer.lineage import link_documents
from indexer.search.backends.whoosh.index import current_generation
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK, serving

TOKEN = "concurrency-token"
QUERIES = ["流量券", "市场监管", "行政处罚", "经营主体 NOT 农产品", '"双随机一公开"', "地方性法规"]


def request(url: str, data: bytes | None = None, headers: dict | None = None):
    """(status, JSON body, seconds) of one request; HTTP errors are answers."""
    started = time.perf_counter()
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, json.loads(body or b"{}"), time.perf_counter() - started


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def pick(count: int) -> list[Path]:
    """Laws and regulations of several folders, none among the samples."""
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if not p.name.startswith("_"))
    by_name = {p.name: p for p in files[::max(1, len(files) // (2 * count))]}
    return sorted(by_name.values())[:count]


def run_writes_and_searches(url: str, home: Path, uploads: list[list[Path]], cli_folder: Path):
    """Run the writers and searchers; returns (upload answers, search
    answers, CLI exit code)."""
    upload_answers, search_answers = [], []
    writing = threading.Event()
    writing.set()

    def uploader(files):
        for path in files:
            body, kind = multipart(path)
            upload_answers.append((path.name, *request(
                url + "/api/documents", body,
                {"Content-Type": kind, "X-PolicyKB-Token": TOKEN})))

    def searcher(offset):
        i = offset
        while writing.is_set():
            query = urllib.request.quote(QUERIES[i % len(QUERIES)])
            search_answers.append(request(f"{url}/api/search?q={query}"))
            i += 1

    threads = [threading.Thread(target=uploader, args=(files,)) for files in uploads]
    threads += [threading.Thread(target=searcher, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    cli = subprocess.run([sys.executable, "-m", "webapp.cli", "--home", str(home), "ingest",
                          str(cli_folder)], check=False, capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    for thread in threads[:len(uploads)]:
        thread.join()
    writing.clear()
    for thread in threads[len(uploads):]:
        thread.join()
    return upload_answers, search_answers, cli


def finished(url: str, answers: list, timeout: float = 600) -> list[dict]:
    """Each upload's final job, polling those answered 202."""
    out = []
    deadline = time.monotonic() + timeout
    for _name, status, body, _ in answers:
        while status == 202 and time.monotonic() < deadline:
            time.sleep(0.5)
            status, body, _ = request(url + body["poll"])
        out.append(body)
    return out


@NEEDS_LAWREFBOOK
def test_uploads_and_a_cli_ingest_at_once_while_searching(tmp_path):
    files = pick(60)
    uploads, cli_files = [files[0:20], files[20:40]], files[40:60]
    cli_folder = tmp_path / "cli"
    cli_folder.mkdir()
    for path in cli_files:
        shutil.copy(path, cli_folder / path.name)
    home = tmp_path / "home"
    home.mkdir()
    env = {"POLICYKB_ADMIN_TOKEN": TOKEN, "POLICYKB_UPLOAD_WAIT": "2"}
    with serving(home, env) as url:
        upload_answers, search_answers, cli = run_writes_and_searches(
            url, home, uploads, cli_folder)
        jobs = finished(url, upload_answers)
    statuses = [status for _, status, _, _ in upload_answers] + [s for s, _, _ in search_answers]
    latencies = sorted(seconds for _, _, seconds in search_answers)
    print(f"\n{len(upload_answers)} uploads ({sum(s == 202 for _, s, _, _ in upload_answers)}"
          f" answered 202), {len(search_answers)} searches, search p50 "
          f"{latencies[len(latencies) // 2]:.2f} s, p99 {latencies[int(len(latencies) * .99)]:.2f} s")
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert [s for s in statuses if not 200 <= s < 300] == []
    assert all(job["status"] == "done" for job in jobs), jobs
    assert all(r["status"] in ("added", "updated", "unchanged") for job in jobs
               for r in job["files"])
    with Store(home) as store:
        names = [source_name(s) for (s,) in store.db.execute("SELECT source FROM files")]
        counts = {path.name: names.count(path.name) for path in files}
        assert [n for n, c in counts.items() if c != 1] == []   # each stored, once
        assert len(names) == len(files) + 5                      # and the samples
        manifest = json.loads((current_generation(home) / "docs.json").read_text("utf-8"))
        assert manifest["docs"] == store.document_versions()      # all searchable
        report = link_documents(store)
        assert (report.documents, report.relinked) == (0, 0)     # all linked
