"""A review worker: the proofreading engines kept warm in one background process.

Why: building Harper's curated dictionary costs 0.6-0.8 s, proselint compiles its checks
and Pyphen loads its dictionary, in every process that reviews. ``followup check`` and
``followup draft`` are short processes, so each would pay about a second before reading a
word. Like ``dmypy`` or ``eslint_d``, the first review starts a worker that builds the engines
once and then answers over a Unix socket; later reviews cost a connection and the review
itself. The worker exits after some idle minutes, so nothing lingers.

Safety and correctness:
- The socket lives in a folder only the user can enter (``runtime_dir``: ``0700`` and owned
  by the user, else the worker is not used), so no other local user can talk to it.
- The socket's name carries a key of the package version and the engine modules' files, so
  an upgraded or edited followup never talks to a worker running older code.
- Anything wrong with the worker (cannot start, slow, crashed, garbled answer) falls back to
  the engines in this process: the review is the same, only slower. A worker is a speed-up,
  never a dependency.

Protocol: one JSON line in (``{"op": "review", "text", "kind", "known_words", "dialect"}``
or ``{"op": "ping"}`` / ``{"op": "stop"}``), one JSON line out (``{"findings": [...]}``,
``{"ok": true, "pid": N}``, or ``{"error": "..."}``). ``dialect`` is a ``Dialect`` value
(``"british"`` ...; ``"american"`` when absent): the worker keeps one Harper Linter per dialect,
each built on the first review that asks for it, and builds the one the client that started it
asked for before it answers anyone (``python -m followup.adapters.review.worker SOCKET
[DIALECT]``).

Settings (environment): ``FOLLOWUP_REVIEW_WORKER=0`` reviews in-process only;
``FOLLOWUP_REVIEW_IDLE`` the idle seconds before the worker exits (600);
``FOLLOWUP_RUNTIME_DIR`` the folder for the socket (tests use it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from followup import __version__
from followup.domain.review import Category, Dialect, Finding, Severity

DEFAULT_IDLE_SECONDS = 600.0
START_TIMEOUT = 15.0  # seconds to wait for a new worker's socket to appear
REPLY_TIMEOUT = 60.0  # a new worker answers its first request once the engines are built
_ENGINE_FILES = (
    "worker.py", "harper.py", "style.py", "readability.py",
)  # fmt: skip
_MAX_LINE = 64 * 1024 * 1024  # a request or reply bigger than this is refused

Engines = Callable[[], Sequence[Any]]  # builds the in-process reviewers


def enabled() -> bool:
    return os.environ.get("FOLLOWUP_REVIEW_WORKER", "1").strip().lower() not in {
        "0", "no", "off", "false",
    }  # fmt: skip


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("FOLLOWUP_REVIEW_IDLE", DEFAULT_IDLE_SECONDS)))
    except ValueError:
        return DEFAULT_IDLE_SECONDS


def runtime_dir() -> Path | None:
    """The private folder for the socket, made ``0700`` if missing; None when it exists but
    is not private to this user (then no worker is used: another user could answer)."""
    explicit = os.environ.get("FOLLOWUP_RUNTIME_DIR")
    if explicit:
        folder = Path(explicit)
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "followup"
    else:
        folder = Path(tempfile.gettempdir()) / f"followup-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def worker_key() -> str:
    """Changes whenever the code the worker would run changes (version, engine files)."""
    here = Path(__file__).resolve().parent
    parts = [__version__, sys.version]
    for name in _ENGINE_FILES:
        try:
            info = (here / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def socket_path() -> Path | None:
    folder = runtime_dir()
    return None if folder is None else folder / f"review-{worker_key()}.sock"


# --- the client ---------------------------------------------------------------------------


class WorkerReviewer:
    """The ``Reviewer`` that asks the warm worker, starting it when none answers.

    ``engines`` builds the in-process reviewers: used when the worker is off or fails.
    """

    def __init__(self, engines: Engines) -> None:
        self._engines = engines
        self._local: Sequence[Any] | None = None

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]:
        request = {
            "op": "review",
            "text": text,
            "kind": kind,
            "known_words": sorted(known_words),
            "dialect": dialect.value,
        }
        reply = ask(request, start=True)
        if reply is not None and isinstance(reply.get("findings"), list):
            try:
                return [_finding(item) for item in reply["findings"]]
            except (KeyError, TypeError, ValueError):
                pass  # a garbled answer: review here instead
        if self._local is None:
            self._local = self._engines()
        found: list[Finding] = []
        for engine in self._local:
            found.extend(engine.review(text, kind=kind, known_words=known_words, dialect=dialect))
        return found


def ask(request: dict[str, Any], *, start: bool) -> dict[str, Any] | None:
    """Send one request to the worker (starting one if ``start`` and none answers); its
    reply, or None when there is no worker to ask."""
    path = socket_path()
    if path is None:
        return None
    connection = _connect(path)
    if connection is None and start:
        connection = _start(path, str(request.get("dialect") or Dialect.AMERICAN.value))
    if connection is None:
        return None
    with connection:
        try:
            connection.settimeout(REPLY_TIMEOUT)
            connection.sendall(json.dumps(request).encode() + b"\n")
            reply = _read_line(connection)
        except OSError:
            return None
    if reply is None:
        return None
    try:
        answer = json.loads(reply)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def stop(path: Path | None = None) -> bool:
    """Ask the worker at ``path`` (default: this code's) to exit; True if one answered."""
    path = path or socket_path()
    if path is None:
        return False
    connection = _connect(path)
    if connection is None:
        return False
    with connection:
        try:
            connection.sendall(b'{"op": "stop"}\n')
            return _read_line(connection) is not None
        except OSError:
            return False


def _connect(path: Path) -> socket.socket | None:
    if not path.exists():
        return None
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(1.0)
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        return None
    return client


def _start(path: Path, dialect: str) -> socket.socket | None:
    """Start a worker detached from this process (its own session, no inherited streams),
    building ``dialect``'s Linter first, and wait for its socket; None if it does not come
    up in time."""
    try:
        subprocess.Popen(
            [sys.executable, "-m", "followup.adapters.review.worker", str(path), dialect],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        connection = _connect(path)
        if connection is not None:
            return connection
        time.sleep(0.01)
    return None


def _read_line(connection: socket.socket) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        newline = chunk.find(b"\n")
        if newline >= 0:
            chunks.append(chunk[:newline])
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_LINE:
            return None


def _finding(item: dict[str, Any]) -> Finding:
    return Finding(
        Category(item["category"]),
        Severity(item["severity"]),
        str(item["message"]),
        int(item["start"]),
        int(item["end"]),
        None if item.get("suggestion") is None else str(item["suggestion"]),
    )


# --- the worker ---------------------------------------------------------------------------


def serve(
    path: Path, engines: Sequence[Any], idle: float, warm: Dialect = Dialect.AMERICAN
) -> None:
    """Answer requests on ``path`` one at a time until idle for ``idle`` seconds, asked to
    stop, or sent SIGTERM; the socket file is removed on the way out. The engines are built
    for ``warm`` before the first answer; another dialect's Linter on its first request."""
    listener = _bind(path)
    if listener is None:
        return  # another worker already answers there
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        listener.listen(16)
        # Build everything before the first answer: the clients that started us wait.
        for engine in engines:
            engine.review(
                "Thank you for your time today.", kind=None, known_words=frozenset(), dialect=warm
            )
        listener.settimeout(idle)
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            with connection:
                if not _answer(connection, engines):
                    return
    finally:
        listener.close()
        with contextlib.suppress(OSError):  # remove our socket file, not a successor's
            if path.stat().st_ino == _bound_inode.get(str(path)):
                path.unlink()


_bound_inode: dict[str, int] = {}


def _bind(path: Path) -> socket.socket | None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)  # the socket itself: the user only
    try:
        try:
            listener.bind(str(path))
        except OSError:
            probe = _connect(path)
            if probe is not None:  # a live worker: leave it be
                probe.close()
                listener.close()
                return None
            path.unlink(missing_ok=True)  # a stale file from a worker that died
            listener.bind(str(path))
    finally:
        os.umask(old_mask)
    _bound_inode[str(path)] = path.stat().st_ino
    return listener


def _answer(connection: socket.socket, engines: Sequence[Any]) -> bool:
    """Answer one request; False when asked to stop."""
    connection.settimeout(10.0)
    try:
        line = _read_line(connection)
        if line is None:
            return True
        request = json.loads(line)
        op = request.get("op")
        if op == "stop":
            connection.sendall(b'{"ok": true}\n')
            return False
        if op == "ping":
            reply: dict[str, Any] = {"ok": True, "pid": os.getpid()}
        elif op == "review":
            known = frozenset(str(w) for w in request.get("known_words", ()))
            text, kind = str(request["text"]), request.get("kind")
            dialect = Dialect(request.get("dialect") or Dialect.AMERICAN.value)
            found: list[Finding] = []
            for engine in engines:
                found.extend(engine.review(text, kind=kind, known_words=known, dialect=dialect))
            reply = {"findings": [f.as_dict() for f in found]}
        else:
            reply = {"error": f"unknown op {op!r}"}
        connection.sendall(json.dumps(reply).encode() + b"\n")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"error": str(exc)}).encode() + b"\n")
    return True


def local_engines(warm: Dialect = Dialect.AMERICAN) -> list[Any]:
    """The proofreading engines beside the own rules, in this process: style, readability,
    then Harper's spelling and grammar last (the dictionary for ``warm`` builds in a thread
    meanwhile)."""
    from followup.adapters.review.harper import HarperReviewer
    from followup.adapters.review.readability import ReadabilityReviewer
    from followup.adapters.review.style import ProselintReviewer

    return [ProselintReviewer(), ReadabilityReviewer(), HarperReviewer(warm)]


def main(argv: list[str] | None = None) -> None:
    """``python -m followup.adapters.review.worker SOCKET [DIALECT]``: what ``_start`` runs."""
    args = sys.argv[1:] if argv is None else argv
    try:
        warm = Dialect(args[1]) if len(args) > 1 else Dialect.AMERICAN
    except ValueError:
        warm = Dialect.AMERICAN
    serve(Path(args[0]), local_engines(warm), idle_seconds(), warm)


if __name__ == "__main__":
    main()
