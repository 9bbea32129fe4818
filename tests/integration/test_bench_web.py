"""The web benchmark keeps working: a small database, a short load of each page under wrk
(``make test`` installs it, as ``make bench-web`` does), and the table it prints."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_the_web_benchmark_loads_both_pages_and_prints_its_table(tmp_path: Path) -> None:
    assert shutil.which("wrk"), "wrk is missing: `make test` installs it (apt-get install wrk)"
    db = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(BENCH / "make_db.py"), "--applications", "40", "--years", "0.3",
         "--out", str(db), "--now", "2026-11-23T10:00:00+00:00"],
        check=True, capture_output=True,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(BENCH / "web.py"), "--db", str(db), "--seconds", "1",
         "--connections", "2", "--warmup", "0"],
        capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
    # 1 is also a target missed on a busy machine: the table must be there either way.
    assert done.returncode in (0, 1), done.stderr
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| ")]
    assert [(r[0].strip(), r[1].strip()) for r in rows[1:]] == [
        ("today", "bare Starlette, same SQL"),
        ("today", "followup serve"),
        ("application", "bare Starlette, same SQL"),
        ("application", "followup serve"),
        ("any application", "bare Starlette, same SQL"),
        ("any application", "followup serve"),
    ], done.stdout
    figures = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert set(figures) == {
        f"{page} {who}"
        for page in ("today", "application", "any application")
        for who in ("bare", "app")
    }
    for name, measured in figures.items():
        assert measured["rps"] > 0, name
        assert 0 < measured["p50_ms"] <= measured["p95_ms"], name
    ratio = float(rows[4][5])  # the application page's app / bare
    assert (
        abs(ratio - figures["application app"]["rps"] / figures["application bare"]["rps"]) < 0.01
    )
