"""Benchmark the review of a 200-word draft against proselint, in the same run.

    python bench/review.py [--runs 15] [--warm 200] [--file bench/review_draft.txt]

- warm: in-process, the engines already built, the review repeated ``--warm`` times:
  followup's whole review (own rules + Harper + proselint + readability) against proselint's
  own ``LintFile(...).lint()`` on the same text;
- cold: a new process each time, interleaved so a busy moment hurts both alike, against
  ``proselint check FILE``:
  - ``followup check FILE --kind thank-you`` with the review worker running (the usual case:
    the first check of a session started it);
  - the same when it is the first check, which starts the worker and waits for it;
  - the same with the worker off (``FOLLOWUP_REVIEW_WORKER=0``): the engines built in-process;
- Harper's Linter construction (the dictionary load), measured alone in a new process.

Targets (issue 4): warm within 2x proselint's warm, cold within 2x proselint's cold.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 2.0

HARPER_LOAD = """
import time
t = time.perf_counter()
import harper
i = time.perf_counter()
harper.Linter()
b = time.perf_counter()
print(f"{i - t:.6f} {b - i:.6f}")
"""


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def warm(text: str, repeat: int) -> tuple[float, float]:
    """Median ms of followup's review and of proselint's lint, both already warmed up."""
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    from followup import bootstrap
    from followup.services.review import review_text

    CheckRegistry().register_many(__register__)
    engines = bootstrap.Adapters(
        bootstrap.Settings(db=":memory:", config=None), in_process=True
    ).reviewers()

    def ours() -> None:
        review_text(text, kind="thank_you", known_words=frozenset(), reviewers=engines)

    def theirs() -> None:
        LintFile("<draft>", text).lint(DEFAULT)

    ours()
    theirs()
    mine: list[float] = []
    peer: list[float] = []
    for _ in range(repeat):
        for job, into in ((ours, mine), (theirs, peer)):
            began = time.perf_counter()
            job()
            into.append(time.perf_counter() - began)
    return _median_ms(mine), _median_ms(peer)


def run_once(argv: list[str], env: dict[str, str] | None = None) -> float:
    began = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - began


def cold(
    ours: list[str], theirs: list[str], runs: int, env: dict[str, str],
    before: Callable[[], None] = lambda: None,
) -> tuple[float, float]:  # fmt: skip
    """Median ms of ``ours`` (after ``before``, untimed) and ``theirs``, interleaved."""
    mine: list[float] = []
    peer: list[float] = []
    for _ in range(runs):
        before()
        mine.append(run_once(ours, env))
        peer.append(run_once(theirs, env))
    return _median_ms(mine), _median_ms(peer)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold processes of each")
    parser.add_argument("--warm", type=int, default=200, help="warm repetitions of each")
    parser.add_argument("--file", type=Path, default=HERE / "review_draft.txt")
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8")
    os.environ.setdefault("FOLLOWUP_CONFIG", os.devnull)

    load = [
        subprocess.run(
            [sys.executable, "-c", HARPER_LOAD], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(min(5, args.runs))
    ]
    harper_import = statistics.median(float(x[0]) for x in load) * 1000
    harper_build = statistics.median(float(x[1]) for x in load) * 1000

    from followup.adapters.review import worker as review_worker

    bindir = Path(sys.executable).parent
    followup = shutil.which("followup", path=str(bindir)) or "followup"
    proselint = shutil.which("proselint", path=str(bindir)) or "proselint"
    ours = [followup, "check", str(args.file), "--kind", "thank-you"]
    theirs = [proselint, "check", str(args.file)]
    folder = tempfile.mkdtemp(prefix="fu-bench-")
    env = {**os.environ, "FOLLOWUP_RUNTIME_DIR": folder, "FOLLOWUP_REVIEW_WORKER": "1"}
    os.environ.update(FOLLOWUP_RUNTIME_DIR=folder)

    def stop_worker() -> None:
        for sock in Path(folder).glob("review-*.sock"):
            review_worker.stop(sock)
        deadline = time.monotonic() + 10
        while list(Path(folder).glob("review-*.sock")) and time.monotonic() < deadline:
            time.sleep(0.01)

    try:
        for argv in (ours, theirs):  # one untimed run each: the page cache, .pyc files
            run_once(argv, env)
        served = cold(ours, theirs, args.runs, env)
        first = cold(ours, theirs, max(1, args.runs // 3), env, before=stop_worker)
        stop_worker()
        alone = cold(ours, theirs, max(1, args.runs // 3), {**env, "FOLLOWUP_REVIEW_WORKER": "0"})
    finally:
        stop_worker()
        shutil.rmtree(folder, ignore_errors=True)
    warm_mine, warm_peer = warm(text, args.warm)

    words = len(text.split())
    print(f"draft: {args.file.name}, {words} words; {args.runs} cold runs, {args.warm} warm")
    print(f"harper: import {harper_import:.1f} ms, Linter() {harper_build:.0f} ms")
    print()
    print(f"| {'':24} | {'followup':>10} | {'proselint':>10} | {'ratio':>6} | target |")
    print(f"|{'-' * 26}|{'-' * 12}|{'-' * 12}|{'-' * 8}|--------|")
    rows = (
        ("warm (in-process)", warm_mine, warm_peer),
        ("cold, worker running", *served),
        ("cold, first: starts it", *first),
        ("cold, worker off", *alone),
    )
    for name, a, b in rows:
        verdict = "ok" if a <= TARGET * b else "MISSED"
        print(f"| {name:24} | {a:8.1f}ms | {b:8.1f}ms | {a / b:5.2f}x | {verdict:6} |")
    print()
    print(f"cold followup: {' '.join(ours[1:])}; proselint: proselint check FILE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
