"""A busy day on one database: what issue 13's contention test and ``bench/locks.py`` run.

Everything the issue's filer ran at once, for ``Load.seconds``, on one SQLite file:

- ``followup serve`` under ``wrk`` (the Today page, as many connections as asked) and an
  API client that logs an event now and then (``POST /api/applications/N/events``);
- six ``followup log N note --note TAG`` writers, each a new process, one after another;
- ``followup worker`` (long-running, real clock) with a real Dovecot and SMTP server
  (tests/mailservers.py), sending letters scheduled to fall due during the run.

It only runs the load and records what each side saw (exit statuses, stderr, HTTP
statuses, what the worker printed); the caller judges. ``launcher`` is how a ``followup``
process is started: ``python -m followup`` for the test, the lock probe of
``bench/locks.py`` for the benchmark. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.mailservers import MailServers

FOLLOWUP = (sys.executable, "-m", "followup")
WORKER_INTERVAL = 10  # seconds: the shortest the worker takes


@dataclass(frozen=True)
class Load:
    seconds: float = 30.0
    cli_writers: int = 6
    web_writers: int = 1  # API clients logging events, one request after another
    web_pause: float = 0.2  # seconds between one API client's writes
    wrk_connections: int = 4
    applications: int = 12
    letters: int = 6  # scheduled to fall due in the first half of the run


@dataclass(frozen=True)
class Write:
    who: str  # "cli 3", "web 0"
    note: str  # the note it logged, unique
    status: int  # exit status, or HTTP status
    err: str  # stderr, or the response body when not 201
    seconds: float


@dataclass
class Setup:
    folder: Path
    db: Path
    config: Path
    me: str
    password: str
    recipient: str
    app_ids: list[int]
    letters: list[int] = field(default_factory=list)  # message ids, in due order
    due: list[datetime] = field(default_factory=list)


@dataclass
class Outcome:
    setup: Setup
    writes: list[Write]
    wrk: dict[str, float]
    worker_out: str
    worker_err: str
    web_err: str
    started: float  # time.monotonic() when the load began
    ended: float  # when it stopped (writers done, wrk done)
    ended_at: datetime  # the same moment on the wall clock (letters' sent_at are on it)
    settled: float  # when the worker had sent every letter (or gave up waiting)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(setup: Setup) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "XDG_"))}
    if "FOLLOWUP_RUNTIME_DIR" in os.environ:  # the test suite's review worker folder
        env["FOLLOWUP_RUNTIME_DIR"] = os.environ["FOLLOWUP_RUNTIME_DIR"]
    home = setup.folder / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    env.update(XDG_CONFIG_HOME=str(home / "config"))
    env.update(FOLLOWUP_SMTP_PASSWORD=setup.password, FOLLOWUP_IMAP_PASSWORD=setup.password)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as on a user's machine
    return env


def prepare(folder: Path, servers: MailServers, load: Load) -> Setup:
    """A profile, ``load.applications`` interviewed applications and the mail account,
    through the services (the real store), in this process."""
    from followup import bootstrap
    from followup.services import applications, contacts, interviews, profile

    folder.mkdir(parents=True, exist_ok=True)
    me, password = servers.new_user()
    recipient, _ = servers.new_user()
    db, config = folder / "f.db", folder / "config.toml"  # no config file: the defaults
    settings = bootstrap.Settings(db=str(db), config=str(config))
    app_ids = []
    with bootstrap.session(settings) as ctx:
        profile.update_profile(
            ctx,
            profile.ProfileChanges(
                name="Alex Morgan", email=me, timezone="Europe/London", country="GB"
            ),
        )
        for n in range(load.applications):
            app = applications.add_application(ctx, f"Company {n}", "Data Engineer")
            jane = contacts.add_contact(
                ctx, app.id, "Jane Doe", contacts.ContactFields(email=recipient)
            )
            start = ctx.now - timedelta(hours=3, minutes=n)
            interviews.add_interview(ctx, app.id, start, interviewer_ids=[jane.id])
            app_ids.append(app.id)
        with ctx.store.transaction():
            ctx.store.save_mail_account(servers.account(me))
    return Setup(folder, db, config, me, password, recipient, app_ids)


def schedule_letters(setup: Setup, load: Load, first_due: datetime) -> None:
    """``load.letters`` thank-yous, due from ``first_due`` over the first half of the run."""
    from followup import bootstrap
    from followup.domain.messages import Message, MessageKind, MessageStatus

    spacing = load.seconds / 2 / max(load.letters, 1)
    settings = bootstrap.Settings(db=str(setup.db), config=str(setup.config))
    with bootstrap.session(settings) as ctx:
        for n in range(load.letters):
            app_id = setup.app_ids[n % len(setup.app_ids)]
            due = first_due + timedelta(seconds=n * spacing)
            with ctx.store.transaction():
                message = ctx.store.add_message(
                    Message(
                        id=0,
                        application_id=app_id,
                        kind=MessageKind.THANK_YOU,
                        contact_id=None,
                        to=setup.recipient,
                        subject=f"Thank you, letter {n}",
                        body=f"Dear Jane,\n\nThank you for today's conversation.\n\nAlex ({n})",
                        created_at=ctx.now,
                        status=MessageStatus.SCHEDULED,
                        send_at=due,
                    )
                )
            setup.letters.append(message.id)
            setup.due.append(due)


def letters(setup: Setup) -> dict[int, tuple[str, str | None]]:
    """Each scheduled letter's (status, sent_at), read with sqlite3."""
    import sqlite3

    marks = ",".join("?" * len(setup.letters))
    with closing(sqlite3.connect(setup.db, timeout=30)) as conn:
        rows = conn.execute(
            f"SELECT id, status, sent_at FROM message WHERE id IN ({marks})", setup.letters
        ).fetchall()
    return {i: (status, sent_at) for i, status, sent_at in rows}


def run(
    setup: Setup,
    load: Load,
    launcher: Sequence[str] = FOLLOWUP,
    *,
    tag: str = "",
    settle_seconds: float = WORKER_INTERVAL + 10,
) -> Outcome:
    """The load, then up to ``settle_seconds`` for the worker to send what fell due."""
    env = environment(setup)
    base = [*launcher, "--db", str(setup.db), "--config", str(setup.config)]
    port = free_port()
    logs = setup.folder / f"logs{tag}"
    logs.mkdir(exist_ok=True)
    web_err_path, worker_out_path, worker_err_path = (
        logs / "web.err",
        logs / "worker.out",
        logs / "worker.err",
    )
    with web_err_path.open("w") as web_err_file:
        web = subprocess.Popen(
            [*base, "serve", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=web_err_file,
            text=True,
            env=env,
        )
    assert web.stdout is not None
    found = re.search(r"token=(\S+)", web.stdout.readline())
    if found is None:
        web.kill()
        raise RuntimeError(f"followup serve printed no address: {web_err_path.read_text()}")
    token = found.group(1)
    _wait_listening(port)
    schedule_letters(setup, load, datetime.now(UTC) + timedelta(seconds=3))
    with worker_out_path.open("w") as out, worker_err_path.open("w") as err:
        worker = subprocess.Popen(
            [*base, "worker", "--interval", str(WORKER_INTERVAL)],
            stdout=out,
            stderr=err,
            env=env,
        )
    writes: list[Write] = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + load.seconds
    try:
        threads = [
            threading.Thread(target=_cli_writer, args=(n, base, env, setup, deadline, writes, lock))
            for n in range(load.cli_writers)
        ]
        threads += [
            threading.Thread(
                target=_web_writer, args=(n, port, token, setup, load, deadline, writes, lock)
            )
            for n in range(load.web_writers)
        ]
        for thread in threads:
            thread.start()
        wrk = _wrk(port, token, load)
        for thread in threads:
            thread.join()
        ended, ended_at = time.monotonic(), datetime.now(UTC)
        settled = _wait_for_letters(setup, ended + settle_seconds)
    finally:
        for proc in (worker, web):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (worker, web):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return Outcome(
        setup=setup,
        writes=writes,
        wrk=wrk,
        worker_out=worker_out_path.read_text(),
        worker_err=worker_err_path.read_text(),
        web_err=web_err_path.read_text(),
        started=started,
        ended=ended,
        ended_at=ended_at,
        settled=settled,
    )


def _wait_listening(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server came up on port {port}")


def _wait_for_letters(setup: Setup, until: float) -> float:
    """When every letter was sent (the moment it was seen), or ``until`` if not all were."""
    while True:
        if all(status == "sent" for status, _ in letters(setup).values()):
            return time.monotonic()
        if time.monotonic() >= until:
            return until
        time.sleep(0.25)


def _cli_writer(
    n: int,
    base: list[str],
    env: dict[str, str],
    setup: Setup,
    deadline: float,
    writes: list[Write],
    lock: threading.Lock,
) -> None:
    k = 0
    while time.monotonic() < deadline:
        app_id = setup.app_ids[(n + k) % len(setup.app_ids)]
        note = f"cli-{n}-{k}"
        began = time.monotonic()
        done = subprocess.run(
            [*base, "log", str(app_id), "note", "--note", note],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        with lock:
            writes.append(
                Write(f"cli {n}", note, done.returncode, done.stderr, time.monotonic() - began)
            )
        k += 1


def _web_writer(
    n: int,
    port: int,
    token: str,
    setup: Setup,
    load: Load,
    deadline: float,
    writes: list[Write],
    lock: threading.Lock,
) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    k = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=120) as client:
        while time.monotonic() < deadline:
            app_id = setup.app_ids[(n * 7 + k) % len(setup.app_ids)]
            note = f"web-{n}-{k}"
            began = time.monotonic()
            try:
                answer = client.post(
                    f"/api/applications/{app_id}/events", json={"kind": "note", "note": note}
                )
                status, body = answer.status_code, answer.text
            except httpx.HTTPError as exc:
                status, body = 0, f"{type(exc).__name__}: {exc}"
            with lock:
                writes.append(
                    Write(f"web {n}", note, status, "" if status == 201 else body,
                          time.monotonic() - began)
                )  # fmt: skip
            k += 1
            time.sleep(load.web_pause)


def _wrk(port: int, token: str, load: Load) -> dict[str, float]:
    """The Today page under ``wrk`` for the run: requests, answers not 2xx/3xx, per second."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is missing: `make wrk` installs it (apt-get install wrk)")
    out = subprocess.run(
        [wrk, "-t1", f"-c{load.wrk_connections}", f"-d{max(1, round(load.seconds))}s",
         "--timeout", "60s", "-H", f"Authorization: Bearer {token}",
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    requests = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*?timeout (\d+)", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "requests": float(requests.group(1)) if requests else 0.0,
        "not_2xx": float(bad.group(1)) if bad else 0.0,
        "timeouts": float(errors.group(1)) if errors else 0.0,
        "per_second": float(rate.group(1)) if rate else 0.0,
    }
