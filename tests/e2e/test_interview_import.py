"""``followup interview import FILE.ics`` as a subprocess (issue 15): exit statuses, nothing
written on bad input, and ``--json`` records equal to ``interview list`` / ``contact list``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Followup, make_profile

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"
NOW = "2026-12-01T09:00"


@pytest.fixture
def ready(followup: Followup) -> Followup:
    followup.now = NOW
    make_profile(followup)
    followup.ok(
        "app",
        "add",
        "Acme Robotics",
        "Robotics Engineer",
        "--url",
        "https://careers.acmerobotics.com/j/1",
    )
    followup.ok("app", "add", "Globex Corporation", "Platform Engineer", "--agency", "Hays")
    followup.ok("app", "add", "Initech GmbH", "Backend Engineer")
    followup.ok(
        "contact",
        "add",
        "1",
        "Priya Shah",
        "--email",
        "priya.shah@acmerobotics.com",
        "--role",
        "recruiter",
    )
    return followup  # fmt: skip


def invite(name: str) -> str:
    return str(INVITES / name)


def test_import_prints_records_equal_to_the_listings(ready: Followup) -> None:
    got = ready.json("interview", "import", invite("google.ics"))
    assert set(got) == {"interviews", "contacts"}
    listed = ready.json("interview", "list", "1")["interviews"]
    assert got["interviews"] == listed
    contacts = {c["id"]: c for c in ready.json("contact", "list", "1")["contacts"]}
    assert got["contacts"] == [contacts[c["id"]] for c in got["contacts"]]
    assert [c["name"] for c in got["contacts"]] == ["Priya Shah", "Wei Ling Chua"]
    (record,) = got["interviews"]
    assert record["start"] == "2026-12-10T15:00:00+00:00"
    assert record["format"] == "video"
    assert record["interviewer_ids"] == [2]


def test_twice_update_cancel_through_the_cli(ready: Followup) -> None:
    first = ready.ok("interview", "import", invite("google.ics"))
    assert first.startswith("Recorded interview 1 for Acme Robotics (application 1)")
    before = ready.fingerprint()
    again = ready("interview", "import", invite("google.ics"))
    assert again.code == 0
    assert again.out.startswith("Already recorded, nothing changed:")
    assert ready.fingerprint() == before
    assert ready.ok("interview", "import", invite("google-update.ics")).startswith("Moved")
    cancelled = ready.ok("interview", "import", invite("google-cancel.ics"))
    assert cancelled.startswith("Cancelled interview 1")
    assert "off the plan" in cancelled
    (record,) = ready.json("interview", "list", "1")["interviews"]
    assert record["cancelled"]
    assert record["start"] == "2026-12-11T16:30:00+00:00"


def test_standard_input_and_an_explicit_application(ready: Followup) -> None:
    text = (INVITES / "outlook.ics").read_text(encoding="utf-8")
    result = ready("interview", "import", "-", "--app", "3", "--json", stdin=text)
    assert result.code == 0, result.err
    (record,) = result.json()["interviews"]
    assert record["application_id"] == 3
    assert record["format"] == "in-person"
    assert record["start"] == "2026-12-14T09:00:00+00:00"  # 10:00 in Berlin


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("recurring.ics", "a recurring event (RRULE), not an interview"),
        ("binary.ics", "a binary file"),
        ("no-dtstart.ics", "no DTSTART"),
        ("bad-tzid.ics", "unknown time zone"),
        ("broken.ics", "not a readable calendar file"),
        ("all-day.ics", "an all-day event"),
        ("reply.ics", "METHOD:REPLY"),
        ("calendly.ics", "no application matches"),  # no Northwind application here
        ("google-cancel.ics", "nothing to cancel"),
    ],
)
def test_bad_invitations_exit_2_and_write_nothing(ready: Followup, name: str, message: str) -> None:
    before = ready.fingerprint()
    result = ready("interview", "import", invite(name))
    assert result.code == 2, result.err
    assert message in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert ready.fingerprint() == before


def test_hostile_files_exit_2_and_write_nothing(ready: Followup, tmp_path: Path) -> None:
    huge = tmp_path / "huge.ics"
    huge.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"a" * (1024 * 1024) + b"\r\n")
    deep = tmp_path / "deep.ics"
    deep.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 50_000)
    before = ready.fingerprint()
    for path, message in ((huge, "1 MiB"), (deep, "nested"), (tmp_path, "folder")):
        result = ready("interview", "import", str(path))
        assert result.code == 2, result.err
        assert message in result.err, result.err
    assert ready.fingerprint() == before


def test_two_candidates_are_named(ready: Followup) -> None:
    ready.ok("app", "add", "Acme Robotics", "Second role")
    ready.ok("contact", "add", "4", "Priya", "--email", "priya.shah@acmerobotics.com")
    result = ready("interview", "import", invite("google.ics"))
    assert result.code == 2
    assert "fits 2 applications: 1 Acme Robotics" in result.err
    assert "4 Acme Robotics" in result.err
    assert "--app" in result.err
