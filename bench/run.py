"""Benchmark the CLI's hot paths against the bare interpreter, in the same run.

    python bench/run.py --applications 10000 [--runs 30]

Builds (or reuses) a database with ``make_db.py``, then times whole processes, interleaved
so that a busy moment of the machine hurts every contestant alike:

- the peer: ``python -c "import sqlite3"`` (the interpreter the CLI runs on);
- ``followup --db DB --now NOW today --json``;
- ``followup --db DB --now NOW plan APP --json`` for a busy application.

It reports the median and 90th percentile wall time and the peak memory (max RSS, measured
in a separate run under GNU time) of each,
and the ratios of the medians to the peer's. Targets (issue 2): today within 4x, plan within
3x. Numbers go in docs/performance.md; this script prints the table to paste.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOW = "2026-11-23T10:00:00+00:00"
TARGETS = {"today": 4.0, "plan": 3.0}


@dataclass
class Sample:
    wall: list[float]
    rss_kib: int | None = None

    def median(self) -> float:
        return statistics.median(self.wall)

    def p90(self) -> float:
        ordered = sorted(self.wall)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, from spawn to exit."""
    started = time.perf_counter()
    proc = subprocess.run(
        argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return wall


def peak_rss_kib(argv: list[str], env: dict[str, str]) -> int | None:
    """Peak resident memory of one run, from GNU time when it is installed.

    Measured apart from the timed runs: a child forked from this (Python) process reports
    the parent's resident size as its own peak, so wait4's figure would flatter nobody.
    """
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time is None:
        return None
    proc = subprocess.run(
        [gnu_time, "-f", "%M", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        check=True,
    )
    return int(proc.stderr.strip().splitlines()[-1])


def busiest_open_application(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            """SELECT a.application_id FROM plan_action a
               JOIN event e ON e.application_id = a.application_id
               GROUP BY a.application_id ORDER BY COUNT(*) DESC, a.application_id LIMIT 1"""
        ).fetchone()
    return int(row[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, help="default: bench/out/bench-N.db, built if missing")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    db = args.db or HERE / "out" / f"bench-{args.applications}.db"
    if args.rebuild or not db.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_db.py"), "--applications", str(args.applications),
             "--out", str(db), "--now", NOW],
            check=True,
        )  # fmt: skip

    python = sys.executable
    followup = shutil.which("followup", path=str(Path(python).parent)) or "followup"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    # Every contestant gets its compiled bytecode cached, as on a user's machine; with this
    # set (some CI images set it), each run would recompile followup from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["FOLLOWUP_CONFIG"] = str(HERE / "out" / "no-config.toml")  # defaults, as make_db used
    app_id = busiest_open_application(db)
    contestants = {
        "python -c 'import sqlite3'": [python, "-c", "import sqlite3"],
        "today": [followup, "--db", str(db), "--now", NOW, "today", "--json"],
        "plan": [followup, "--db", str(db), "--now", NOW, "plan", str(app_id), "--json"],
    }
    samples = {name: Sample([]) for name in contestants}
    for argv_ in contestants.values():  # warm the page cache, compile .pyc files
        run_once(argv_, env)
    for _ in range(args.runs):
        for name, argv_ in contestants.items():
            samples[name].wall.append(run_once(argv_, env))
    for name, argv_ in contestants.items():
        samples[name].rss_kib = peak_rss_kib(argv_, env)

    peer = samples["python -c 'import sqlite3'"]
    with sqlite3.connect(db) as conn:
        counts = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("application", "interview", "event", "plan_action")
        }
    print(
        f"database: {counts['application']} applications, {counts['interview']} interviews, "
        f"{counts['event']} events, {counts['plan_action']} cached actions; "
        f"plan of application {app_id}; {args.runs} runs each, interleaved; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print()
    print("| command | median | p90 | peak RSS | median vs peer | target |")
    print("|---|---|---|---|---|---|")
    failed = False
    for name, sample in samples.items():
        ratio = sample.median() / peer.median()
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = ratio <= target
            failed |= not ok
            verdict = f"<= {target:.0f}x {'met' if ok else 'MISSED'}"
        rss = "n/a" if sample.rss_kib is None else f"{sample.rss_kib / 1024:.1f} MiB"
        print(
            f"| {name} | {sample.median() * 1000:.1f} ms | {sample.p90() * 1000:.1f} ms "
            f"| {rss} | {ratio:.2f}x | {verdict} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
