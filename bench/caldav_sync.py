"""Benchmark ``calendar sync`` against a real CalDAV server (issue 15): the first sync of a
database's live plan, then syncs with nothing changed.

    python bench/caldav_sync.py --applications 1000 [--runs 5]

Builds (or reuses) the database of ``run.py`` (``make_db.py``), starts Radicale on
127.0.0.1 (``tests/calendarserver.py``), runs ``calendar setup``, then times whole
processes: the first ``calendar sync`` (every live action and upcoming interview PUT), and
``--runs`` syncs after it with nothing changed (no PUT, no DELETE: the record of what was
pushed answers; one principal look-up and one time-range REPORT for the user's own events).

Reports both medians, the requests the server answered for each, and their ratio. Target
(issue 15): an empty sync under a tenth of the first; exit 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import NOW

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.calendarserver: the same Radicale as the tests

from tests.calendarserver import PASSWORD, USER, radicale  # noqa: E402

TARGET = 0.1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="default: bench/out/bench-N.db, built if missing")
    args = parser.parse_args(argv)

    source = args.db or HERE / "out" / f"bench-{args.applications}.db"
    if not source.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_db.py"), "--applications", str(args.applications),
             "--out", str(source), "--now", NOW],
            check=True,
        )  # fmt: skip
    work = HERE / "out" / f"caldav-{args.applications}.db"
    shutil.copyfile(source, work)  # the sync writes its record: never into the shared one
    python = sys.executable
    followup = shutil.which("followup", path=str(Path(python).parent)) or "followup"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["FOLLOWUP_CONFIG"] = str(HERE / "out" / "no-config.toml")
    env["FOLLOWUP_CALDAV_PASSWORD"] = PASSWORD
    head = [followup, "--db", str(work), "--now", NOW]
    with radicale() as server:
        subprocess.run(
            [*head, "calendar", "setup", "--url", server.url, "--user", USER],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        before = server.requests()
        first, out = _timed([*head, "calendar", "sync"], env)
        first_requests = server.requests() - before
        empties: list[float] = []
        before = server.requests()
        for _ in range(args.runs):
            wall, again = _timed([*head, "calendar", "sync"], env)
            empties.append(wall)
        empty_requests = server.requests() - before
    print(f"database: {args.applications} applications; first sync: {out.strip()}")
    print(
        f"an empty sync: {again.strip()}; Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print()
    print("| sync | wall (median) | requests to the server |")
    print("|---|---|---|")
    median = statistics.median(empties)
    print(f"| first | {first:.2f} s | {_requests(first_requests, 1)} |")
    print(f"| nothing changed | {median:.2f} s | {_requests(empty_requests, args.runs)} |")
    ratio = median / first
    verdict = "met" if ratio < TARGET else "MISSED"
    print()
    print(f"empty / first: {ratio:.3f} (target < {TARGET}: {verdict})")
    return 0 if ratio < TARGET else 1


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[-2:])} failed: {done.stderr}")
    return wall, done.stdout


def _requests(counts: object, runs: int) -> str:
    from collections import Counter

    assert isinstance(counts, Counter)
    per = {method: n / runs for method, n in sorted(counts.items())}
    return ", ".join(f"{method} {n:g}" for method, n in per.items()) or "none"


if __name__ == "__main__":
    sys.exit(main())
