"""Upload jobs: documents posted to the web app are ingested off the
request path, one writer at a time.

An upload is saved under ``HOME/uploads/<job>/`` and described by
``HOME/jobs/<job>.json`` (written whole by rename); then a runner process
(``python -m webapp.jobs HOME``, started detached and at low priority, so
searches keep the cores) takes the data directory's write lock
(:func:`indexer.update.writing`) and ingests every queued job, a batch in
one ingest, index sync and link. A runner started while another holds the
lock waits for it, then finds the queue empty or takes what came meanwhile;
a job left ``running`` by a killed runner is taken again by the next.

The request waits up to ``UPLOAD_WAIT`` seconds (app config) for its job — a small upload is
answered with its results — and otherwise answers 202 with the job's URL.
Job ids are 16 random hex digits: the id is the capability to read a job.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

from corpus import Store

JOBS_DIR = "jobs"
UPLOADS_DIR = "uploads"

_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
_POLL = 0.1


def submit(home: str | Path, files: list[tuple[str, object]]) -> str:
    """Queue ``files`` (safe name, a werkzeug FileStorage) for ingestion and
    start a runner; returns the job id."""
    home = Path(home)
    job_id = secrets.token_hex(8)
    folder = home / UPLOADS_DIR / job_id
    folder.mkdir(parents=True)
    names = []
    for name, storage in files:
        target = folder / name
        while target.exists():   # two uploads of one name in one post
            target = folder / f"{secrets.token_hex(2)}_{name}"
        with storage.stream:
            storage.save(target)
        names.append(target.name)
    _write(home, {"id": job_id, "status": "queued", "files": names, "created": time.time()})
    start_runner(home)
    return job_id


def read_job(home: str | Path, job_id: str) -> dict | None:
    """A job's record, or None when there is no such job."""
    if not _JOB_ID.match(job_id or ""):
        return None
    try:
        return json.loads((Path(home) / JOBS_DIR / f"{job_id}.json").read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def wait_for(home: str | Path, job_id: str, seconds: float) -> dict:
    """The job once finished, or as it stands after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        job = read_job(home, job_id) or {"id": job_id, "status": "queued"}
        if job["status"] in ("done", "failed") or time.monotonic() >= deadline:
            return job
        time.sleep(_POLL)


def start_runner(home: str | Path) -> None:
    """A detached runner for ``home``'s queue (it outlives the request, and
    the worker that started it)."""
    # Through a shell that backgrounds it and exits at once: the runner is
    # nobody's child to reap (no zombie in a long-lived web worker).
    with (Path(home) / JOBS_DIR / "runner.log").open("ab") as log:
        subprocess.run(["sh", "-c", '"$@" &', "sh", sys.executable, "-m", "webapp.jobs",
                        str(home)], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                       start_new_session=True, check=True)


def run_queue(home: str | Path) -> int:
    """Ingest every waiting job, under the write lock; returns how many."""
    from indexer.update import update_knowledge_base, writing

    home = Path(home)
    done = 0
    with writing(home):
        while True:
            jobs = _waiting(home)
            if not jobs:
                return done
            for job in jobs:
                _write(home, {**job, "status": "running", "runner": os.getpid()})
            paths = {job["id"]: [home / UPLOADS_DIR / job["id"] / name for name in job["files"]]
                     for job in jobs}
            try:
                with Store(home) as store:
                    result = update_knowledge_base(
                        home, store, [path for job in jobs for path in paths[job["id"]]])
            except Exception as exc:  # noqa: BLE001 - the jobs say why; the runner goes on
                for job in jobs:
                    _write(home, {**job, "status": "failed",
                                  "error": f"{type(exc).__name__}: {_without_paths(str(exc), home)}"})
                done += len(jobs)
                continue
            by_path = {r.path: r for r in result["files"]}
            for job in jobs:
                _write(home, {**job, "status": "done", "finished": time.time(),
                              "results": [_result(by_path.get(str(path)), path.name, home)
                                          for path in paths[job["id"]]],
                              "store": result["store"], "lineage": result["lineage"]})
            done += len(jobs)


def _waiting(home: Path) -> list[dict]:
    """Queued jobs, and running ones whose runner is gone (the lock is ours,
    so no other runner is alive), oldest first."""
    jobs = []
    for path in (home / JOBS_DIR).glob("*.json"):
        job = read_job(home, path.stem)
        if job and job["status"] in ("queued", "running"):
            jobs.append(job)
    return sorted(jobs, key=lambda j: (j["created"], j["id"]))


def _result(found, name: str, home: Path) -> dict:
    if found is None:
        return {"name": name, "status": "error", "message": "未能读取", "documents": []}
    return {"name": name, "status": found.status,
            "message": _without_paths(found.message, home), "documents": list(found.documents)}


def _without_paths(message: str, home: Path) -> str:
    """A message as shown to a client: the server's folders cut away, the
    file named by its name alone."""
    message = re.sub(re.escape(str(home / UPLOADS_DIR)) + r"/[0-9a-f]{16}/", "", message)
    return message.replace(str(home) + "/", "")


def _write(home: Path, job: dict) -> None:
    folder = home / JOBS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{job['id']}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{job['id']}.json")


if __name__ == "__main__":
    os.nice(10)   # ingest yields the cores to the web workers' searches
    run_queue(sys.argv[1])
