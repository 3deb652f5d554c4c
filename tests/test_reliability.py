"""Issue 11, items 3–10: bounded work, odd but legal input, killed writers,
nothing kept or leaked that should not be, special files, clause size, HTTP
details. (Item 1 is tests/test_order.py, item 2 tests/test_concurrency.py.)"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import Store, build_documents
from corpus.load import load_bytes
from corpus.parse import MAX_CLAUSE_CHARS
from indexer.cite import check as check_module
from indexer.cite import draft as draft_module
from indexer.search.backends.whoosh.index import index_root
from indexer.update import update_knowledge_base
from tests.conftest import ADMIN_TOKEN as TOKEN
from tests.conftest import sample, serving
from webapp.cli import main

CLAUSE = ("鼓励平台通过开设新入驻经营主体频道专栏，提供新入驻经营主体或新产品标签，"
          "发放流量券等方式，提供流量扶持。")


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# -- 3. a draft check has a bounded cost -------------------------------------------------

def test_a_clause_repeated_thousands_of_times_is_checked_in_one_pass(client, home):
    with Store(home) as store:
        clause = store.db.execute("SELECT text FROM clauses WHERE instr(text, '流量券')"
                                  " ORDER BY length(text) LIMIT 1").fetchone()[0]
    draft = f"经研究，“{clause}”{clause}\n" * 3000     # 3,000 quotations, 3,000 copies
    body = client.post("/api/check", json={"text": draft}).get_json()
    summary = body["report"]["summary"]
    assert (summary["quotes"], summary["verified"]) == (3000, 3000)
    assert summary["passages"] >= 1


@pytest.mark.parametrize("limit, status, text", [
    ("MAX_DRAFT_CHARS", 413, "文稿太长"), ("MAX_QUOTES", 422, "引文太多")])
def test_a_draft_over_a_limit_gets_a_clear_answer(client, monkeypatch, limit, status, text):
    monkeypatch.setattr(check_module, limit, 100 if limit == "MAX_DRAFT_CHARS" else 3)
    response = client.post("/api/check", json={"text": f"“{CLAUSE}”" * 4})
    assert response.status_code == status and text in response.get_json()["error"]


# -- 4. odd but legal input ---------------------------------------------------------------

ODD_QUERIES = ["NOT NOT x", "(" * 1000 + "x" + ")" * 1000, "(" * 30 + "x" + ")" * 30,
               "x AND AND y", "x OR", "x NOT", "x " * 600]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_are_400s_and_cli_errors(client, home, query):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400 and response.get_json()["error"].startswith("查询有误")
    result = CliRunner().invoke(main, ["--home", str(home), "search", query])
    assert result.exit_code == 2 and "查询有误" in result.output   # a usage error
    assert "Traceback" not in result.output


@pytest.mark.parametrize("body", ['["x"]', '{"text": 123}', '{"text": ["a"]}', "{not json"])
def test_malformed_check_bodies_are_400s(client, body):
    response = client.post("/api/check", data=body, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["ok"] is False


def test_a_first_ingest_that_yields_no_clause_leaves_a_searchable_index(tmp_path):
    (tmp_path / "note.txt").write_text("这是一段没有条款的文字\n", encoding="utf-8")
    home = tmp_path / "home"
    with Store(home) as store:
        done = update_knowledge_base(home, store, [tmp_path / "note.txt"])
    assert done["index"]["rebuilt"] and done["store"]["clauses"] == 0
    assert [p.name for p in index_root(home).iterdir() if p.is_dir()].__len__() == 1
    result = CliRunner().invoke(main, ["--home", str(home), "search", "通知"])
    assert result.exit_code == 0 and "0 条结果" in result.output


def test_an_upload_with_a_very_long_name_is_taken(client):
    name = "关于" + "很长" * 2500 + "的通知.txt"
    response = client.post("/api/documents", headers={"X-PolicyKB-Token": TOKEN},
                           data={"file": (io.BytesIO("关于测试的通知\n一、总则\n做好测试工作。\n".encode()),
                                          name)}, content_type="multipart/form-data")
    body = response.get_json()
    assert response.status_code == 200, body
    stored = body["files"][0]["name"]
    assert len(stored.encode()) <= 180 and stored.startswith("关于很长") and stored.endswith(".txt")


# -- 5. a killed rebuild leaves no worker and no folder behind ------------------------------

def test_a_killed_parallel_rebuild_leaves_no_workers_and_no_generation(home, tmp_path):
    script = ("import sys\nimport indexer.search.backends.whoosh.index as ix\nfrom corpus import Store\n"
              "ix.PARALLEL_FROM = 0\n"
              "ix.build_index(sys.argv[1], Store(sys.argv[1]))\n")
    before = {p.name for p in index_root(home).iterdir() if p.is_dir()}
    process = subprocess.Popen([sys.executable, "-c", script, str(home)],
                               start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_group(process.pid)) < 3:   # parent + 2 workers
        time.sleep(0.05)
    assert len(_group(process.pid)) >= 3, "the rebuild's workers did not start"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _group(process.pid):
        time.sleep(0.1)
    assert _group(process.pid) == []
    result = CliRunner().invoke(main, ["--home", str(home), "index"])
    assert result.exit_code == 0
    assert {p.name for p in index_root(home).iterdir() if p.is_dir()} <= before


def _group(pgid: int) -> list[int]:
    """Live processes of a process group (zombies are dead)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


# -- 6 and 7. drafts are not kept; no server path in an answer ----------------------------

def test_drafts_are_checked_in_memory_and_never_stored(client, home, monkeypatch):
    monkeypatch.setattr(draft_module, "MAX_DRAFT_BYTES", 1000)   # no spooled test upload
    monkeypatch.setattr("webapp.uploads.MAX_DRAFT_BYTES", 1000)
    before = files_under(home)
    draft = {"file": (io.BytesIO(f"“{CLAUSE}”".encode()), "草稿.txt")}
    assert client.post("/api/check", data=draft, content_type="multipart/form-data"
                       ).status_code == 200
    bad = {"file": (io.BytesIO(b"\xff\xfe\x00"), "bad.txt")}
    assert client.post("/check", data=bad, content_type="multipart/form-data").status_code == 400
    big = {"file": (io.BytesIO(b"x" * 1001), "big.md")}
    response = client.post("/api/check", data=big, content_type="multipart/form-data")
    assert response.status_code == 400 and str(home) not in response.get_data(as_text=True)
    assert "big.md" in response.get_json()["error"]
    assert {p for p in files_under(home) - before if "jobs" not in p.parts} == set()


def test_no_answer_shows_a_server_path(client, home):
    documents = client.get("/api/docs").get_json()["documents"]
    assert documents and all("/" not in d["source"] for d in documents)
    doc = client.get(f"/api/docs/{documents[0]['id']}").get_data(as_text=True)
    page = client.get(f"/docs/{documents[0]['id']}").get_data(as_text=True)
    upload = client.post("/api/documents", headers={"X-PolicyKB-Token": TOKEN},
                         data={"file": (io.BytesIO(b"\x00\x01\x02"), "broken.doc")},
                         content_type="multipart/form-data").get_data(as_text=True)
    for answer in (doc, page, upload):
        assert str(home) not in answer and "/tmp/" not in answer


# -- 8. special files ---------------------------------------------------------------------

def test_ingest_reports_special_and_missing_paths_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / sample("001").name).write_bytes(sample("001").read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "named.txt")
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "home"), "ingest", "--json",
                                       str(folder), str(tmp_path / "missing.txt"),
                                       str(tmp_path / "named.txt")])
    assert result.exit_code == 1
    report = {Path(f["path"]).name: (f["status"], f["message"])
              for f in json.loads(result.output)["files"]}
    assert report[sample("001").name][0] == "added"
    assert report["pipe.txt"][0] == report["zero.txt"][0] == "skipped"
    assert report["loop"] == ("skipped", "文件夹已读过（链接成环）")
    assert report["dangling.txt"][0] == "skipped"
    assert report["missing.txt"][0] == report["named.txt"][0] == "error"


# -- 9. clause size -----------------------------------------------------------------------

def test_one_repeated_sentence_becomes_bounded_clauses_flagged_split():
    text = "关于测试的通知\n一、总体要求\n" + CLAUSE * 20_000 + "\n二、保障措施\n加强组织领导。\n"
    doc = build_documents(load_bytes(text.encode(), name="long.txt"))[0]
    assert max(len(c.text) for c in doc.clauses) <= MAX_CLAUSE_CHARS
    continued = [c for c in doc.clauses if any(f.kind == "split" for f in c.flags)]
    assert len(continued) >= len(CLAUSE) * 20_000 // MAX_CLAUSE_CHARS
    assert all(c.text.endswith("。") for c in continued[:-1])          # cut at sentence ends
    assert "".join(c.text for c in doc.clauses if c.path[0].startswith("一、")) == CLAUSE * 20_000
    assert doc.clauses[-1].path == ("二、",)


# -- 10. HTTP details ---------------------------------------------------------------------

def test_405_says_what_is_allowed(client):
    response = client.delete("/api/check")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_an_upload_from_another_site_is_refused(client):
    response = client.post("/admin/upload", headers={"Origin": "https://evil.example"},
                           data={"token": TOKEN, "file": (io.BytesIO(b"x"), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 403 and "来源不符" in response.get_data(as_text=True)


def test_the_server_answers_its_own_refusals_in_the_app_shape(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with Store(home) as store:
        update_knowledge_base(home, store, [])
    with serving(home) as url:
        try:
            urllib.request.urlopen(url + "/api/search?q=" + "x" * 9000, timeout=30)
            raise AssertionError("a 9,000-character URL was accepted")
        except urllib.error.HTTPError as exc:
            assert exc.code in (414, 400)
            assert json.loads(exc.read())["ok"] is False
            assert "default-src" in exc.headers["Content-Security-Policy"]
        # Chinese typed into a URL unencoded (a pasted link): gunicorn refuses
        # the request line before the app sees it, in the app's error shape.
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as raw:
            raw.sendall("GET /?q=监管 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .encode())
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head
        assert json.loads(body)["ok"] is False
