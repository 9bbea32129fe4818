"""A real CalDAV server for the tests and the benchmark: Radicale, from the dev dependencies.

Why real: the adapter's job is to speak to a server with opinions (discovery through the
principal, MKCALENDAR, ETags, time-range REPORTs, 401 for a bad login), and a mock only
knows what its author believed. It listens on 127.0.0.1 on a free port, keeps its calendars
in a temporary folder, checks logins against a plain htpasswd file, and is stopped (and its
folder removed) when the ``with`` block ends. ``stop``/``start`` take it down and bring it
back on the same port with the same data: "the server is down" for a while.

Every request the server answers is counted (``requests``, read from its access log), so a
test can say "this sync sent nothing" by method.

Run it by hand with ``python -m tests.calendarserver`` (prints the URL and a login).
"""

from __future__ import annotations

import collections
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.mailservers import HOST, ServerError, free_port, wait_for_port

_REQUEST = re.compile(r"\] ([A-Z]+) request for ")
USER = "ada"
PASSWORD = "radicale-test-password"


class Radicale:
    """One Radicale process over a folder; ``url`` is the server's root."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}/"
        self.log = folder / "radicale.log"
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        (folder / "config").write_text(
            "[server]\n"
            f"hosts = {HOST}:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {folder / 'users'}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {folder / 'collections'}\n"
            "[logging]\n"
            "level = info\n"
            "mask_passwords = True\n",
            encoding="utf-8",
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(self.folder / "config")],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        out.close()
        process = self._process
        try:
            wait_for_port(self.port, timeout=20, alive=lambda: process.poll() is None)
        except ServerError as exc:
            raise ServerError(f"{exc}: {self.log.read_text(errors='replace')[-2000:]}") from None

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def requests(self) -> collections.Counter[str]:
        """Requests answered so far, by method (``PUT``, ``DELETE``, ``REPORT`` ...)."""
        time.sleep(0.05)  # the log line is written just after the answer
        counts: collections.Counter[str] = collections.Counter()
        for line in self.log.read_text(errors="replace").splitlines():
            found = _REQUEST.search(line)
            if found:
                counts[found.group(1)] += 1
        return counts


@contextlib.contextmanager
def radicale() -> Iterator[Radicale]:
    with tempfile.TemporaryDirectory(prefix="followup-radicale-") as folder:
        server = Radicale(Path(folder))
        server.start()
        try:
            yield server
        finally:
            server.stop()


if __name__ == "__main__":
    with radicale() as server:
        print(f"{server.url} user {USER} password {PASSWORD} (Ctrl-C stops it)")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    os._exit(0)
