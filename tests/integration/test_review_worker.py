"""The review worker (adapters/review/worker.py): a real background process over a real Unix
socket, giving the same findings as the engines in this process, and never in the way."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.adapters.review import worker as review_worker
from followup.domain.review import Category, Dialect, Finding

CORPUS = Path(__file__).resolve().parents[1] / "data" / "review_corpus"
LETTER = (
    "Dear Priya,\n\nThank you for the interveiw today. I need an answer ASAP!!!\n\n"
    "Best regards,\nAlex Morgan\nalex@example.org\n"
)
KNOWN = frozenset({"Priya", "Northwind Labs"})


@pytest.fixture
def folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder of this test's own; its worker is stopped afterwards."""
    path = Path(tempfile.mkdtemp(prefix="fu-w-"))
    monkeypatch.setenv("FOLLOWUP_RUNTIME_DIR", str(path))
    monkeypatch.setenv("FOLLOWUP_REVIEW_WORKER", "1")
    yield path
    for sock in path.glob("review-*.sock"):
        review_worker.stop(sock)
    shutil.rmtree(path, ignore_errors=True)


def local(
    text: str, kind: str | None = "thank_you", dialect: Dialect = Dialect.AMERICAN
) -> list[Finding]:
    found: list[Finding] = []
    for engine in review_worker.local_engines():
        found.extend(engine.review(text, kind=kind, known_words=KNOWN, dialect=dialect))
    return found


def test_the_worker_answers_as_the_engines_here_do(folder: Path) -> None:
    reviewer = review_worker.WorkerReviewer(review_worker.local_engines)
    letters = [LETTER] + [p.read_text() for p in sorted(CORPUS.glob("*.txt"))[:12]]
    for text in letters:
        assert reviewer.review(text, kind="thank_you", known_words=KNOWN) == local(text)
    assert reviewer._local is None  # every answer came from the worker


def test_the_dialect_travels_to_the_worker(folder: Path) -> None:
    """One worker, a Linter per dialect: British spelling is right in a British review and
    wrong in an American one, exactly as the engines here say."""
    text = "Dear Priya,\n\nI organised the research programme.\n\nBest regards,\nAlex Morgan\n"
    reviewer = review_worker.WorkerReviewer(review_worker.local_engines)
    british = reviewer.review(text, kind=None, known_words=KNOWN, dialect=Dialect.BRITISH)
    american = reviewer.review(text, kind=None, known_words=KNOWN, dialect=Dialect.AMERICAN)
    assert reviewer._local is None  # both answered by the worker
    assert british == local(text, None, Dialect.BRITISH)
    assert american == local(text, None, Dialect.AMERICAN)

    def misspelt(found: list[Finding]) -> set[str]:
        return {text[f.start : f.end] for f in found if f.category is Category.SPELLING}

    assert misspelt(british) == set()
    assert {"organised", "programme"} <= misspelt(american)
    # A request without a dialect (an older client) is reviewed in American English.
    older = review_worker.ask(
        {"op": "review", "text": text, "kind": None, "known_words": []}, start=False
    )
    assert older is not None
    assert {text[f["start"] : f["end"]] for f in older["findings"]} >= {"programme"}


def test_one_worker_serves_later_processes_and_stops_when_asked(folder: Path) -> None:
    first = review_worker.ask({"op": "ping"}, start=True)
    assert first is not None
    assert first["ok"]
    sock = review_worker.socket_path()
    assert sock is not None
    assert sock.parent == folder
    # Only the user may enter the folder or use the socket.
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(sock.stat().st_mode) & 0o077 == 0
    again = subprocess.run(
        [sys.executable, "-c", "from followup.adapters.review import worker as w;"
         "print(w.ask({'op': 'ping'}, start=False)['pid'])"],
        capture_output=True, text=True, env=os.environ, check=True,
    )  # fmt: skip
    assert int(again.stdout) == first["pid"]
    assert review_worker.stop()
    _wait_gone(first["pid"])
    assert not sock.exists()
    assert review_worker.ask({"op": "ping"}, start=False) is None


def test_an_idle_worker_exits_by_itself(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_REVIEW_IDLE", "1")
    answer = review_worker.ask({"op": "ping"}, start=True)
    assert answer is not None
    _wait_gone(answer["pid"], within=20)
    sock = review_worker.socket_path()
    assert sock is not None
    assert not sock.exists()


def test_a_stale_socket_file_is_replaced(folder: Path) -> None:
    sock = review_worker.socket_path()
    assert sock is not None
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(sock))  # bound, never listening: what a killed worker leaves behind
    dead.close()
    answer = review_worker.ask({"op": "ping"}, start=True)
    assert answer is not None
    assert answer["ok"]


def test_a_folder_others_can_enter_is_not_used(folder: Path) -> None:
    folder.chmod(0o755)
    try:
        assert review_worker.runtime_dir() is None
        reviewer = review_worker.WorkerReviewer(review_worker.local_engines)
        assert reviewer.review(LETTER, kind="thank_you", known_words=KNOWN) == local(LETTER)
        assert reviewer._local is not None  # reviewed here, no worker started
        assert not list(folder.glob("review-*.sock"))
    finally:
        folder.chmod(0o700)


def test_a_garbled_worker_is_worked_around(folder: Path) -> None:
    """Something answering nonsense on the socket: the review is done here instead."""
    sock = review_worker.socket_path()
    assert sock is not None
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(sock))
    server.listen(4)

    def nonsense() -> None:
        for _ in range(2):
            connection, _ = server.accept()
            with connection:
                connection.recv(1 << 20)
                connection.sendall(b'{"findings": [{"category": "nope"}]}\n')

    thread = threading.Thread(target=nonsense, daemon=True)
    thread.start()
    try:
        reviewer = review_worker.WorkerReviewer(review_worker.local_engines)
        assert reviewer.review(LETTER, kind="thank_you", known_words=KNOWN) == local(LETTER)
    finally:
        server.close()
        sock.unlink()


def test_the_worker_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from followup import bootstrap

    monkeypatch.setenv("FOLLOWUP_REVIEW_WORKER", "0")
    engines = bootstrap.Adapters(bootstrap.Settings(db=str(folder / "db"), config=None)).reviewers()
    assert not any(isinstance(e, review_worker.WorkerReviewer) for e in engines)
    assert len(engines) == 3


def test_check_through_the_worker_prints_what_it_prints_without(folder: Path) -> None:
    path = folder / "letter.txt"
    path.write_text(LETTER)
    argv = [sys.executable, "-m", "followup", "check", str(path), "--kind", "thank-you"]

    def run(worker: str) -> tuple[int, object]:
        env = {**os.environ, "FOLLOWUP_REVIEW_WORKER": worker}
        done = subprocess.run(
            [*argv, "--json"], capture_output=True, text=True, env=env, check=False
        )
        return done.returncode, json.loads(done.stdout)

    without = run("0")
    assert not list(folder.glob("review-*.sock"))
    assert run("1") == without  # starts the worker
    assert run("1") == without  # asks it
    assert without[0] == 3


def _wait_gone(pid: int, within: float = 10) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:  # started from this process, the worker is our child: reap it once it exits
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:  # started by another process
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.05)
    raise AssertionError(f"worker {pid} still running")


PROBE = """
import sys
from followup.cli.main import run
code = run(sys.argv[1:])
engines = ("harper", "proselint", "pyphen")
print("LOADED", code, *sorted(m for m in engines if m in sys.modules), file=sys.stderr)
"""


def test_a_check_answered_by_the_worker_loads_no_engine(folder: Path) -> None:
    """The point of the worker: the short process never pays for the engines' start-up."""
    path = folder / "letter.txt"
    path.write_text(LETTER)
    assert review_worker.ask({"op": "ping"}, start=True) is not None
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "check", str(path), "--json"],
        capture_output=True, text=True, env=os.environ, check=False,
    )  # fmt: skip
    report = next(line for line in proc.stderr.splitlines() if line.startswith("LOADED"))
    assert report.split()[1:] == ["3"], proc.stderr
