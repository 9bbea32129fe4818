"""One fuzz run: a copy of the seeded database, the hostile files, the CLI run in-process.

``run`` goes through ``followup.cli.main.run`` (the real entry point, with its error
mapping and the ``today``/``plan`` fast path) inside click's ``CliRunner.isolation``, which
swaps stdin, stdout and stderr for byte buffers and the environment for the run's own.
That is about a hundred times cheaper than a process, and ``test_subprocess.py`` checks
that a real ``followup`` process answers the same lines the same way.

``check`` holds the contract every run must keep (docs/fuzzing.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from followup.cli import main
from tests.fuzz.strategies import FILE

# ``check FILE`` exits 3 when the letter it reviewed has an error-severity finding.
CHECK_FINDINGS = 3


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        shown = [a if len(a) < 80 else f"{a[:40]!r}...({len(a)} chars)" for a in self.argv]
        return f"followup {shown!r}\nexit {self.code}\nstderr: {self.err[:2000]!r}"


def make_files(folder: Path) -> None:
    """The files a path option may be given, by their placeholder names."""
    (folder / "empty").write_bytes(b"")
    (folder / "folder").mkdir()
    (folder / "letter.txt").write_text(
        "Dear Jane,\n\nThank you for your time today.\n\nBest regards,\nAlex Morgan\n"
    )
    (folder / "debrief.toml").write_text(
        'rapport = "good"\ndecision_date = 2026-12-04\nstrengths = ["streaming design"]\n'
    )
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "bad.toml").write_text("rapport = \n[[[")
    (folder / "unknown-table.toml").write_text("[surprise]\nx = 1\n")
    (folder / "bad-policy.toml").write_text("[policy]\nthank_you_hours = -5\nnope = 'x'\n")
    (folder / "list.toml").write_text("policy = [1, 2, 3]\n")
    (folder / "nested.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    os.mkfifo(folder / "fifo")
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(folder / "foreign.db")) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        other.commit()


class Workspace:
    """A folder with the run's database (a copy of the seed) and the hostile files."""

    def __init__(self, folder: Path, seed: Path, files: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.files = files
        self.db = folder / "followup.db"
        shutil.copyfile(seed, self.db)

    def resolve(self, argv: Sequence[str]) -> list[str]:
        """Placeholders to paths: the database is the run's own, other files are shared."""
        return [self._path(arg) if arg.startswith(FILE) else arg for arg in argv]

    def _path(self, placeholder: str) -> str:
        name = placeholder.removeprefix(FILE)
        if name == "followup.db":
            return str(self.db)
        if name == "long-path":
            return str(self.files / ("x" * 300) / "y")
        return str(self.files / name)

    def fingerprint(self) -> tuple[str, ...]:
        """The bytes of the database and of any journal beside it."""
        parts = []
        for suffix in ("", "-wal", "-journal"):
            path = Path(f"{self.db}{suffix}")
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"
            parts.append(digest)
        return tuple(parts)

    def env(self) -> dict[str, str | None]:
        """What the run sees: no FOLLOWUP_* of the caller, no editor, folders of its own."""
        env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("FOLLOWUP_")}
        env.update(
            FOLLOWUP_RUNTIME_DIR=os.environ["FOLLOWUP_RUNTIME_DIR"],  # the suite's workers
            HOME=str(self.folder),
            XDG_DATA_HOME=str(self.folder / "data"),
            XDG_CONFIG_HOME=str(self.folder / "config"),
            EDITOR="true",  # ``draft --edit``: the editor leaves the draft as it is
            VISUAL="true",
        )
        return env


def run(argv: Sequence[str], env: dict[str, str | None], stdin: bytes = b"") -> Run:
    """``followup ARGV`` in this process, as the entry point runs it."""
    with no_network(), CliRunner().isolation(input=stdin, env=env) as (out, err, _):
        try:
            code = main.run(list(argv))
        finally:
            sys.stdout.flush()  # the runner's streams buffer; the bytes are read below
            sys.stderr.flush()
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return Run(tuple(argv), code, decode(out.getvalue()), decode(err.getvalue()))


def check(done: Run, before: tuple[str, ...], after: tuple[str, ...]) -> None:
    """The contract: 0 or 2 (3 for ``check``), one ``error:`` line, nothing written on 2.

    Exit 1 means something outside failed; the fuzz runs have no mail account and no
    network, so nothing outside can fail and an exit 1 is a crash ("unexpected ... this is
    a bug") or a refusal filed under the wrong status. Either is a finding. One exception:
    ``--db`` naming a folder, a device or a pipe is the machine's state, not a typed value
    (the web's 502 when the database is swapped for a folder under it), so it is exit 1
    with its one line.
    """
    allowed = {0, 2, CHECK_FINDINGS} if "check" in done.argv else {0, 2}
    if done.code == 1 and "it is not a file (a folder, a device or a pipe)" in done.err:
        allowed.add(1)
    assert done.code in allowed, str(done)
    assert "Traceback" not in done.err, str(done)
    assert "Traceback" not in done.out, str(done)
    if done.code == 2:
        lines = done.err.splitlines()
        assert len(lines) == 1, str(done)
        assert done.err.endswith("\n"), str(done)
        assert lines[0].startswith("error: "), str(done)
        assert before == after, f"the database changed on a refusal\n{done}"


class NetworkAttempt(AssertionError):
    """Raised inside a run that tried to reach another machine."""


@contextmanager
def no_network() -> Iterator[None]:
    """Fail any attempt at an internet socket (unix sockets, for the review worker, pass)."""
    original_connect = socket.socket.connect
    original_lookup = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAttempt(f"fuzz: a run tried to connect to {address!r}")
        original_connect(self, address)  # type: ignore[arg-type]

    def lookup(*args: object, **kwargs: object) -> object:
        raise NetworkAttempt(f"fuzz: a run tried to look up {args[0]!r}")

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = lookup  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.getaddrinfo = original_lookup
