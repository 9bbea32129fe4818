"""Benchmark the web app's Today and application pages against bare Starlette, in one run.

    python bench/web.py --applications 10000 [--seconds 10] [--connections 8] [--warmup 2]

Builds (or reuses) the database of ``make_db.py`` (as ``run.py`` does), then starts two
servers, each one uvicorn process on a free loopback port:

- ``followup serve`` (the real app: guard, session, services, Jinja page);
- a bare Starlette app that runs the same SQL (``sqlite_views``' queries, a connection per
  request as the app opens one) and returns the rows as JSON, no template, no checks.

``wrk`` (Debian's package; ``make bench-web`` installs it) loads each endpoint from a
second process, one after the other, and reports requests per second and the 50th/95th
percentile latency (a Lua ``done`` hook reads the 95th). Target (issue 6): each page at
least half the bare endpoint's throughput. A third row, *any application* (one of the
database's at random each request), is not targeted: it shows what a page costs when the
app's page cache does not hold it (the first read after a write). The table is printed to paste into
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from run import busiest_open_application  # bench/ is on sys.path: this script's folder

HERE = Path(__file__).resolve().parent
NOW = "2026-11-23T10:00:00+00:00"
TARGET = 0.5
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %d %d %d %d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(95), summary.errors.status, summary.requests))
end
"""
# Any of the database's applications, at random (the same sequence for both servers): the
# app's page cache holds a few hundred pages, so nearly every request reads and draws one.
ANY_APPLICATION = """
request = function()
  return wrk.format(nil, "/applications/" .. math.random(1, %d))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no server came up on port {port}")


# --- the bare peer -------------------------------------------------------------------------
def bare_app(db: str) -> object:
    """Starlette with the same SQL as the app's read side, and nothing else."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from followup.adapters.sqlite.formats import instant_text
    from followup.adapters.sqlite.views import (
        APPLICATION_SQL,
        DUE_ACTIONS_SQL,
        EVENTS_SQL,
        PLAN_ACTIONS_SQL,
    )

    now = datetime.fromisoformat(NOW)
    until = instant_text(now + timedelta(days=7))
    at = instant_text(now)

    def today_rows() -> list[tuple[object, ...]]:
        with sqlite3.connect(db) as conn:
            return conn.execute(DUE_ACTIONS_SQL, (until, at)).fetchall()

    def app_rows(app_id: int) -> dict[str, object]:
        with sqlite3.connect(db) as conn:
            return {
                "application": conn.execute(APPLICATION_SQL, (app_id,)).fetchone(),
                "actions": conn.execute(PLAN_ACTIONS_SQL, (app_id, at)).fetchall(),
                "events": conn.execute(EVENTS_SQL, (app_id,)).fetchall(),
            }

    async def today(request: Request) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(today_rows))

    async def application(request: Request) -> JSONResponse:
        app_id = int(request.path_params["app_id"])
        return JSONResponse(await run_in_threadpool(app_rows, app_id))

    return Starlette(routes=[Route("/", today), Route("/applications/{app_id:int}", application)])


def serve_bare(db: str, port: int) -> None:
    import uvicorn

    uvicorn.run(bare_app(db), host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]


# --- the run -------------------------------------------------------------------------------
def wrk(
    url: str, headers: dict[str, str], seconds: int, connections: int, script: str
) -> dict[str, float]:
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script]
    for k, v in headers.items():
        argv += ["-H", f"{k}: {v}"]
    out = subprocess.run([*argv, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (\S+) (\d+) (\d+) (\d+) (\d+)", out)
    if found is None:
        raise SystemExit(f"wrk said:\n{out}")
    rps, p50, p95, bad, total = found.groups()
    if int(bad):
        raise SystemExit(f"{url}: {bad} of {total} answers were not 2xx/3xx")
    return {"rps": float(rps), "p50_ms": int(p50) / 1000, "p95_ms": int(p95) / 1000}


TARGETED = ("today", "application")  # issue 6's; "any application" shows the uncached cost


def pages(app_id: int, script: str, anywhere: str) -> dict[str, tuple[str, str]]:
    """Each row of the table: its path and the wrk script that loads it."""
    return {
        "today": ("/", script),
        "application": (f"/applications/{app_id}", script),
        "any application": ("/applications/1", anywhere),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="default: bench/out/bench-N.db, built if missing")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each run")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    db = args.db or HERE / "out" / f"bench-{args.applications}.db"
    if args.serve_bare:
        serve_bare(str(db), args.serve_bare)
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench-web` installs it (apt-get install wrk)")
    if not db.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_db.py"), "--applications", str(args.applications),
             "--out", str(db), "--now", NOW],
            check=True,
        )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    config = HERE / "out" / "no-config.toml"  # defaults, as make_db used
    app_id = busiest_open_application(db)
    with sqlite3.connect(db) as conn:
        apps = int(conn.execute("SELECT COUNT(*) FROM application").fetchone()[0])
    app_port, bare_port = free_port(), free_port()
    followup = [sys.executable, "-m", "followup", "--db", str(db), "--config", str(config)]
    servers = [
        subprocess.Popen(
            [*followup, "--now", NOW, "serve", "--port", str(app_port)],
            stdout=subprocess.PIPE, text=True, env=env,
        ),
        subprocess.Popen(
            [sys.executable, __file__, "--db", str(db), "--serve-bare", str(bare_port)], env=env
        ),
    ]  # fmt: skip
    try:
        assert servers[0].stdout is not None
        token = re.search(r"token=(\S+)", servers[0].stdout.readline())
        if token is None:
            raise SystemExit("followup serve printed no address")
        wait_listening(app_port)
        wait_listening(bare_port)
        auth = {"Authorization": f"Bearer {token.group(1)}"}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(REPORT)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as anywhere:
            anywhere.write(REPORT + ANY_APPLICATION % apps)
        results: dict[str, dict[str, float]] = {}
        for name, (path, script) in pages(app_id, lua.name, anywhere.name).items():
            for who, port, headers in (("bare", bare_port, {}), ("app", app_port, auth)):
                url = f"http://127.0.0.1:{port}{path}"
                if args.warmup:  # caches, imports, the first page drawn
                    wrk(url, headers, args.warmup, args.connections, script)
                results[f"{name} {who}"] = wrk(url, headers, args.seconds, args.connections, script)
        os.unlink(lua.name)
        os.unlink(anywhere.name)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

    with sqlite3.connect(db) as conn:
        from followup.adapters.sqlite.formats import instant_text

        week = instant_text(datetime.fromisoformat(NOW) + timedelta(days=7))
        due = conn.execute("SELECT COUNT(*) FROM plan_action WHERE due <= ?", (week,)).fetchone()[0]
    print(
        f"database: {apps} applications; Today lists up to {due} cached actions; application "
        f"{app_id}; wrk -t1 -c{args.connections} -d{args.seconds}s from a second process; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print("| page | server | requests/s | p50 ms | p95 ms | app / bare |")
    print("|---|---|---:|---:|---:|---:|")
    ok = True
    for name in pages(app_id, "", ""):
        bare, app = results[f"{name} bare"], results[f"{name} app"]
        ratio = app["rps"] / bare["rps"]
        ok &= ratio >= TARGET or name not in TARGETED
        for who, r in (("bare Starlette, same SQL", bare), ("followup serve", app)):
            shown = f"{ratio:.2f}" if who == "followup serve" else ""
            print(
                f"| {name} | {who} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                f"| {shown} |"
            )
    print(json.dumps(results))
    print(f"target: Today and the application page at least {TARGET:.0%} of the bare throughput: "
          f"{'met' if ok else 'NOT met'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
