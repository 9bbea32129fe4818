"""``followup calendar export`` and ``calendar feed`` end to end: real processes, a real
database, the output read back by ``icalendar`` and by ``vobject`` (a second parser that
shares no code with the first)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from tests.e2e.conftest import Followup

LONDON = ZoneInfo("Europe/London")
LATER = "2026-11-23 12:00"


@pytest.fixture
def planned(interviewed: Followup) -> Followup:
    """Interviewed this morning, and a second interview (a panel) next week."""
    interviewed.ok("interview", "add", "1", "--at", "2026-11-30 14:00", "--minutes", "90")
    return interviewed


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _vobject_events(data: bytes) -> dict[str, vobject.base.Component]:
    cal = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: e for e in cal.contents.get("vevent", [])}


def _export(f: Followup, *args: str, now: str = LATER) -> bytes:
    """Standard output as bytes (``Followup`` reads text, which would undo the CRLFs)."""
    argv = ["--db", str(f.db), "--config", str(f.config), "--now", now]
    proc = subprocess.run(
        [sys.executable, "-m", "followup", *argv, "calendar", "export", *args],
        capture_output=True, env=f.env(), timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_round_trip_two_parsers_agree_with_the_plan(planned: Followup) -> None:
    f = planned
    actions = f.json("plan", "1", now=LATER)["actions"]
    interviews = f.json("interview", "list", "1")["interviews"]
    data = _export(f)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 5545 says
    ours, theirs = _events(data), _vobject_events(data)
    assert set(ours) == set(theirs)
    action_uids = {u for u in ours if u.startswith("action-")}
    interview_uids = {u for u in ours if u.startswith("interview-")}
    assert len(action_uids) == len(actions)
    assert len(interview_uids) == 1  # this morning's is over; next week's is upcoming
    for action in actions:
        (uid,) = [u for u in action_uids if u.startswith(f"action-{action['id']}@")]
        due = datetime.fromisoformat(action["due"])
        assert due.tzinfo is not None
        assert due.utcoffset() == LONDON.utcoffset(due)
        event, other = ours[uid], theirs[uid]
        assert event.decoded("DTSTART") == due
        assert other.dtstart.value == due
        assert event.decoded("DTEND") - due == other.dtend.value - other.dtstart.value
        assert action["why"] in str(event["DESCRIPTION"])
        assert other.description.value == str(event["DESCRIPTION"])
        assert "http://127.0.0.1:8765/applications/1" in other.description.value
        assert other.summary.value == str(event["SUMMARY"])
        assert "Acme · Data Engineer" in other.summary.value
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert other.valarm.action.value == "DISPLAY"
    (uid,) = interview_uids
    upcoming = next(i for i in interviews if i["start"].startswith("2026-11-30"))
    assert uid.startswith(f"interview-{upcoming['id']}@")
    start = datetime(2026, 11, 30, 14, 0, tzinfo=LONDON)
    assert ours[uid].decoded("DTSTART") == start
    assert theirs[uid].dtend.value == datetime(2026, 11, 30, 15, 30, tzinfo=LONDON)


def test_uids_are_stable_and_another_database_never_shares_them(
    planned: Followup, tmp_path: Path
) -> None:
    first, second = _export(planned), _export(planned, now="2026-11-23 12:05")
    assert set(_events(first)) == set(_events(second))
    other = Followup(db=tmp_path / "other.db", config=planned.config, home=planned.home)
    other.ok("me", "--name", "Sam", "--email", "sam@example.org", "--timezone", "Europe/London")
    other.ok("app", "add", "Acme", "Data Engineer")
    other.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    other.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    theirs = _events(_export(other))
    assert theirs
    assert not set(theirs) & set(_events(first))
    # the same actions (the same ids: the same thank-you to the same Jane) under another name
    assert {u.split("@")[0] for u in theirs} & {u.split("@")[0] for u in _events(first)}


def test_a_moved_action_grows_its_sequence_and_a_done_one_is_gone(planned: Followup) -> None:
    f = planned
    actions = f.json("plan", "1", now=LATER)["actions"]
    thank_you = next(a for a in actions if a["kind"] == "thank-you")
    other = next(a for a in actions if a["id"] != thank_you["id"])
    before = _events(_export(f))
    uid = next(u for u in before if u.startswith(f"action-{other['id']}@"))
    f.ok("snooze", other["id"], "--until", "2026-12-01 10:00", now=LATER)
    moved = _events(_export(f))
    assert moved[uid].decoded("DTSTART") == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
    assert int(moved[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    f.ok("done", thank_you["id"], now=LATER)
    after = _events(_export(f))
    assert not [u for u in after if u.startswith(f"action-{thank_you['id']}@")]
    assert uid in after


def test_days_limits_the_window(planned: Followup) -> None:
    everything = _events(_export(planned))
    today = _events(_export(planned, "--days", "0"))
    assert not [u for u in today if u.startswith("interview-")]  # next week's is beyond
    assert set(today) < set(everything)
    assert set(_events(_export(planned, "--days", "3660"))) == set(everything)


def test_out_writes_the_file_whole_and_privately(planned: Followup, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("old")
    result = planned("calendar", "export", "--out", str(target), now=LATER)
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.startswith("wrote ")
    assert _events(target.read_bytes()) == _events(_export(planned))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


@pytest.mark.parametrize(
    ("where", "said"),
    [("missing/plan.ics", "does not exist"), (".", "is a folder")],
)
def test_a_bad_out_path_is_exit_2_and_writes_nothing(
    planned: Followup, tmp_path: Path, where: str, said: str
) -> None:
    before = sorted(os.listdir(tmp_path))
    result = planned("calendar", "export", "--out", str(tmp_path / where), now=LATER)
    assert result.code == 2
    assert said in result.err
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == before


def test_bad_days_and_no_profile_are_exit_2(followup: Followup) -> None:
    assert followup("calendar", "export", "--days", "-1").code == 2
    result = followup("calendar", "export")
    assert result.code == 2
    assert "no profile yet" in result.err


def test_feed_prints_its_address_and_rotate_replaces_the_token(planned: Followup) -> None:
    first = planned.ok("calendar", "feed").strip()
    assert first.startswith("http://127.0.0.1:8765/calendar/")
    assert first.endswith(".ics")
    assert planned.ok("calendar", "feed").strip() == first
    kept = Path(f"{planned.db}.feed-token")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    rotated = planned("calendar", "feed", "--rotate", "--port", "9000")
    assert rotated.code == 0
    assert rotated.out.startswith("http://127.0.0.1:9000/calendar/")
    assert rotated.out.strip().rsplit("/", 1)[1] != first.rsplit("/", 1)[1]
    assert "no longer works" in rotated.err


CLICK_ONLY = """
import sys
from followup.cli import fast, main
fast.match = lambda argv: None  # every command line through click
sys.exit(main.run(sys.argv[1:]))
"""


def test_the_click_free_path_and_click_write_the_same_bytes(planned: Followup) -> None:
    argv = ["--db", str(planned.db), "--config", str(planned.config), "--now", LATER]
    argv += ["calendar", "export", "--days", "30", "--port", "9000"]
    fast_path = subprocess.run(
        [sys.executable, "-m", "followup", *argv], capture_output=True, env=planned.env(),
        check=True,
    )  # fmt: skip
    through_click = subprocess.run(
        [sys.executable, "-c", CLICK_ONLY, *argv], capture_output=True, env=planned.env(),
        check=True,
    )  # fmt: skip
    assert fast_path.stdout == through_click.stdout
    assert b"http://127.0.0.1:9000/applications/1" in fast_path.stdout
