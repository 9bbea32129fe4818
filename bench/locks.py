"""Benchmark how long followup holds the database's write lock, idle and under load.

    python bench/locks.py [--writes 40] [--seconds 60] [--json]

Issue 13: a one-event CLI write held SQLite's write lock ~135 ms on an idle machine (it
re-planned inside its transaction), 427 ms at the median and 785 ms at p99 under load, and
the load made writes fail with "database is locked". This measures the hold of every write
transaction (from the moment ``BEGIN IMMEDIATE`` returns to the moment ``COMMIT`` does)
inside real ``followup`` processes, with a probe that wraps ``sqlite3.connect`` (``--probe``:
the program is not changed, only watched), and counts the writes that failed.

- **Idle**: ``--writes`` CLI writes (``followup log APP note``, one process each) and as
  many web writes (``POST /api/applications/APP/events`` to ``followup serve``, one after
  another), each interleaved with the peer.
- **Under load** (``--seconds``, 0 to skip): the contention test's load
  (``tests/contention.py``: the web app under wrk and an API writer, six CLI writers, the
  worker with real Dovecot and SMTP), every followup process under the probe, and the peer
  every 50 ms.
- **The peer**: a bare ``sqlite3`` one-row INSERT transaction (BEGIN IMMEDIATE, INSERT,
  COMMIT) on the same file, same pragmas (WAL, synchronous=NORMAL): the least any write
  can hold the lock. Ratios are to its p50 and p99 in the same phase.

Target (issue 13): CLI and web writes under 20 ms at p99 idle; no lock failure under load.
The table goes in docs/performance.md; ``--json`` adds the figures as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ holds the mail servers and the load
if TYPE_CHECKING:  # imported where used: a probed followup process imports none of it
    from tests.contention import Setup
TARGET_P99_MS = 20.0
PEER_EVERY = 0.05  # seconds between the peer's transactions under load


# --- the probe (runs inside each followup process) ----------------------------------------
def probe(log: str, args: list[str]) -> int:
    """Run ``followup ARGS`` with every SQLite connection timed; holds appended to ``log``
    as ``KIND MS`` lines (KIND: web for ``serve``, worker, else cli)."""
    kind = "web" if "serve" in args else "worker" if "worker" in args else "cli"
    out = open(log, "a", buffering=1)  # noqa: SIM115 - open for the life of the process
    lock = threading.Lock()

    class Timed(sqlite3.Connection):
        held_since: float | None = None

        def execute(self, sql: str, *params: object) -> sqlite3.Cursor:  # type: ignore[override]
            cursor = super().execute(sql, *params)  # type: ignore[arg-type]
            if sql.startswith("BEGIN IMMEDIATE"):
                self.held_since = time.perf_counter()
            elif sql in ("COMMIT", "ROLLBACK") and self.held_since is not None:
                held = (time.perf_counter() - self.held_since) * 1000
                self.held_since = None
                with lock:
                    out.write(f"{kind} {held:.4f}\n")
            return cursor

    connect = sqlite3.connect

    def timed_connect(*a: object, **kw: object) -> sqlite3.Connection:
        kw.setdefault("factory", Timed)
        return connect(*a, **kw)  # type: ignore[arg-type]

    sqlite3.connect = timed_connect  # type: ignore[assignment]
    from followup.cli.main import run

    return run(args)


def launcher(log: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--probe", str(log), "--"]


def holds(log: Path) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    if log.exists():
        for line in log.read_text().splitlines():
            kind, ms = line.split()
            found.setdefault(kind, []).append(float(ms))
    return found


# --- the peer ------------------------------------------------------------------------------
class Peer:
    """A bare one-row INSERT transaction on the same file, timed as the probe times."""

    def __init__(self, db: Path) -> None:
        self.conn = sqlite3.connect(db, timeout=60, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS bench_peer (id INTEGER PRIMARY KEY, at REAL)")
        self.held: list[float] = []

    def once(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        self.conn.execute("INSERT INTO bench_peer (at) VALUES (?)", (time.time(),))
        self.conn.execute("COMMIT")
        self.held.append((time.perf_counter() - started) * 1000)

    def close(self) -> None:
        self.conn.execute("DROP TABLE bench_peer")
        self.conn.close()


# --- the phases ----------------------------------------------------------------------------
def idle(setup: Setup, writes: int, peer: Peer, folder: Path) -> dict[str, list[float]]:
    """One CLI write, one peer transaction, ``writes`` times; then the same for the web."""
    import httpx
    from tests.contention import environment, free_port

    env = environment(setup)
    db, config = str(setup.db), str(setup.config)
    apps = setup.app_ids
    log = folder / "idle.log"
    base = [*launcher(log), "--db", db, "--config", config]
    peer.held.clear()
    for n in range(writes):
        done = subprocess.run(
            [*base, "log", str(apps[n % len(apps)]), "note", "--note", f"idle-cli-{n}"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"an idle CLI write failed: {done.stderr}")
        peer.once()
    port = free_port()
    server = subprocess.Popen(
        [*base, "serve", "--port", str(port)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        token = server.stdout.readline().split("token=")[1].split()[0]
        _wait_listening(port)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:
            for n in range(writes):
                answer = client.post(
                    f"/api/applications/{apps[n % len(apps)]}/events",
                    json={"kind": "note", "note": f"idle-web-{n}"},
                )
                if answer.status_code != 201:
                    raise SystemExit(f"an idle web write failed: {answer.text}")
                peer.once()
    finally:
        server.terminate()
        server.wait(timeout=30)
    found = holds(log)
    found["peer"] = list(peer.held)
    return found


def under_load(setup: Setup, seconds: float, peer: Peer, folder: Path) -> dict[str, object]:
    from tests.contention import Load, letters, run

    log = folder / "load.log"
    peer.held.clear()
    stop = threading.Event()

    def peer_loop() -> None:
        while not stop.is_set():
            peer.once()
            time.sleep(PEER_EVERY)

    thread = threading.Thread(target=peer_loop)
    thread.start()
    try:
        outcome = run(setup, Load(seconds=seconds), launcher(log), tag="-load")
    finally:
        stop.set()
        thread.join()
    found = holds(log)
    found["peer"] = list(peer.held)
    writes = outcome.writes
    said = "".join(w.err for w in writes) + outcome.worker_err + outcome.web_err
    sent = letters(outcome.setup)
    return {
        "holds": found,
        "cli_writes": sum(w.who.startswith("cli") for w in writes),
        "web_writes": sum(w.who.startswith("web") for w in writes),
        "today_pages": outcome.wrk["requests"],
        "failed": sum(w.status not in (0, 201) for w in writes) + int(outcome.wrk["not_2xx"]),
        "lock_lines": sum("locked" in line or "busy" in line for line in said.splitlines()),
        "unsettled": (outcome.worker_out + outcome.worker_err).count("unsettled"),
        "letters": len(sent),
        "letters_sent": sum(status == "sent" for status, _ in sent.values()),
        "cli_command_p50_ms": _pct([w.seconds for w in writes if w.who.startswith("cli")], 50)
        * 1000,
    }


def _wait_listening(port: int) -> None:
    import socket

    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no server came up on port {port}")


def _pct(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(pct) - 1]


def _ratio(value: object) -> str:
    return f"{value:.1f}x" if isinstance(value, float) and not math.isnan(value) else "n/a"


# --- the table -----------------------------------------------------------------------------
NAMES = {
    "peer": "bare sqlite3 one-row INSERT (the peer)",
    "cli": "CLI write (`followup log APP note`)",
    "web": "web write (`POST /api/applications/APP/events`, server)",
    "worker": "worker (`followup worker`)",
}


def rows(phase: str, found: dict[str, list[float]]) -> list[dict[str, object]]:
    peer = found.get("peer", [])
    p50, p99 = _pct(peer, 50), _pct(peer, 99)
    out = []
    for kind in ("peer", "cli", "web", "worker"):
        held = found.get(kind)
        if not held:
            continue
        out.append(
            {
                "phase": phase,
                "kind": kind,
                "transactions": len(held),
                "p50_ms": _pct(held, 50),
                "p99_ms": _pct(held, 99),
                "max_ms": max(held),
                "p50_vs_peer": _pct(held, 50) / p50,
                "p99_vs_peer": _pct(held, 99) / p99,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--probe"]:
        return probe(args[1], args[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=40, help="idle CLI and web writes each")
    parser.add_argument("--seconds", type=float, default=60, help="the load's length; 0: none")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON line too")
    options = parser.parse_args(args)

    from tests.contention import Load, prepare
    from tests.mailservers import mail_servers

    table: list[dict[str, object]] = []
    load: dict[str, object] | None = None
    with tempfile.TemporaryDirectory(prefix="followup-locks-") as tmp, mail_servers() as servers:
        folder = Path(tmp)
        setup = prepare(folder / "db", servers, Load())
        peer = Peer(setup.db)
        try:
            table += rows("idle", idle(setup, options.writes, peer, folder))
            if options.seconds > 0:
                load = under_load(setup, options.seconds, peer, folder)
                table += rows("load", load["holds"])  # type: ignore[arg-type]
        finally:
            peer.close()
    print(
        f"{options.writes} idle CLI writes and {options.writes} idle web writes, each a pair "
        "of transactions (the event, then its plan); "
        + (
            f"load {options.seconds:.0f} s: {load['cli_writes']} CLI writes, "
            f"{load['web_writes']} web writes, {load['today_pages']:.0f} Today pages under "
            f"wrk, {load['letters']} letters; "
            if load
            else "no load; "
        )
        + f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print()
    print(
        "| phase | lock holder | transactions | p50 ms | p99 ms | max ms"
        " | p50 vs peer | p99 vs peer |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in table:
        print(
            f"| {r['phase']} | {NAMES[str(r['kind'])]} | {r['transactions']} "
            f"| {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} "
            f"| {_ratio(r['p50_vs_peer'])} | {_ratio(r['p99_vs_peer'])} |"
        )
    idle_p99 = {str(r["kind"]): float(r["p99_ms"]) for r in table if r["phase"] == "idle"}  # type: ignore[arg-type]
    met = all(idle_p99.get(k, 0.0) < TARGET_P99_MS for k in ("cli", "web"))
    verdict = [f"p99 idle under {TARGET_P99_MS:.0f} ms: {'met' if met else 'MISSED'}"]
    if load is not None:
        failures = int(load["failed"])  # type: ignore[call-overload]
        met &= failures == 0 and load["letters_sent"] == load["letters"]
        verdict.append(
            f"under load: {failures} failed writes, {load['lock_lines']} 'locked'/'busy' lines, "
            f"{load['unsettled']} unsettled, {load['letters_sent']}/{load['letters']} "
            "letters sent"
        )
    print()
    print("; ".join(verdict))
    if options.json:
        figures = {"rows": table, "load": {k: v for k, v in (load or {}).items() if k != "holds"}}
        print(json.dumps(figures))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
