"""The letters benchmark keeps working: a few stories, a sane report, every kind present.

Figures are not asserted (they move as the drafting improves); only that the report is
whole and its counts add up, in the JSON, the table and the letters file alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from followup.domain.kinds import ActionKind
from followup.domain.messages import DRAFTABLE, Decision

BENCH = Path(__file__).resolve().parents[2] / "bench" / "letters.py"
STORIES = 3  # the outcomes (offer, rejection, silence) take turns: three hold every kind


def kinds() -> list[str]:
    rows = []
    for action in DRAFTABLE:
        if action is ActionKind.DECIDE_OFFER:
            rows += [f"{action.label} --{d.value}" for d in Decision]
        else:
            rows.append(action.label)
    return rows


def bench(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--stories", str(STORIES), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_the_json_report_covers_every_kind_and_its_counts_add_up(tmp_path: Path) -> None:
    letters_file = tmp_path / "letters.txt"
    report = json.loads(bench("--json", "--out", str(letters_file)))
    rows = report["kinds"]
    assert list(rows) == kinds()
    assert report["stories"] == STORIES
    for kind, row in rows.items():
        assert row["requests"] > 0, kind
        assert row["requests"] == row["drafted"] + row["refused"], kind
        assert row["letters"] >= row["drafted"], kind
        assert row["refused"] == sum(row["refusals"].values()), kind
        assert 0 <= row["letters_flagged"] <= row["letters"], kind
        assert row["errors"] >= 0, kind
        assert row["warnings"] >= 0, kind
        share = row["template_share"]
        assert share is None or 0 <= share <= 1, kind
        assert row["notes_leaked"] <= row["letters"], kind
        if row["letters"]:
            assert 0 < row["words_median"] <= row["words_max"], kind
    assert report["letters"] == sum(row["letters"] for row in rows.values())
    assert report["requests"] == sum(row["requests"] for row in rows.values())
    assert report["refused"] == sum(row["refused"] for row in rows.values())
    panels = report["panels"]
    assert panels["distinct"] <= panels["panels"]
    assert panels["enough"] <= panels["panels"]
    assert panels["distinct_with_enough"] <= min(panels["distinct"], panels["enough"])
    for tradition, row in report["greetings"].items():
        assert 0 <= row["fit"] <= row["letters"], tradition
    assert sum(row["letters"] for row in report["greetings"].values()) <= report["letters"]
    written = letters_file.read_text(encoding="utf-8")
    assert written.count("\n=== story ") + written.startswith("=== story ") == report["letters"]


def test_the_table_has_a_row_per_kind_with_the_same_figures() -> None:
    printed = bench()
    rows = [line for line in printed.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| kind | requests | letters | refused |")
    assert [row.split("|")[1].strip() for row in rows[1:]] == kinds()
    total = sum(int(row.split("|")[3]) for row in rows[1:])
    assert f"{total} letters" in printed.splitlines()[0]
