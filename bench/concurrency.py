"""Search latency while documents are written (issue 11): ``policykb serve``
on the samples, four clients searching; first alone (the reference, same
run), then while two clients upload 20 lawrefbook files each and a CLI
ingest adds 20 more. Prints p50/p99 of both and how the uploads were
answered. The helpers are the concurrency test's (tests/test_concurrency.py).

    python bench/concurrency.py [--files 60]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import Store
from indexer.update import update_knowledge_base
from tests.conftest import serving
from tests.test_concurrency import QUERIES, TOKEN, finished, pick, request, run_writes_and_searches


def searches_alone(url: str, seconds: float) -> list[float]:
    out: list[float] = []
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            query = urllib.parse.quote(QUERIES[i % len(QUERIES)])
            out.append(request(f"{url}/api/search?q={query}")[2])
            i += 1
    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def line(label: str, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    return (f"{label:<28} {len(ordered):>6} searches  p50 {ordered[len(ordered) // 2]:.3f} s"
            f"  p99 {ordered[int(len(ordered) * 0.99)]:.3f} s  max {ordered[-1]:.3f} s")


def main(count: int) -> None:
    files = pick(count)
    third = len(files) // 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        home, cli_folder = tmp / "home", tmp / "cli"
        home.mkdir()
        cli_folder.mkdir()
        for path in files[2 * third:]:
            shutil.copy(path, cli_folder / path.name)
        with Store(home) as store:
            update_knowledge_base(home, store, [])
        env = {"POLICYKB_ADMIN_TOKEN": TOKEN, "POLICYKB_UPLOAD_WAIT": "2"}
        with serving(home, env) as url:
            alone = searches_alone(url, 20)
            start = time.perf_counter()
            uploads, searches, cli = run_writes_and_searches(
                url, home, [files[:third], files[third:2 * third]], cli_folder)
            jobs = finished(url, uploads)
            seconds = time.perf_counter() - start
        print(line("reference: searches alone", alone))
        print(line("during the writes", [s for _, _, s in searches]))
        statuses = [s for _, s, _, _ in uploads] + [s for s, _, _ in searches]
        print(f"{len(uploads)} uploads ({sum(s == 202 for _, s, _, _ in uploads)} answered 202, "
              f"{sum(j.get('status') == 'done' for j in jobs)} jobs done), CLI exit "
              f"{cli.returncode}, non-2xx answers: {sum(not 200 <= s < 300 for s in statuses)}; "
              f"writes took {seconds:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=60)
    main(parser.parse_args().files)
