"""The README's five-minute tour runs as written, and says what it claims; every sample of
output the README shows is what a command prints, so none can drift: the `today` at the top
is ``make demo``'s (abbreviated by a fixed rule), the draft is the tour's `draft` command's.
After a deliberate change to what the CLI prints, rewrite them with ``UPDATE_README=1`` and
read the diff."""

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


def matches_readme(shown: str, printed: str, what: str) -> None:
    """The README's sample ``shown`` is ``printed``; with UPDATE_README=1 it is made so."""
    if os.environ.get("UPDATE_README") and shown != printed:
        text = README.read_text(encoding="utf-8")
        assert text.count(shown) == 1, f"the README's {what} is not one block"
        README.write_text(text.replace(shown, printed), encoding="utf-8")
        return
    assert shown == printed, f"the README's {what} drifted: UPDATE_README=1 rewrites it"


TODAY_PROMPT = "$ followup today\n"


def readme_today() -> str:
    """The output under ``$ followup today`` in the README's first block."""
    block = README.read_text(encoding="utf-8").split("```", 2)[1]
    return block.split(TODAY_PROMPT, 1)[1].rstrip("\n")


def demo_today(tmp_path: Path) -> str:
    """``make demo``'s ``today``, abbreviated: every item due now, the first application
    coming up, then ``...`` and the closing hint."""
    proc = subprocess.run(
        [sys.executable, "-m", "followup.demo", str(tmp_path / "demo.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    printed = re.split(r"^\$ followup .* today\n", proc.stdout, maxsplit=1, flags=re.M)[1]
    lines = printed.split("\n$ ", 1)[0].rstrip("\n").splitlines()
    coming = next(i for i, line in enumerate(lines) if line.startswith("Coming up"))
    groups = [i for i, line in enumerate(lines) if i > coming and re.match(r"  \S", line)]
    cut = groups[1] if len(groups) > 1 else len(lines) - 1
    return "\n".join([*lines[:cut], "    ...", lines[-1]])


def test_the_readmes_today_is_the_demos(tmp_path: Path) -> None:
    printed = demo_today(tmp_path)
    assert printed.startswith(("Overdue (", "Due now ("))
    assert printed.endswith(
        "\n    ...\nDone one? `followup done ID`.  Not doing it? `followup skip ID`."
    )
    matches_readme(readme_today(), printed, "sample `today` (from make demo)")


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
    matches_readme(readme_sample(), drafted, "sample draft (from the tour)")
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
