"""What the morning digest costs the worker, on a benchmark database (issue 15).

    python bench/digest.py --db bench/out/bench-10000.db

Works on a copy of the database (the digest writes its setting and its day). Prints the
time to build today's digest (the selection over the plan cache, the drafts and the text)
and the time a worker pass spends on the digest once today's is done: the check every pass
makes all day long.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import time as clock_time
from pathlib import Path

from followup import bootstrap
from followup.domain.digest import DayStatus, DigestDay, DigestSetting
from followup.services import digest

HERE = Path(__file__).parent
NOW = "2026-11-23T10:00"


class _NoServers:
    """A pass that decides nothing needs no server: any use would fail the bench."""

    account = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="default: bench/out/bench-N.db, built if missing")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    db = args.db or HERE / "out" / f"bench-{args.applications}.db"
    if not db.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_db.py"), "--applications", str(args.applications),
             "--out", str(db)],
            check=True,
        )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "digest.db"
        shutil.copy(db, copy)
        settings = bootstrap.Settings(db=str(copy), config=None, now=NOW)
        with bootstrap.session(settings) as ctx:
            digest.build(ctx)  # plans made fresh first, as a worker's earlier passes did
            with ctx.store.transaction():
                ctx.store.save_digest_setting(DigestSetting(at=clock_time(7, 30)))
            start = time.perf_counter()
            for _ in range(args.runs):
                built = digest.build(ctx)
            each = (time.perf_counter() - start) / args.runs
            print(f"build today's digest ({built.count} items): {each * 1000:.1f} ms")
            day = digest.rules.local_day(ctx.now, built.zone)
            with ctx.store.transaction():
                ctx.store.save_digest_day(DigestDay(day, DayStatus.SENT, ctx.now))
            runs = args.runs * 10
            start = time.perf_counter()
            for _ in range(runs):
                assert digest.send_if_due(ctx, _NoServers(), None) is None  # type: ignore[arg-type]
            each = (time.perf_counter() - start) / runs
            print(f"a pass's digest check once today's is done: {each * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
