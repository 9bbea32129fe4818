"""The README's five-minute tour runs as written, and says what it claims; the sample draft
the README shows is the one the tour's `draft` command prints, so it cannot drift. After a
deliberate change to the letters, rewrite it with ``UPDATE_README=1`` and read the diff."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## A five-minute tour", 1)[1]
    block = section.split("```", 2)[1]
    joined = re.sub(r"\\\n\s*", " ", block)  # shell line continuations
    return [
        shlex.split(line, comments=True)
        for line in joined.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


SAMPLE_HEADING = "## A draft, written from the debrief"
DRAFT_COMMAND = "draft 1 thank-you --contact 1"


def readme_sample() -> str:
    """The letter in the README's sample block (from its Subject line to the signature)."""
    section = README.read_text(encoding="utf-8").split(SAMPLE_HEADING, 1)[1]
    return section.split("```", 2)[1].strip("\n")


def printed_draft(stdout: str) -> str:
    """The letter ``followup draft`` printed: from its Subject line to the end of the
    signature, before its review."""
    letter = stdout[stdout.index("Subject:") :]
    ends = [letter.find(mark) for mark in ("\n\ndraft #", "\nReview:") if mark in letter]
    return letter[: min(ends)].rstrip("\n") if ends else letter.rstrip("\n")


def test_the_tour_runs_and_the_plan_moves_on(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FOLLOWUP_DB": str(tmp_path / "tour.db"),
        "FOLLOWUP_CONFIG": str(tmp_path / "none.toml"),
    }
    outputs = []
    drafted = ""
    commands = tour_commands()
    assert len(commands) >= 15
    for argv in commands:
        assert argv[0] == "followup"
        proc = subprocess.run(
            [sys.executable, "-m", "followup", *argv[1:]],
            capture_output=True,
            text=True,
            env=env,
            cwd=README.parent,  # the tour reads docs/examples/debrief.toml
            check=False,
        )
        assert proc.returncode == 0, (argv, proc.stderr)
        outputs.append(proc.stdout)
        if " ".join(argv).endswith(DRAFT_COMMAND):
            drafted = printed_draft(proc.stdout)
    transcript = "\n".join(outputs)
    # The claims the tour's comments make.
    assert "thank-you → Priya Shah by email   tomorrow 09:00" in transcript
    assert "status-inquiry → Jo Baker by email   Mon 7 Dec 09:00" in transcript
    assert "decide-offer → Jo Baker by email   Tue 15 Dec 09:00" in transcript
    assert "moving the nightly batch jobs to streaming" in drafted
    assert "yesterday" in drafted  # drafted on the day, planned for the next morning
    if os.environ.get("UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(readme_sample(), drafted), encoding="utf-8")
    assert readme_sample() == drafted, "the README's sample draft drifted: UPDATE_README=1"
    final = subprocess.run(
        [sys.executable, "-m", "followup", "plan", "1", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    plan = json.loads(final.stdout)
    assert plan["application"]["status"] == "accepted"
    assert plan["actions"] == []
