"""Running the real ``followup`` as a subprocess, on a database in a temporary folder."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

NOW = "2026-11-23T10:00"  # a Monday morning, on the profile's clock (Europe/London)
TABLES = ("profile", "application", "contact", "interview", "event", "plan_action")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


@dataclass
class Followup:
    """``followup --db DB --config CONFIG --now NOW ...`` in a child process."""

    db: Path
    config: Path
    home: Path
    now: str = NOW

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "XDG_"))}
        # The suite's review worker folder (tests/conftest.py), so no worker outlives the run.
        env["FOLLOWUP_RUNTIME_DIR"] = os.environ["FOLLOWUP_RUNTIME_DIR"]
        # Keep the user's real folders out of reach, whatever a test forgets to pass.
        env.update(HOME=str(self.home), XDG_DATA_HOME=str(self.home / "data"))
        env.update(XDG_CONFIG_HOME=str(self.home / "config"))
        env.update(extra)
        return env

    def __call__(self, *args: str, now: str | None = None, stdin: str | None = None) -> Result:
        argv = ["--db", str(self.db), "--config", str(self.config), "--now", now or self.now]
        return self.raw(*argv, *args, stdin=stdin)

    def raw(self, *args: str, stdin: str | None = None, **env: str) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "followup", *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.env(**env),
            timeout=60,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, now: str | None = None) -> str:
        result = self(*args, now=now)
        assert result.code == 0, result.err
        assert result.err == ""
        return result.out

    def json(self, *args: str, now: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", now=now))

    # --- what is on disk -----------------------------------------------------------------
    def fingerprint(self) -> tuple[str, ...]:
        """The bytes of the database and of any journal beside it."""
        parts = []
        for suffix in ("", "-wal", "-journal"):
            path = Path(f"{self.db}{suffix}")
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"
            parts.append(f"{suffix or 'db'}:{digest}")
        return tuple(parts)

    def counts(self) -> dict[str, int]:
        """Row counts, read by this process; the connection is closed so no -wal stays."""
        with closing(sqlite3.connect(self.db)) as conn:
            return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def followup(tmp_path: Path) -> Followup:
    home = tmp_path / "home"
    home.mkdir()
    return Followup(db=tmp_path / "followup.db", config=tmp_path / "config.toml", home=home)


def make_profile(followup: Followup) -> None:
    followup.ok(
        "me", "--name", "Alex Morgan", "--email", "alex@example.org",
        "--timezone", "Europe/London", "--country", "GB",
    )  # fmt: skip


@pytest.fixture
def interviewed(followup: Followup) -> Followup:
    """A profile and application 1 (Acme), with Jane (contact 1) who interviewed this morning."""
    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    followup.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    followup.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    return followup
