"""Issue 12's reproductions through the real command line: far dates, line breaks and
over-long fields are refused with exit 2, one line on stderr, no traceback, and the database
file byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.domain import limits
from tests.e2e.conftest import Followup

OUTSIDE = "is outside the dates followup accepts (1970-01-01 to 2200-12-31)"


def refused(f: Followup, *args: str, now: str | None = None) -> str:
    """Run a command that must be refused: exit 2, one line, nothing written."""
    before = f.fingerprint()
    result = f(*args, now=now)
    assert result.code == 2, (args, result.err, result.out)
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert "unexpected" not in result.err
    assert f.fingerprint() == before, args
    return result.err


@pytest.mark.parametrize(
    "args",
    [
        ("interview", "add", "1", "--at", "9999-12-31 23:00"),
        ("interview", "add", "1", "--at", "0001-01-01 00:00"),
        ("interview", "add", "1", "--at", "1969-12-31 23:59"),
        ("interview", "edit", "1", "--at", "2201-01-01 00:00"),
        ("log", "1", "auto-reply", "--on", "9999-12-31"),
        ("log", "1", "timeline", "--on", "31 Dec 9999"),
        ("log", "1", "note", "--at", "9999-12-31 23:00"),
        ("log", "1", "note", "--at", "0001-01-01T00:00+14:00"),
    ],
    ids=" ".join,
)
def test_a_far_date_is_refused_and_nothing_written(interviewed: Followup, args: tuple[str]) -> None:
    assert OUTSIDE in refused(interviewed, *args)


@pytest.mark.parametrize("now", ["9999-12-31 23:00", "0001-01-01 00:00", "2201-01-01"])
@pytest.mark.parametrize("command", [("today",), ("today", "--json"), ("plan", "1")])
def test_a_far_now_is_refused(interviewed: Followup, now: str, command: tuple[str]) -> None:
    assert "--now: date" in refused(interviewed, *command, now=now)


def test_the_edges_of_the_range_are_accepted(interviewed: Followup) -> None:
    f = interviewed
    f.ok("log", "1", "note", "--at", "1970-01-01 00:00")
    f.ok("interview", "add", "1", "--at", "2200-12-31 23:59")
    f.ok("today", now="2200-12-31 23:59")
    f.ok("plan", "1", now="1970-01-01 00:00")
    f.ok("app", "show", "1")


def test_a_debrief_file_with_a_far_decision_date_is_refused(
    interviewed: Followup, tmp_path: Path
) -> None:
    for value in ("9999-12-31", '"9999-12-31"', "1900-01-01"):
        path = tmp_path / "debrief.toml"
        path.write_text(f'strengths = ["pipelines"]\ndecision_date = {value}\n', encoding="utf-8")
        err = refused(interviewed, "debrief", "1", "--from", str(path))
        assert "decision_date: date" in err
        assert OUTSIDE in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("app", "add", "Acme", "Role\nSecond line"), "role must be one line"),
        (("app", "add", "Acme\rCorp", "Engineer"), "company must be one line"),
        (("app", "add", "Ac\x1bme", "Engineer"), "has a control character"),
        (("app", "edit", "1", "--role", "A\nB"), "role must be one line"),
        (("contact", "add", "1", "Wei\nLing"), "contact name must be one line"),
        (("contact", "add", "1", "Wei", "--phone", "+44\n7700"), "phone must be one line"),
        (("me", "--name", "Al\nBo"), "name must be one line"),
        (
            ("app", "add", "x" * (limits.COMPANY_CHARS + 1), "Engineer"),
            f"company must be at most {limits.COMPANY_CHARS} characters",
        ),
        (
            ("log", "1", "note", "--note", "n" * (limits.NOTE_CHARS + 1)),
            f"note must be at most {limits.NOTE_CHARS} characters",
        ),
    ],
    ids=lambda v: v[1] if isinstance(v, tuple) else None,
)
def test_single_line_fields_and_lengths_are_refused(
    interviewed: Followup, args: tuple[str], said: str
) -> None:
    assert said in refused(interviewed, *args)


def test_a_role_on_one_line_keeps_the_draft_subject_whole(interviewed: Followup) -> None:
    f = interviewed
    f.ok("app", "add", "Globex", "  Senior Engineer  ")
    assert "Senior Engineer" in f.ok("app", "show", "2")
