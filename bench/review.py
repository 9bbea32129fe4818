"""Benchmark the review of a 200-word draft against proselint, in the same run.

    python bench/review.py [--runs 15] [--warm 200] [--file bench/review_draft.txt]

- warm: in-process, the engines already built, the review repeated ``--warm`` times:
  followup's whole review (own rules + Harper + proselint + readability) against proselint's
  own ``LintFile(...).lint()`` on the same text;
- cold: a new process each time, interleaved so a busy moment hurts both alike:
  ``followup check FILE --kind thank-you`` (or, before that command exists, a
  ``python -c`` that imports and runs the engines) against ``proselint check FILE``;
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
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET = 2.0

ENGINES_ONLY = """
import sys
from followup.adapters.review_harper import HarperReviewer
from followup.adapters.review_proselint import ProselintReviewer
from followup.adapters.review_readability import ReadabilityReviewer
text = open(sys.argv[1], encoding="utf-8").read()
for engine in (HarperReviewer(), ProselintReviewer(), ReadabilityReviewer()):
    engine.review(text, kind="thank_you", known_words=frozenset())
"""

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
    from followup.adapters.review_harper import HarperReviewer
    from followup.adapters.review_proselint import ProselintReviewer
    from followup.adapters.review_readability import ReadabilityReviewer

    CheckRegistry().register_many(__register__)
    engines = getattr(bootstrap, "reviewers", lambda: [])() or [
        ProselintReviewer(),
        ReadabilityReviewer(),
        HarperReviewer(),
    ]
    try:
        from followup.services.review import review_text
    except ImportError:  # before the review service exists: the engines alone

        def review_text(text: str, **options: Any) -> list[Any]:
            engines = options.pop("reviewers")
            return [f for e in engines for f in e.review(text, **options)]

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


def run_once(argv: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began


def cold_commands(path: Path) -> tuple[str, list[str], list[str]]:
    bindir = Path(sys.executable).parent
    proselint = shutil.which("proselint", path=str(bindir)) or "proselint"
    followup = shutil.which("followup", path=str(bindir))
    from followup import bootstrap

    if followup and hasattr(bootstrap, "reviewers"):
        ours = [followup, "check", str(path), "--kind", "thank-you"]
        label = "followup check FILE --kind thank-you"
    else:
        ours = [sys.executable, "-c", ENGINES_ONLY, str(path)]
        label = "python -c <import and run the three engines> FILE"
    return label, ours, [proselint, "check", str(path)]


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
        for _ in range(5)
    ]
    harper_import = statistics.median(float(x[0]) for x in load) * 1000
    harper_build = statistics.median(float(x[1]) for x in load) * 1000

    label, ours, theirs = cold_commands(args.file)
    for argv in (ours, theirs):  # one untimed run each: the page cache, .pyc files
        run_once(argv)
    mine: list[float] = []
    peer: list[float] = []
    for _ in range(args.runs):
        mine.append(run_once(ours))
        peer.append(run_once(theirs))
    cold_mine, cold_peer = _median_ms(mine), _median_ms(peer)
    warm_mine, warm_peer = warm(text, args.warm)

    words = len(text.split())
    print(f"draft: {args.file.name}, {words} words; {args.runs} cold runs, {args.warm} warm")
    print(f"harper: import {harper_import:.1f} ms, Linter() {harper_build:.0f} ms (median of 5)")
    print()
    print(f"| {'':24} | {'followup':>10} | {'proselint':>10} | {'ratio':>6} | target |")
    print(f"|{'-' * 26}|{'-' * 12}|{'-' * 12}|{'-' * 8}|--------|")
    rows = (
        ("warm (in-process)", warm_mine, warm_peer),
        ("cold (new process)", cold_mine, cold_peer),
    )
    for name, a, b in rows:
        verdict = "ok" if a <= TARGET * b else "MISSED"
        print(f"| {name:24} | {a:8.1f}ms | {b:8.1f}ms | {a / b:5.2f}x | {verdict:6} |")
    print()
    print(f"cold followup: {label}")
    print(f"cold proselint: proselint check FILE ({theirs[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
