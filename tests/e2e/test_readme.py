"""The README's five-minute tour runs as written, and says what it claims."""

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


def test_the_tour_runs_and_the_plan_moves_on(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FOLLOWUP_DB": str(tmp_path / "tour.db"),
        "FOLLOWUP_CONFIG": str(tmp_path / "none.toml"),
    }
    outputs = []
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
    transcript = "\n".join(outputs)
    # The claims the tour's comments make.
    assert "thank-you → Priya Shah by email   tomorrow 09:00" in transcript
    assert "status-inquiry → Jo Baker by email   Mon 7 Dec 09:00" in transcript
    assert "decide-offer → Jo Baker by email   Tue 15 Dec 09:00" in transcript
    assert "Dear Priya,\n\nMany thanks for the conversation today." in transcript
    assert "moving the nightly batch jobs to streaming" in transcript
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
