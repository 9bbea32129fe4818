"""Benchmark ``calendar export`` against ``today --json`` on the same database (issue 15).

    python bench/calendar.py --applications 10000 [--runs 20]

Builds (or reuses) the database of ``run.py`` (``make_db.py``), then times whole processes,
interleaved so that a busy moment of the machine hurts both alike:

- ``followup --db DB --now NOW today --json`` (the yardstick: the CLI's hot read, the
  actions due within its default seven days);
- ``followup --db DB --now NOW calendar export --days 7`` (the same window's actions and
  interviews as an iCalendar file, to standard output);
- ``followup --db DB --now NOW today --days 3660 --json`` and ``calendar export`` (every
  live action, and every upcoming interview: several times as many rows).

Reports the median and 90th percentile wall time, peak memory, the number of events, and the
ratio of each median to ``today --json``'s. Target (issue 15): the export within 2x
``today --json``; exit 1 when ``calendar export`` misses it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from run import NOW, Sample, peak_rss_kib, run_once

HERE = Path(__file__).resolve().parent
TARGET = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, help="default: bench/out/bench-N.db, built if missing")
    args = parser.parse_args(argv)

    db = args.db or HERE / "out" / f"bench-{args.applications}.db"
    if not db.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_db.py"), "--applications", str(args.applications),
             "--out", str(db), "--now", NOW],
            check=True,
        )  # fmt: skip
    python = sys.executable
    followup = shutil.which("followup", path=str(Path(python).parent)) or "followup"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as on a user's machine
    env["FOLLOWUP_CONFIG"] = str(HERE / "out" / "no-config.toml")  # defaults, as make_db used
    head = [followup, "--db", str(db), "--now", NOW]
    contestants = {
        "today --json": [*head, "today", "--json"],
        "calendar export --days 7": [*head, "calendar", "export", "--days", "7"],
        "today --days 3660 --json": [*head, "today", "--days", "3660", "--json"],
        "calendar export": [*head, "calendar", "export"],
    }
    samples = {name: Sample([]) for name in contestants}
    for argv_ in contestants.values():  # warm the page cache, compile .pyc files, and let
        run_once(argv_, env)  # the first export name the database (one write, once)
    for _ in range(args.runs):
        for name, argv_ in contestants.items():
            samples[name].wall.append(run_once(argv_, env))
    for name, argv_ in contestants.items():
        samples[name].rss_kib = peak_rss_kib(argv_, env)

    exported = subprocess.run(
        contestants["calendar export"], capture_output=True, env=env, check=True
    ).stdout
    week = subprocess.run(
        contestants["calendar export --days 7"], capture_output=True, env=env, check=True
    ).stdout
    with sqlite3.connect(db) as conn:
        apps = conn.execute("SELECT COUNT(*) FROM application").fetchone()[0]
    print(
        f"database: {apps} applications; the export: {exported.count(b'BEGIN:VEVENT')} events, "
        f"{len(exported) / 1024:.0f} KiB ({week.count(b'BEGIN:VEVENT')} within 7 days); "
        f"{args.runs} runs each, interleaved; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print()
    print("| command | median | p90 | peak RSS | median vs today --json | target |")
    print("|---|---|---|---|---|---|")
    peer = samples["today --json"].median()
    failed = False
    for name, sample in samples.items():
        ratio = sample.median() / peer
        verdict = ""
        if name.startswith("calendar export"):
            missed = ratio > TARGET
            failed |= missed and name == "calendar export"
            verdict = f"<= {TARGET:.0f}x {'MISSED' if missed else 'met'}"
        rss = "n/a" if sample.rss_kib is None else f"{sample.rss_kib / 1024:.1f} MiB"
        print(
            f"| {name} | {sample.median() * 1000:.1f} ms | {sample.p90() * 1000:.1f} ms "
            f"| {rss} | {ratio:.2f}x | {verdict} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
