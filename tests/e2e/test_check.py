"""``followup check`` through the real command line, and the review shown under a draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Followup, make_profile

LETTER = """Subject: Data Engineer interview

Dear Jane,

Thank you for meeting me about the role at [Company Name]. I am very interested and woud
love to hear back ASAP!!!

Best regards,
Alex Morgan
alex@example.org
"""
CLEAN = """Subject: Thank you: Data Engineer interview

Dear Jane,

Thank you for speaking with me today about the Data Engineer role at Acme. I enjoyed our
talk about the new data platform, and I am very interested in the role.

Best regards,
Alex Morgan
alex@example.org
"""


def column(span: str) -> int:
    """The 1-based column where ``span`` starts on its line of LETTER."""
    at = LETTER.index(span)
    return at - LETTER.rfind("\n", 0, at)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_placeholder_and_asap_each_show_under_their_line_with_a_fix(
    followup: Followup, tmp_path: Path
) -> None:
    path = write(tmp_path, LETTER)
    result = followup("check", path, "--kind", "thank-you")
    assert result.code == 3, result.err  # reviewed, and it has errors
    assert result.err == ""
    lines = result.out.splitlines()
    at = lines.index(next(ln for ln in lines if "[placeholder]" in ln))
    assert lines[at].startswith(f"{path}:5:{column('[Company Name]')}: error [placeholder]")
    assert lines[at + 1].strip().startswith("Thank you for meeting me")
    assert lines[at + 2] == " " * (3 + column("[Company Name]")) + "^" * len("[Company Name]")
    assert lines[at + 3].startswith("    fix: ")
    asap = next(i for i, ln in enumerate(lines) if "ASAP is demanding" in ln)
    assert lines[asap].startswith(f"{path}:6:{column('ASAP')}: error [tone]")
    assert lines[asap + 2] == " " * (3 + column("ASAP")) + "^^^^"
    assert lines[asap + 3] == "    fix: when you have a moment"
    bangs = next(i for i, ln in enumerate(lines) if "exclamation" in ln)
    assert lines[bangs + 2] == " " * (3 + column("!!!")) + "^^^"
    assert "errors" in lines[-1]


def test_the_typo_shows_with_its_fix(followup: Followup, tmp_path: Path) -> None:
    found = json.loads(followup("check", write(tmp_path, LETTER), "--json").out)["findings"]
    typo = [f for f in found if f["category"] == "spelling"]
    assert typo
    assert LETTER[typo[0]["start"] : typo[0]["end"]] == "woud"
    assert typo[0]["suggestion"]


def test_json_and_standard_input(followup: Followup) -> None:
    result = followup("check", "-", "--json", stdin=LETTER)
    assert result.code == 3
    found = json.loads(result.out)["findings"]
    assert {"category", "severity", "message", "start", "end", "suggestion"} == set(found[0])
    spans = {LETTER[f["start"] : f["end"]] for f in found}
    assert {"[Company Name]", "ASAP", "!!!"} <= spans


def test_a_clean_letter_exits_0(followup: Followup, tmp_path: Path) -> None:
    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    followup.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    result = followup("check", write(tmp_path, CLEAN), "--kind", "thank_you", "--app", "1")
    assert result.code == 0, result.out
    errors = json.loads(followup("check", write(tmp_path, CLEAN), "--json").out)["findings"]
    assert [f for f in errors if f["severity"] == "error"] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", "/no/such/file.txt"], "no such file"),
        (["check", "-", "--kind", "lunch"], "unknown kind 'lunch'"),
        (["check", "-", "--app", "9"], "9"),
    ],
)
def test_bad_input_exits_2_with_one_line(followup: Followup, args: list[str], says: str) -> None:
    result = followup(*args, stdin="Dear Jane,\n")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert says in result.err


def test_a_draft_shows_its_review(interviewed: Followup) -> None:
    facts = ("--topic", "the new data platform", "--strength", "five years of Airflow")
    (message,) = interviewed.json("draft", "1", "thank-you", *facts)["messages"]
    assert [f for f in message["findings"] if f["severity"] == "error"] == []
    shown = interviewed.ok("draft", "1", "follow-up")
    assert "Review: " in shown


# --- issue 11: the user's English, the record's words, the broken sentences ----------------------
BRITISH = """Subject: Thank you

Dear Jane,

Thank you for the interview. I organised the research programme at my last job and I am very
interested in the role.

Best regards,
Alex Morgan
alex@example.org
"""


def spelling(result_out: str, text: str) -> set[str]:
    found = json.loads(result_out)["findings"]
    return {text[f["start"] : f["end"]] for f in found if f["category"] == "spelling"}


def test_the_dialect_is_the_profiles_or_the_one_asked_for(
    followup: Followup, tmp_path: Path
) -> None:
    path = write(tmp_path, BRITISH)
    # No database yet: American English, and checking creates no database.
    american = followup("check", path, "--json")
    assert american.code == 3
    assert spelling(american.out, BRITISH) == {"organised", "programme"}
    assert not followup.db.exists()
    assert spelling(followup("check", path, "--json", "--dialect", "british").out, BRITISH) == set()
    make_profile(followup)  # country GB
    assert followup("check", path, "--json").code == 0
    assert spelling(followup("check", path, "--json").out, BRITISH) == set()
    assert followup("check", path, "--dialect", "American", "--json").code == 3
    bad = followup("check", path, "--dialect", "klingon")
    assert (bad.code, bad.out) == (2, "")
    assert "unknown dialect 'klingon'" in bad.err


BROKEN = """Subject: Thank you: Senior UX Researcher interview

Dear Jane,

Thank you for speaking with me yesterday about the role at Acme. I especially enjoyed our
discussion of how we keep HPRA and CAPA records under one QMS.

In particular, I kept thinking about how ran a diary study with 40 clinic patients would
carry over.

I am very interested in the role and look forward to hearing about next steps.

Best regards,
Alex Morgan
alex@example.org
"""


def test_the_broken_sentence_shows_and_the_records_words_do_not(
    interviewed: Followup, tmp_path: Path
) -> None:
    """The user story: a strength typed as people type it, pasted into a frame, must not
    pass as ready to send; the record's acronyms are neither shouting nor misspellings."""
    debrief = tmp_path / "debrief.toml"
    debrief.write_text(
        'strengths = ["ran a diary study with 40 clinic patients"]\n'
        'unaddressed = ["how we keep HPRA and CAPA records under one QMS"]\n'
    )
    interviewed.ok("debrief", "1", "--from", str(debrief))
    path = write(tmp_path, BROKEN)
    result = interviewed("check", path, "--kind", "thank-you", "--app", "1")
    assert result.code == 0, result.out  # warnings only
    assert "warning [grammar] 'how ran'" in result.out
    assert "fix: running" in result.out
    assert "No findings" not in result.out
    found = json.loads(interviewed("check", path, "--app", "1", "--json").out)["findings"]
    serious = [f for f in found if f["severity"] != "info"]
    assert [(BROKEN[f["start"] : f["end"]], f["category"]) for f in serious] == [("ran", "grammar")]
