"""Issue 12's reproductions, each refused cleanly now: run as real processes, a read of
/dev/zero under a 1 GiB memory limit and everything under a timeout, so a regression costs
a second rather than the machine's memory."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.fuzz.reproductions import REPRODUCTIONS, Known
from tests.fuzz.workspace import Workspace, make_files


def make(special: str, folder: Path) -> Path:
    """The file a reproduction reads: see ``Known.special``."""
    if special == "far-decision.toml":
        path = folder / special
        path.write_text('rapport = "good"\ndecision_date = 9999-12-31\n')
        return path
    files = folder / "files"
    files.mkdir(exist_ok=True)
    if not (files / "fifo").exists():
        make_files(files)
    return files / {"nested": "nested.toml", "fifo": "fifo", "foreign-db": "foreign.db"}[special]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


def followup(argv: list[str], env: dict[str, str | None]) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items() if k not in env}
    clean.update({k: v for k, v in env.items() if v is not None})
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "followup", *argv],
            capture_output=True, text=True, env=clean, timeout=5, check=False,
            stdin=subprocess.DEVNULL, preexec_fn=_limited,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return -1, "(still running after 5 s)"
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    "known",
    [
        pytest.param(k, id=k.name)
        for k in REPRODUCTIONS
    ],
)  # fmt: skip
def test_issue_reproduction_is_refused(known: Known, seed: Path, tmp_path: Path) -> None:
    space = Workspace(tmp_path, seed, tmp_path)
    db = space.db
    if known.special == "foreign-db":
        db = tmp_path / "other.db"
        shutil.copyfile(make("foreign-db", tmp_path), db)
    if known.expect == "private":
        db = tmp_path / "new" / "followup.db"
    file = make(known.special, tmp_path) if known.special not in (None, "foreign-db") else None
    argv = [a.replace("{file}", str(file)) for a in known.argv]
    globals_ = ["--db", str(db), *(["--now", known.now] if known.now else [])]
    before = db.read_bytes() if db.exists() else b""
    code, err = followup([*globals_, *argv], space.env())

    if known.expect == "private":
        assert code == 0, err
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        return
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: "), err
    assert "Traceback" not in err
    assert db.read_bytes() == before, "the database changed on a refusal"
    if known.special == "foreign-db":
        with closing(sqlite3.connect(db)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert tables == {"notes"}
    if known.expect == "hint":
        assert "before" in err or "global" in err, err
