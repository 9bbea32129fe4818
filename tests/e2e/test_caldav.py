"""``followup calendar setup / show / sync`` end to end: real processes, a real database and
a real CalDAV server (Radicale, ``tests/calendarserver.py``), whose stored copies are read
back with ``icalendar``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from tests.calendarserver import PASSWORD, USER, Radicale, radicale
from tests.e2e.conftest import Followup, Result

LATER = "2026-11-23 12:00"
OWN_UID = "dinner-with-sam@example.org"  # the user's own event, not followup's
INTERVIEW_UID = "panel-acme@calendar.example"


@pytest.fixture
def server() -> Iterator[Radicale]:
    with radicale() as running:
        yield running


def run(f: Followup, *args: str, now: str = LATER, password: str | None = PASSWORD) -> Result:
    env = {} if password is None else {"FOLLOWUP_CALDAV_PASSWORD": password}
    argv = ["--db", str(f.db), "--config", str(f.config), "--now", now]
    return f.raw(*argv, *args, **env)


def ok(f: Followup, *args: str, now: str = LATER) -> Result:
    result = run(f, *args, now=now)
    assert result.code == 0, result.err
    return result


@pytest.fixture
def synced(interviewed: Followup, server: Radicale) -> tuple[Followup, Radicale]:
    ok(interviewed, "calendar", "setup", "--url", server.url, "--user", USER)
    return interviewed, server


def stored(server: Radicale) -> dict[str, tuple[icalendar.Event, bytes]]:
    """Every event on the server, by UID, with its stored bytes: the server's own copies."""
    out = {}
    for path in sorted((server.folder / "collections").rglob("*.ics")):
        if any(part.startswith(".Radicale") for part in path.parts):  # its own caches
            continue
        data = path.read_bytes()
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            out[str(event["UID"])] = (event, data)
    return out


def add_own_event(server: Radicale, f: Followup) -> None:
    """Two events of the user's in the plan's calendar: a dinner, and a panel interview
    with someone at Acme's domain (a stranger to followup, but the employer's domain)."""
    import caldav

    calendar_url = run(f, "calendar", "show", "--json").json()["calendar_url"]
    client = caldav.DAVClient(url=server.url, username=USER, password=PASSWORD)
    cal = client.calendar(url=calendar_url)
    cal.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{OWN_UID}\r\nDTSTAMP:20261120T100000Z\r\nDTSTART:20261125T190000Z\r\n"
        "DTEND:20261125T210000Z\r\nSUMMARY:Dinner with Sam\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    cal.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{INTERVIEW_UID}\r\nDTSTAMP:20261120T100000Z\r\nDTSTART:20261127T140000Z\r\n"
        "DTEND:20261127T150000Z\r\nSUMMARY:Panel interview\r\n"
        "ORGANIZER:mailto:talent@acme.example\r\n"
        "ATTENDEE;CN=Alex Morgan:mailto:alex@example.org\r\n"
        "ATTENDEE;CN=Raj:mailto:raj@acme.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_setup_makes_the_calendar_and_show_tells_where(synced: tuple[Followup, Radicale]) -> None:
    f, server = synced
    shown = run(f, "calendar", "show", "--json").json()
    assert shown["calendar"] == "followup"
    assert shown["calendar_url"].startswith(server.url)
    assert shown["password_from"] == "environment"
    assert shown["pushed"] == 0
    again = ok(f, "calendar", "setup", "--url", server.url, "--user", USER)
    assert "(found)" in again.out  # the same calendar, not a second one
    assert run(f, "calendar", "show", "--json").json()["calendar_url"] == shown["calendar_url"]
    assert "Password: environment" in ok(f, "calendar", "show").out


def test_create_move_complete_and_idempotent(synced: tuple[Followup, Radicale]) -> None:
    f, server = synced
    actions = f.json("plan", "1", now=LATER)["actions"]
    first = run(f, "calendar", "sync", "--json").json()
    assert first["created"] == len(actions) > 1
    assert first["updated"] == first["deleted"] == 0
    on_server = stored(server)
    assert {u.split("@")[0] for u in on_server} == {f"action-{a['id']}" for a in actions}

    # Two syncs in a row: the second sends nothing, and the server's copies are the same.
    before = server.requests()
    second = run(f, "calendar", "sync", "--json").json()
    assert second["created"] == second["updated"] == second["deleted"] == 0
    assert second["unchanged"] == len(actions)
    sent = server.requests() - before
    assert sent["PUT"] == sent["DELETE"] == 0
    assert {u: d for u, (_, d) in stored(server).items()} == {
        u: d for u, (_, d) in on_server.items()
    }

    # Moved: the server's copy moves, under a higher SEQUENCE.
    thank_you = next(a for a in actions if a["kind"] == "thank-you")
    other = next(a for a in actions if a["id"] != thank_you["id"])
    uid = next(u for u in on_server if u.startswith(f"action-{other['id']}@"))
    f.ok("snooze", other["id"], "--until", "2026-12-01 10:00", now=LATER)
    moved = run(f, "calendar", "sync", "--json").json()
    assert moved["updated"] >= 1
    assert moved["created"] == moved["deleted"] == 0
    event, _ = stored(server)[uid]
    assert event.decoded("DTSTART").isoformat() == "2026-12-01T10:00:00+00:00"
    assert int(event["SEQUENCE"]) > int(on_server[uid][0]["SEQUENCE"])

    # Done and skipped: their events are deleted from the server.
    f.ok("done", thank_you["id"], now=LATER)
    f.ok("skip", other["id"], now=LATER)
    gone = run(f, "calendar", "sync", "--json").json()
    assert gone["deleted"] == 2
    left = stored(server)
    assert not [u for u in left if u.startswith((f"action-{thank_you['id']}@", uid))]
    assert len(left) == len(actions) - 2


def test_own_events_untouched_and_interviews_proposed(synced: tuple[Followup, Radicale]) -> None:
    f, server = synced
    add_own_event(server, f)
    own_before = {u: d for u, (_, d) in stored(server).items() if u in (OWN_UID, INTERVIEW_UID)}
    first = run(f, "calendar", "sync", "--json").json()
    (proposal,) = first["proposed"]
    assert proposal["uid"] == INTERVIEW_UID
    assert proposal["application_ids"] == [1]
    assert proposal["status"] == "proposed"
    assert "acme.example" in proposal["reason"]
    # Never recorded silently: the application still has its one interview.
    assert len(f.json("interview", "list", "1")["interviews"]) == 1
    f.ok("done", f.json("plan", "1", now=LATER)["actions"][0]["id"], now=LATER)
    run(f, "calendar", "sync", "--json").json()
    after = stored(server)
    assert {u: after[u][1] for u in own_before} == own_before
    human = ok(f, "calendar", "sync").out
    assert "proposed:" in human
    assert "Panel interview" in human


def test_server_down_exit_1_and_the_next_sync_catches_up(
    synced: tuple[Followup, Radicale],
) -> None:
    f, server = synced
    actions = f.json("plan", "1", now=LATER)["actions"]
    server.stop()
    try:
        down = run(f, "calendar", "sync")
        assert down.code == 1
        assert "cannot be reached" in down.err
        assert "Traceback" not in down.err
    finally:
        server.start()
    assert stored(server) == {}
    caught_up = run(f, "calendar", "sync", "--json").json()
    assert caught_up["created"] == len(actions)


def test_wrong_password_exit_1_nothing_recorded(synced: tuple[Followup, Radicale]) -> None:
    f, _ = synced
    refused = run(f, "calendar", "sync", password="wrong")
    assert refused.code == 1
    assert "refused the login" in refused.err
    assert run(f, "calendar", "show", "--json").json()["pushed"] == 0


def test_bad_flags_exit_2_and_write_nothing(followup: Followup, server: Radicale) -> None:
    for args in (
        ("--url", "not a url", "--user", USER),
        ("--url", "ftp://127.0.0.1/", "--user", USER),
        ("--url", server.url, "--user", " "),
        ("--url", server.url),
    ):
        result = run(followup, "calendar", "setup", *args)
        assert result.code == 2, (args, result.err)
        assert "Traceback" not in result.err
        assert not Path(followup.db).exists()
    assert run(followup, "calendar", "sync").code == 2  # nothing set up yet


def test_setup_against_a_server_down_saves_nothing(followup: Followup, server: Radicale) -> None:
    server.stop()
    try:
        result = run(followup, "calendar", "setup", "--url", server.url, "--user", USER)
    finally:
        server.start()
    assert result.code == 1
    assert "cannot be reached" in result.err
    assert run(followup, "calendar", "show").code == 2
