"""The calendar benchmark keeps working: a small database, one timed round, its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_the_calendar_benchmark_times_the_export_beside_today(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(BENCH / "make_db.py"), "--applications", "40", "--years", "0.3",
         "--out", str(db), "--now", "2026-11-23T10:00:00+00:00"],
        check=True, capture_output=True,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(BENCH / "calendar_export.py"), "--db", str(db), "--runs", "1"],
        capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr  # 1: the target missed on a busy machine
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| ")]
    assert [r[0].strip() for r in rows[1:]] == [
        "today --json",
        "calendar export --days 7",
        "today --days 3660 --json",
        "calendar export",
    ], done.stdout
    assert " events, " in done.stdout
