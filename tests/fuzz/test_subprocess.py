"""The in-process runs answer as a real ``followup`` process does, on a few hostile lines.

The fuzz drives ``main.run`` inside click's runner for speed; these lines run both ways
and must give the same exit status and the same stderr, byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.reproductions import NOW
from tests.fuzz.strategies import FILE
from tests.fuzz.workspace import Workspace, check, run

LINES = (
    ("app", "add", "Acme", "\udcff"),  # a byte that is not UTF-8 (fixed: was exit 1)
    ("app", "show", str(2**63)),
    ("interview", "add", "1", "--at", "2026-13-01"),
    ("log", "1", "thanked\x1b[31m"),
    ("snooze", "2.follow-up.e3.1", "--until", "1969-12-31 23:59"),
    ("check", FILE + "folder"),
    ("debrief", "1", "--from", FILE + "junk.bin"),
    ("serve", "--port", "65536"),
    ("send", "1"),
    ("today", "--days", "-1"),
    ("plan", "1", "--json"),  # the fast path
    ("contact", "add", "1", "x" * 100_000, "--cadence", "1e3"),
)


@pytest.mark.parametrize("line", LINES, ids=lambda line: " ".join(line)[:40])
def test_a_process_answers_as_the_in_process_run(
    line: tuple[str, ...], seed: Path, files: Path, tmp_path: Path
) -> None:
    argv = ["--db", FILE + "followup.db", "--now", NOW, *line]
    inside = Workspace(tmp_path / "in", seed, files)
    before = inside.fingerprint()
    done = run(inside.resolve(argv), inside.env())
    check(done, before, inside.fingerprint())

    outside = Workspace(tmp_path / "out", seed, files)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update({k: v for k, v in outside.env().items() if v is not None})
    proc = subprocess.run(
        [sys.executable, "-m", "followup", *outside.resolve(argv)],
        capture_output=True, env=env, timeout=60, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    err = proc.stderr.decode("utf-8", "backslashreplace")
    assert (proc.returncode, err.replace(str(outside.folder), "")) == (
        done.code,
        done.err.replace(str(inside.folder), ""),
    )
    if done.code == 2:
        assert outside.fingerprint() == before
