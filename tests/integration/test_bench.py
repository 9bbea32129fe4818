"""The benchmark scripts keep working: a small database, one timed round, a sane table."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from followup.adapters import config_file
from followup.domain import revision

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_make_db_builds_a_cached_database_and_run_times_it(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "make_db.py"),
            "--applications",
            "40",
            "--years",
            "0.3",
            "--out",
            str(db),
        ],
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(db) as conn:
        apps, interviews, events, actions = (
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("application", "interview", "event", "plan_action")
        )
        basis = conn.execute("SELECT value FROM meta WHERE key = 'plan_basis'").fetchone()
    assert apps == 40
    assert 40 <= interviews <= 200  # one to five rounds each
    assert events > 10 * apps
    assert actions > 0
    # Built under the basis a CLI without a config file expects: its first read plans nothing.
    assert basis == (revision.plan_basis(config_file.fingerprint(None)),)
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--db", str(db), "--runs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr  # 1: a target missed on a busy machine
    table = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in table[1:]] == [
        "python -c 'import sqlite3'",
        "today",
        "plan",
    ]


def test_the_review_benchmark_runs_and_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "review.py"), "--runs", "1", "--warm", "2"],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    names = [row.split("|")[1].strip() for row in rows[1:]]
    assert names == [
        "warm (in-process)",
        "cold, worker running",
        "cold, first: starts it",
        "cold, worker off",
    ]
    assert all("x |" in row for row in rows[1:])
