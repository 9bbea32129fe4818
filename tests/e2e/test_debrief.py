"""``followup debrief``: from a file, from stdin, by prompts; read back; fed to the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.e2e.conftest import NOW, Followup

DEBRIEF = """\
rapport = "good"
decision_date = 2026-12-04
next_steps = "They decide by 4 December."
strengths = ["streaming design"]
stumbles = ["SQL window functions"]
unaddressed = ["my Kafka experience"]
cues = ["Jane leaned in on the cost figures"]
demeanour = 4

[[questions]]
question = "Tell me about a pipeline you rebuilt"
answer = "The nightly batch, moved to streaming"
confidence = 4

[topics]
"jane doe" = ["moving nightly batch jobs to streaming"]
"""

SHOWN = {
    "interview_id": 1,
    "application_id": 1,
    "questions": [
        {
            "question": "Tell me about a pipeline you rebuilt",
            "answer": "The nightly batch, moved to streaming",
            "confidence": 4,
        }
    ],
    "strengths": ["streaming design"],
    "stumbles": ["SQL window functions"],
    "demeanour": 4,
    "topics": [
        {"contact_id": 1, "name": "Jane Doe", "topics": ["moving nightly batch jobs to streaming"]}
    ],
    "unaddressed": ["my Kafka experience"],
    "cues": ["Jane leaned in on the cost figures"],
    "rapport": [{"contact_id": 1, "name": "Jane Doe", "rapport": "good"}],
    "next_steps": "They decide by 4 December.",
    "decision_date": "2026-12-04",
}


def write(tmp_path: Path, text: str, name: str = "debrief.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def actions(f: Followup, kind: str) -> list[dict[str, object]]:
    return [a for a in f.json("plan", "1")["actions"] if a["kind"] == kind]


def test_from_a_file_saves_it_and_show_reads_it_back(interviewed: Followup, tmp_path: Path) -> None:
    f = interviewed
    out = f.ok("debrief", "1", "--from", write(tmp_path, DEBRIEF))
    assert out == (
        "Saved the debrief of interview 1 (Acme · Data Engineer).\n"
        "Logged the decision date they gave (Fri 4 Dec) as a timeline event.\n"
        "Your next steps: `followup plan 1`.\n"
    )
    assert f.json("debrief", "show", "1") == SHOWN
    text = f.ok("debrief", "show", "1")
    for expected in (
        "Debrief of interview 1 · Acme · Data Engineer · today 08:30",
        "  1. Tell me about a pipeline you rebuilt  (confidence 4/5)",
        "  Jane Doe: moving nightly batch jobs to streaming",
        "  Jane Doe: good",
        "Decision date: Fri 4 Dec",
    ):
        assert expected in text


def test_from_stdin_and_saving_again_adds_no_second_timeline(interviewed: Followup) -> None:
    f = interviewed
    for _ in range(2):
        result = f("debrief", "1", "--from", "-", stdin=DEBRIEF)
        assert (result.code, result.err) == (0, ""), result.err
    timeline = [e for e in f.json("plan", "1")["events"] if e["kind"] == "timeline"]
    assert len(timeline) == 1
    assert (timeline[0]["on"], timeline[0]["note"]) == ("2026-12-04", "from the debrief")
    assert f.json("debrief", "show", "1") == SHOWN


def test_record_is_also_spelled_out(interviewed: Followup) -> None:
    result = interviewed("debrief", "record", "1", "--from", "-", stdin="demeanour = 2\n")
    assert result.code == 0, result.err
    assert interviewed.json("debrief", "show", "1")["demeanour"] == 2


def test_the_debrief_feeds_the_plan(interviewed: Followup) -> None:
    f = interviewed
    assert actions(f, "linkedin-connect") == []
    assert actions(f, "send-additional-info") == []
    assert actions(f, "debrief") != []
    [inquiry] = actions(f, "status-inquiry")
    assert str(inquiry["due"]) < "2026-12-04"

    f("debrief", "1", "--from", "-", stdin=DEBRIEF)

    assert [a["contact_id"] for a in actions(f, "linkedin-connect")] == [1]  # P14
    [info] = actions(f, "send-additional-info")  # P13
    assert "my Kafka experience" in str(info["why"])
    [inquiry] = actions(f, "status-inquiry")  # P11: Friday's date, so Monday morning
    assert inquiry["due"] == "2026-12-07T09:00:00+00:00"
    assert actions(f, "debrief") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("demeanour = 7\n", "demeanour must be from 1 to 5, not 7"),
        ('[[questions]]\nquestion = "q"\nconfidence = 0\n', "confidence must be from 1 to 5"),
        ('[rapport]\n"Bob" = "good"\n', "'Bob' is not a contact of application 1"),
        ('[topics]\n"42" = ["x"]\n', "'42' is not a contact of application 1"),
        ("mood = 3\n", "unknown key 'mood'"),
        ('strengths = "one"\n', "strengths must be a list of strings"),
        ("demeanour = [\n", "invalid TOML"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    interviewed: Followup, tmp_path: Path, text: str, problem: str
) -> None:
    f = interviewed
    path = write(tmp_path, text)
    before = f.fingerprint()
    result = f("debrief", "1", "--from", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"error: {path}: ")
    assert problem in result.err
    assert result.err.count("\n") == 1
    assert f.fingerprint() == before

    result = f("debrief", "1", "--from", "-", stdin=text)
    assert (result.code, result.err.startswith("error: stdin: ")) == (2, True)
    assert f.fingerprint() == before


@pytest.mark.parametrize(
    ("args", "stdin", "problem"),
    [
        (("debrief", "1"), "", "no terminal to ask the questions on; use `followup debrief 1 "),
        (("debrief", "1", "--from", "missing.toml"), "", "no such file: missing.toml"),
        (("debrief", "9", "--from", "-"), "demeanour = 3\n", "no interview with id 9"),
        (("debrief", "show", "1"), "", "interview 1 has no debrief yet"),
        (("debrief", "x", "--from", "-"), "", "'x' is not a valid integer"),
    ],
)
def test_other_refusals_exit_2_with_one_line(
    interviewed: Followup, args: tuple[str, ...], stdin: str, problem: str
) -> None:
    before = interviewed.fingerprint()
    result = interviewed(*args, stdin=stdin)
    assert result.code == 2
    assert problem in result.err
    assert result.err.count("\n") == 1
    assert interviewed.fingerprint() == before


def test_a_round_not_yet_held_cannot_be_debriefed(interviewed: Followup) -> None:
    interviewed.ok("interview", "add", "1", "--at", "2026-11-30 10:00", "--with", "1")
    result = interviewed("debrief", "2", "--from", "-", stdin="demeanour = 3\n")
    assert result.code == 2
    assert result.err == "error: interview 2 has not started yet; debrief it once it is over\n"


def test_help_shows_both_ways_in(interviewed: Followup) -> None:
    out = interviewed.ok("debrief", "--help")
    assert "[record] INTERVIEW_ID [--from FILE] | show INTERVIEW_ID [--json]" in " ".join(
        out.split()
    )
    assert "Write or rewrite a debrief (the default command)." in out
    assert "show " in out
    assert "--from FILE" in interviewed.ok("debrief", "1", "--help")


# --- the prompts, driven in-process (no pseudo-terminal library is installed) -----------------
def run_prompts(f: Followup, answers: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    from followup.cli.commands import debrief as debrief_cmd
    from followup.cli.group import cli

    monkeypatch.setattr(debrief_cmd, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("HOME", str(f.home))
    args = ["--db", str(f.db), "--config", str(f.config), "--now", NOW, "debrief", "1"]
    result = CliRunner().invoke(cli, args, input="".join(a + "\n" for a in answers))
    assert result.exit_code == 0, result.output
    return result.output


FIRST_TIME = [
    "Tell me about a pipeline you rebuilt",  # question
    "The nightly batch",  # answer
    "6",  # confidence out of range: asked again
    "4",
    "",  # no more questions
    "streaming design",
    "",  # strengths done
    "",  # no stumbles
    "",  # demeanour skipped
    "streaming",  # topic with Jane Doe
    "",
    "good",  # rapport with Jane Doe
    "my Kafka experience",
    "",
    "",  # no cues
    "They decide by 4 December",
    "2026-12-04",
]


def test_the_prompts_ask_one_thing_at_a_time(
    interviewed: Followup, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = run_prompts(interviewed, FIRST_TIME, monkeypatch)
    assert "Question asked (empty to finish)" in out
    assert "confidence must be from 1 to 5, not 6" in out
    assert "Topic discussed with Jane Doe (empty to finish)" in out
    assert "Rapport with Jane Doe (good/neutral/poor)" in out
    assert "Saved the debrief of interview 1" in out
    shown = interviewed.json("debrief", "show", "1")
    assert shown["questions"] == [
        {
            "question": "Tell me about a pipeline you rebuilt",
            "answer": "The nightly batch",
            "confidence": 4,
        }
    ]
    assert (shown["strengths"], shown["stumbles"], shown["demeanour"]) == (
        ["streaming design"],
        [],
        None,
    )
    assert shown["rapport"] == [{"contact_id": 1, "name": "Jane Doe", "rapport": "good"}]
    assert shown["topics"] == [{"contact_id": 1, "name": "Jane Doe", "topics": ["streaming"]}]
    assert (shown["next_steps"], shown["decision_date"]) == (
        "They decide by 4 December",
        "2026-12-04",
    )


def test_running_it_again_edits_with_what_was_recorded_as_defaults(
    interviewed: Followup, monkeypatch: pytest.MonkeyPatch
) -> None:
    interviewed("debrief", "1", "--from", "-", stdin=DEBRIEF)
    out = run_prompts(
        interviewed,
        [
            "",  # keep the questions
            "",  # and add none
            "n",  # drop the strengths
            "",
            "",  # keep the stumbles
            "",
            "-",  # clear the demeanour (was 4)
            "",  # keep Jane's topics
            "",
            "",  # keep the rapport (good)
            "",  # keep unaddressed
            "",
            "",  # keep cues
            "",
            "",  # keep next steps
            "2026-12-11",  # a new decision date
        ],
        monkeypatch,
    )
    assert "Your demeanour, 1-5 [4]" in out
    assert "Logged the decision date they gave" in out
    shown = interviewed.json("debrief", "show", "1")
    assert shown == {**SHOWN, "strengths": [], "demeanour": None, "decision_date": "2026-12-11"}
