"""Invitations as the big calendar programs write them, read into the domain's Invitation
(``adapters/calendar/invite.py``), and the files that must be refused.

The fixtures in tests/data/invites are written after the shapes Google Calendar, Exchange
(Outlook and Teams), Zoom and Calendly send: UTC times, Windows zone names with VTIMEZONE
blocks, IANA zones with blocks, rooms and resources among the attendees, dial-ins beside
meeting links.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.calendar.invite import MAX_DEPTH, read_invitation, zone_named
from followup.domain.errors import BadInput
from followup.domain.invitation import Invitation, Method, Person
from followup.domain.kinds import InterviewFormat

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"
LONDON = ZoneInfo("Europe/London")


def read(name: str, home: ZoneInfo = LONDON) -> Invitation:
    return read_invitation((INVITES / name).read_bytes(), home, name)


def ics(*event_lines: str, method: str = "REQUEST", before: str = "") -> bytes:
    """A minimal invitation around ``event_lines``, CRLF as RFC 5545 wants."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//followup tests//EN",
        f"METHOD:{method}",
        *([before] if before else []),
        "BEGIN:VEVENT",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


BASIC = ("UID:basic-1", "DTSTART:20261210T150000Z", "DTEND:20261210T160000Z")


def test_google_times_in_utc_are_shown_on_the_users_clock() -> None:
    inv = read("google.ics", ZoneInfo("America/New_York"))
    assert inv.start == datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert inv.zone == "America/New_York"
    assert inv.minutes == 60
    assert inv.method is Method.REQUEST
    assert inv.sequence == 0
    assert not inv.cancelled
    assert inv.uid == "3k9f0c2v7ut1q8r5m4n6b2x1za@google.com"
    assert inv.format is InterviewFormat.VIDEO  # the Meet link; the dial-in is its fallback


def test_google_people_named_by_their_cn_unless_it_repeats_the_address() -> None:
    inv = read("google.ics")
    assert inv.organizer == Person("priya.shah@acmerobotics.com", "Priya Shah")
    # The meeting room (a CUTYPE=RESOURCE on resource.calendar.google.com) is no person.
    assert inv.attendees == (
        Person("priya.shah@acmerobotics.com", None),
        Person("alex@example.org", "Alex Morgan"),
        Person("wei.ling.chua@acmerobotics.com", None),
    )
    assert inv.summary == "Acme Robotics <> Alex Morgan: technical interview"


def test_outlook_windows_zone_name_becomes_its_iana_zone() -> None:
    inv = read("outlook.ics")
    berlin = ZoneInfo("Europe/Berlin")
    assert inv.zone == "Europe/Berlin"
    assert inv.start == datetime(2026, 12, 14, 10, 0, tzinfo=berlin)
    assert inv.start.utcoffset() == berlin.utcoffset(datetime(2026, 12, 14))
    assert inv.minutes == 90
    assert inv.format is InterviewFormat.IN_PERSON  # Friedrichstraße 123
    assert inv.location == "Initech GmbH, Friedrichstraße 123, 10117 Berlin"
    # The meeting room (NON-PARTICIPANT, RESOURCE) is left out; umlauts survive.
    assert [p.name for p in inv.attendees] == ["Alex Morgan", "Jonas Weiß", "Dr. Leila Haddad"]
    assert inv.uid.startswith("040000008200E00074C5B7101A82E008")  # unfolded whole


def test_teams_meeting_is_video_although_it_has_a_dial_in() -> None:
    inv = read("teams.ics")
    assert inv.zone == "America/Los_Angeles"
    assert inv.start.astimezone(LONDON) == datetime(2026, 12, 9, 17, 30, tzinfo=LONDON)
    assert inv.minutes == 45
    assert inv.format is InterviewFormat.VIDEO
    assert inv.organizer == Person("tom.becker@hays.com", "Tom Becker")


def test_zoom_publish_with_its_own_zone_block_and_the_link_as_location() -> None:
    inv = read("zoom.ics")
    assert inv.method is Method.PUBLISH
    assert inv.zone == "America/Los_Angeles"
    assert inv.start == datetime(2026, 12, 15, 14, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert inv.format is InterviewFormat.VIDEO
    assert inv.attendees == ()
    assert inv.organizer == Person("sam.okafor@umbrella-health.com", "Sam Okafor")


def test_calendly_phone_call_with_the_number_as_location() -> None:
    inv = read("calendly.ics")
    assert inv.format is InterviewFormat.PHONE
    assert inv.minutes == 30
    assert inv.start == datetime(2026, 12, 16, 17, 0, tzinfo=LONDON)


def test_an_update_and_a_cancellation_keep_the_uid_and_count_up() -> None:
    first, update, cancel = (read(f"google{s}.ics") for s in ("", "-update", "-cancel"))
    assert first.uid == update.uid == cancel.uid
    assert (first.sequence, update.sequence, cancel.sequence) == (0, 1, 2)
    assert update.start == datetime(2026, 12, 11, 16, 30, tzinfo=LONDON)
    assert not update.cancelled
    assert cancel.cancelled
    assert cancel.method is Method.CANCEL


def test_status_cancelled_alone_cancels() -> None:
    inv = read_invitation(ics(*BASIC, "STATUS:CANCELLED"), LONDON)
    assert inv.cancelled
    assert inv.method is Method.REQUEST


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("recurring.ics", "a recurring event (RRULE), not an interview"),
        ("reply.ics", "an answer to an invitation (METHOD:REPLY)"),
        ("all-day.ics", "an all-day event"),
        ("no-dtstart.ics", "no DTSTART"),
        ("bad-tzid.ics", "unknown time zone 'Mars/Olympus_Mons'"),
        ("broken.ics", "not a readable calendar file"),
        ("binary.ics", "a binary file, not a calendar"),
    ],
)
def test_what_is_not_one_readable_invitation_is_refused(name: str, message: str) -> None:
    with pytest.raises(BadInput, match=re.escape(message)) as raised:
        read(name)
    assert raised.value.message.startswith(f"{name}: ")
    assert "\n" not in raised.value.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "not a calendar"),
        (b"Dear Alex, see you Thursday", "not a calendar"),
        (ics("DTSTART:20261210T150000Z"), "no UID"),
        (ics(*BASIC, "RDATE:20261217T150000Z"), "recurring"),
        (ics(*BASIC, "RECURRENCE-ID:20261210T150000Z"), "recurring"),
        (ics(*BASIC, method="COUNTER"), "METHOD:COUNTER"),
        (ics(*BASIC, method="ADD"), "METHOD:ADD is not an invitation"),
        (ics("UID:x", "DTSTART:20261210T150000Z", "DTEND:20261210T140000Z"), "ends before"),
        (ics(*BASIC, "SEQUENCE:-4"), "SEQUENCE -4 is out of range"),
        (ics(*BASIC, "SEQUENCE:ten"), "SEQUENCE is not a number"),
        (ics("UID:" + "u" * 1001, *BASIC[1:]), "a UID of 1001 characters"),
        (ics(*BASIC, "END:VEVENT", "BEGIN:VEVENT", "UID:basic-2", *BASIC[1:]), "2 events"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (ics("UID:x", "DTSTART:20261310T150000Z"), "broken|not a readable"),
        (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 5000 + b"END:X\r\n" * 5000, "nested 5001 deep"),
        (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\nEND:X\r\n" * 600, "601 components"),
        (ics(*BASIC, *(f"X-P{n}:v" for n in range(5000))), "lines; an invitation has a few"),
        (ics(*BASIC, *(f"ATTENDEE:mailto:p{n}@acme.example" for n in range(51))), "51 attendees"),
    ],
)  # fmt: skip
def test_hostile_and_broken_calendars_are_bad_input(raw: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        read_invitation(raw, LONDON)


def test_nesting_up_to_the_cap_is_still_read_by_the_library() -> None:
    nested = "\r\n".join(["BEGIN:X-A"] * (MAX_DEPTH - 2) + ["END:X-A"] * (MAX_DEPTH - 2))
    inv = read_invitation(ics(*BASIC, nested), LONDON)
    assert inv.uid == "basic-1"


def test_a_custom_zone_block_gives_the_exact_instant_on_the_users_clock() -> None:
    """Outlook's "Customized Time Zone": no IANA name, but its rules say +01:00 in winter."""
    block = "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Customized Time Zone",
            "BEGIN:STANDARD",
            "DTSTART:16010101T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010101T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
        ]
    )
    raw = ics(
        "UID:custom-1",
        "DTSTART;TZID=Customized Time Zone:20261210T100000",
        "DTEND;TZID=Customized Time Zone:20261210T110000",
        before=block,
    )
    inv = read_invitation(raw, LONDON)
    assert inv.start == datetime(2026, 12, 10, 9, 0, tzinfo=LONDON)
    assert inv.zone == "Europe/London"
    assert inv.minutes == 60


def test_floating_time_is_read_on_the_users_clock_and_duration_counts() -> None:
    raw = ics("UID:float-1", "DTSTART:20261210T100000", "DURATION:PT45M")
    inv = read_invitation(raw, ZoneInfo("Asia/Tokyo"))
    assert inv.start == datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert inv.minutes == 45


def test_no_end_and_no_duration_lasts_an_hour_as_interview_add_assumes() -> None:
    assert read_invitation(ics("UID:x", "DTSTART:20261210T100000Z"), LONDON).minutes == 60


def test_mozilla_globally_unique_tzid_is_its_iana_tail() -> None:
    raw = ics(
        "UID:moz-1",
        "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20261210T100000",
        "DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20261210T110000",
    )
    inv = read_invitation(raw, LONDON)
    assert inv.zone == "Europe/Berlin"
    assert inv.start.astimezone(LONDON).hour == 9


@pytest.mark.parametrize(
    ("tzid", "key"),
    [
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("GMT Standard Time", "Europe/London"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("India Standard Time", "Asia/Calcutta"),
        ("Europe/Paris", "Europe/Paris"),
        ('"America/New_York"', "America/New_York"),
        ("/mozilla.org/20050126_1/Asia/Singapore", "Asia/Singapore"),
    ],
)
def test_zone_names_the_calendar_programs_use(tzid: str, key: str) -> None:
    zone = zone_named(tzid)
    assert zone is not None
    # CLDR may name a zone by an alias (Asia/Calcutta for Asia/Kolkata): same rules.
    probe = datetime(2026, 7, 1, 12, 0)
    assert zone.utcoffset(probe) == ZoneInfo(key).utcoffset(probe)


@pytest.mark.parametrize(
    "tzid", ["Nowhere/Land", "../../../etc/passwd", "/etc/localtime", "", "Customized Time Zone"]
)
def test_zone_names_that_name_no_zone(tzid: str) -> None:
    assert zone_named(tzid) is None


def test_attendees_without_a_mail_address_are_not_people() -> None:
    raw = ics(
        *BASIC,
        "ATTENDEE;CN=Room 4B:invalid:nomail",
        "ATTENDEE;CN=Someone:mailto:not-an-address",
        "ATTENDEE;CUTYPE=ROOM;CN=Board room:mailto:board@acme.example",
        "ATTENDEE;CN=Jane Roe:MAILTO:Jane.Roe@Acme.Example",
        "ATTENDEE;CN=Jane again:mailto:jane.roe@acme.example",
    )
    assert read_invitation(raw, LONDON).attendees == (Person("jane.roe@acme.example", "Jane Roe"),)


def test_control_characters_in_titles_become_spaces_and_a_broken_line_is_left_out() -> None:
    raw = ics(
        *BASIC,
        "SUMMARY:Interview\\nwith\tAcme\x7f",
        'ATTENDEE;CN="Jane\x07 Roe":mailto:j@a.example',
        "ATTENDEE;CN=Wei Ling:mailto:wl@a.example",
    )
    inv = read_invitation(raw, LONDON)
    assert inv.summary == "Interview with Acme"
    assert inv.attendees == (Person("wl@a.example", "Wei Ling"),)


# --- whatever the bytes, an Invitation or one BadInput ----------------------------------------
_LINES = st.sampled_from(
    [
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VTIMEZONE",
        "END:VTIMEZONE",
        "BEGIN:STANDARD",
        "END:STANDARD",
        "BEGIN:VALARM",
        "END:VALARM",
        "UID:x",
        "SEQUENCE:1",
        "SEQUENCE:99999999999999999999",
        "DTSTART:20261210T150000Z",
        "DTSTART;TZID=Pacific Standard Time:20261210T100000",
        "DTSTART;TZID=Nowhere:20261210T100000",
        "DTSTART;VALUE=DATE:20261210",
        "DTSTART:99991231T235959Z",
        "DTEND:20261210T160000Z",
        "DTEND:00010101T000000",
        "DURATION:P400W",
        "DURATION:-PT1H",
        "RRULE:FREQ=DAILY",
        "TZID:Pacific Standard Time",
        "TZOFFSETFROM:-0700",
        "TZOFFSETTO:-0800",
        "METHOD:CANCEL",
        "STATUS:CANCELLED",
        "ORGANIZER;CN=A:mailto:a@b.example",
        "ATTENDEE;CUTYPE=ROOM:mailto:r@b.example",
        'ATTENDEE;CN="x":mailto:',
        "LOCATION:12 Main Street",
        "SUMMARY:Interview",
        "X-A;=:;",
        " folded",
    ]
)


@given(st.lists(_LINES, max_size=30))
def test_any_arrangement_of_calendar_lines_is_read_or_refused(lines: list[str]) -> None:
    raw = ("BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n").encode()
    outcome = _read_or_refusal(raw)
    if isinstance(outcome, Invitation):
        assert outcome.uid
        assert outcome.end > outcome.start
        assert outcome.start.tzinfo is not None
    else:
        assert "\n" not in outcome


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    outcome = _read_or_refusal(b"BEGIN:VCALENDAR\r\n" + data)
    assert isinstance(outcome, Invitation) or "\n" not in outcome


def _read_or_refusal(raw: bytes) -> Invitation | str:
    """The invitation, or the refusal's message; any other exception fails the test."""
    try:
        return read_invitation(raw, LONDON)
    except BadInput as refused:
        return refused.message
