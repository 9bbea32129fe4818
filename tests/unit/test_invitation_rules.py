"""The invitation rules of the domain (issue 15): the format from the text, new/moved/
cancelled/already from UID and SEQUENCE, which application, and who is whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.invitation import (
    Change,
    Invitation,
    Method,
    Person,
    Recorded,
    change,
    guess_format,
)
from followup.domain.invitation_match import (
    choose,
    contact_name,
    guests,
    invitation_agency_domains,
    name_in_title,
)
from followup.domain.kinds import ContactRole, InterviewFormat
from followup.domain.model import Application, Contact

START = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
ME = "alex@example.org"


def invitation(
    *people: str,
    organizer: str | None = None,
    summary: str = "Interview",
    sequence: int = 0,
    cancelled: bool = False,
) -> Invitation:
    return Invitation(
        uid="u-1",
        sequence=sequence,
        method=Method.CANCEL if cancelled else Method.REQUEST,
        start=START,
        end=START + timedelta(hours=1),
        zone="UTC",
        summary=summary,
        organizer=None if organizer is None else Person(organizer),
        attendees=tuple(Person(p) for p in people),
        cancelled=cancelled,
    )


def app(
    app_id: int, company: str, url: str | None = None, agency: str | None = None
) -> Application:
    return Application(id=app_id, company=company, role="Engineer", url=url, agency=agency)


def contact(
    cid: int, app_id: int, email: str, role: ContactRole = ContactRole.INTERVIEWER
) -> Contact:
    return Contact(id=cid, application_id=app_id, name=f"C{cid}", email=email, role=role)


ACME = (
    app(1, "Acme Robotics Ltd", url="https://careers.acmerobotics.com/j/1"),
    (contact(1, 1, "priya@acmerobotics.com"),),
)
GLOBEX = (
    app(2, "Globex", agency="Hays"),
    (contact(2, 2, "tom@hays.com", ContactRole.AGENCY_RECRUITER),),
)
INITECH = (app(3, "Initech"), ())
APPS = [ACME, GLOBEX, INITECH]


# --- the format ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("location", "texts", "expected"),
    [
        (None, ("Join: https://meet.google.com/abc-defg-hij",), InterviewFormat.VIDEO),
        ("Microsoft Teams Meeting", ("+1 323-555-0147,,918275564#",), InterviewFormat.VIDEO),
        ("Teams", ("https://teams.microsoft.com/l/meetup-join/x",), InterviewFormat.VIDEO),
        ("https://us06web.zoom.us/j/865", (), InterviewFormat.VIDEO),
        (None, ("https://acme.webex.com/meet/priya",), InterviewFormat.VIDEO),
        ("+44 7700 900123", (), InterviewFormat.PHONE),
        ("Phone call", (), InterviewFormat.PHONE),
        (None, ("We will call you on tel:+14155550100",), InterviewFormat.PHONE),
        ("Initech GmbH, Friedrichstraße 123, 10117 Berlin", (), InterviewFormat.IN_PERSON),
        ("350 Fifth Avenue, New York", ("Reception: +1 212-555-0100",), InterviewFormat.IN_PERSON),
        ("12 Rue de Rivoli, Paris", (), InterviewFormat.IN_PERSON),
        ("Acme HQ, 4th floor", (), InterviewFormat.IN_PERSON),
        ("Acme HQ", ("https://meet.google.com/abc",), InterviewFormat.VIDEO),
        (None, (), InterviewFormat.VIDEO),
        ("Zoom", (), InterviewFormat.VIDEO),
    ],
)  # fmt: skip
def test_the_format_from_what_the_invitation_says(
    location: str | None, texts: tuple[str, ...], expected: InterviewFormat
) -> None:
    assert guess_format(location, texts) is expected


@given(st.text(max_size=200), st.lists(st.text(max_size=200), max_size=3))
def test_a_meeting_link_anywhere_is_video_whatever_else_is_said(
    location: str, texts: list[str]
) -> None:
    link = "https://meet.google.com/xqd-hkpr-tnw"
    assert guess_format(location, (*texts, link)) is InterviewFormat.VIDEO


# --- new, moved, cancelled, already ------------------------------------------------------------
def test_change_without_a_recorded_one() -> None:
    assert change(invitation(), None, False) is Change.NEW
    assert change(invitation(cancelled=True), None, False) is Change.CANCELLED


@given(
    recorded=st.integers(0, 50),
    sequence=st.integers(0, 50),
    same=st.booleans(),
    cancelled=st.booleans(),
)
def test_change_by_sequence(recorded: int, sequence: int, same: bool, cancelled: bool) -> None:
    """An older version never changes anything; the same version again changes nothing
    unless its content differs; a newer one applies (a cancellation cancels)."""
    got = change(
        invitation(sequence=sequence, cancelled=cancelled), Recorded("u-1", 7, recorded), same
    )
    if sequence < recorded or (same and sequence == recorded):
        assert got is Change.ALREADY
    elif cancelled:
        assert got is (Change.ALREADY if same else Change.CANCELLED)
    else:
        assert got is Change.MOVED


# --- which application ---------------------------------------------------------------------------
def test_a_known_contact_decides() -> None:
    outcome = choose(invitation(ME, "priya@acmerobotics.com"), APPS, [ME])
    assert outcome.chosen is not None
    assert outcome.chosen.application_id == 1
    assert outcome.chosen.contact


def test_the_company_domain_from_the_posting_url_decides() -> None:
    outcome = choose(invitation(ME, organizer="jobs@acmerobotics.com"), APPS, [ME])
    assert outcome.chosen is not None
    assert outcome.chosen.application_id == 1
    assert outcome.chosen.company_domain
    assert not outcome.chosen.contact


def test_the_company_name_in_the_title_decides_without_its_legal_ending() -> None:
    outcome = choose(invitation(ME, summary="Interview: Acme Robotics x Alex"), APPS, [ME])
    assert outcome.chosen is not None
    assert outcome.chosen.application_id == 1
    assert not name_in_title("Acme Robotics", "Acme interview")  # all of its words
    assert not name_in_title("Globex", "Globexia onsite")  # whole words only
    assert name_in_title("Zürich Versicherung AG", "Interview zurich versicherung")


def test_an_agency_named_like_the_domain_decides() -> None:
    outcome = choose(invitation(ME, organizer="anna@hays.co.uk"), [GLOBEX, INITECH], [ME])
    assert outcome.chosen is not None
    assert outcome.chosen.application_id == 2
    assert outcome.chosen.agency_domain


def test_a_tie_names_the_candidates_and_nothing_is_nothing() -> None:
    twin = (app(4, "Acme Robotics"), (contact(4, 4, "priya@acmerobotics.com"),))
    outcome = choose(invitation(ME, "priya@acmerobotics.com"), [*APPS, twin], [ME])
    assert outcome.chosen is None
    assert [e.application_id for e in outcome.tied] == [1, 4]
    nothing = choose(invitation(ME, organizer="x@elsewhere.example"), APPS, [ME])
    assert nothing.chosen is None
    assert nothing.tied == ()


def test_the_users_own_domain_and_free_mail_are_no_evidence() -> None:
    mine = (app(5, "Own Corp"), (contact(5, 5, "boss@example.org"),))
    # A colleague at the user's own domain (example.org) is on the invitation: no employer.
    assert choose(invitation(ME, "colleague@example.org"), [mine], [ME]).chosen is None
    gmail = (app(6, "Tiny Startup"), (contact(6, 6, "founder@gmail.com"),))
    assert choose(invitation(ME, "someone.else@gmail.com"), [gmail], [ME]).chosen is None
    # ... but the founder's own address is a contact's.
    assert choose(invitation(ME, "founder@gmail.com"), [gmail], [ME]).chosen is not None


addresses = st.sampled_from(
    [
        "priya@acmerobotics.com",
        "jobs@acmerobotics.com",
        "tom@hays.com",
        "anna@hays.co.uk",
        "x@elsewhere.example",
        "someone@gmail.com",
    ]
)
titles = st.sampled_from(["Interview", "Acme Robotics chat", "Globex / Alex", "Initech onsite"])


@given(st.lists(addresses, max_size=5), titles, st.randoms())
def test_order_and_the_users_own_addresses_never_change_the_choice(
    people: list[str], title: str, rnd: object
) -> None:
    base = choose(invitation(*people, summary=title), APPS, [ME])
    shuffled = list(people)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = choose(invitation(*shuffled, ME, summary=title, organizer=ME), APPS, [ME])
    assert again == base


@given(st.lists(addresses, max_size=5), titles)
def test_the_chosen_one_outranks_every_other(people: list[str], title: str) -> None:
    from followup.domain.invitation_match import evidence

    inv = invitation(*people, summary=title)
    outcome = choose(inv, APPS, [ME])
    ranks = {a.id: evidence(inv, a, cs, frozenset({ME})).rank for a, cs in APPS}
    if outcome.chosen is not None:
        best = ranks.pop(outcome.chosen.application_id)
        assert all(best > r for r in ranks.values())
    elif outcome.tied:
        assert len(outcome.tied) >= 2
        assert all(e.rank == outcome.tied[0].rank for e in outcome.tied)
    else:
        assert not any(any(r) for r in ranks.values())


# --- who is whom ---------------------------------------------------------------------------------
def test_attendees_interview_the_organizer_scheduled() -> None:
    inv = invitation(ME, "wl@acme.example", organizer="priya@acme.example")
    got = [(g.person.address, g.role, g.interviewer) for g in guests(inv, [ME], frozenset())]
    assert got == [
        ("priya@acme.example", ContactRole.RECRUITER, False),
        ("wl@acme.example", ContactRole.INTERVIEWER, True),
    ]


def test_an_organizer_alone_with_the_user_is_the_interviewer() -> None:
    inv = invitation(ME, organizer="rosa@northwind.example")
    (only,) = guests(inv, [ME], frozenset())
    assert (only.role, only.interviewer) == (ContactRole.INTERVIEWER, True)


def test_the_agency_organizer_is_the_agency_recruiter() -> None:
    inv = invitation(ME, "maria@globex.com", organizer="tom.becker@hays.com")
    agency = invitation_agency_domains(inv, GLOBEX[0], (), frozenset({ME}))
    assert agency == {"hays.com"}
    got = [(g.role, g.interviewer) for g in guests(inv, [ME], agency)]
    assert got == [(ContactRole.AGENCY_RECRUITER, False), (ContactRole.INTERVIEWER, True)]


def test_the_user_is_never_a_guest_even_as_organizer() -> None:
    inv = invitation("ALEX@example.org".lower(), "wl@acme.example", organizer=ME)
    assert [g.person.address for g in guests(inv, [" Alex@Example.org "], frozenset())] == [
        "wl@acme.example"
    ]


@pytest.mark.parametrize(
    ("person", "name"),
    [
        (Person("wei.ling.chua@acme.example", None), "Wei Ling Chua"),
        (Person("j_roe+jobs@acme.example", None), "J Roe Jobs"),
        (Person("42@acme.example", None), "42@acme.example"),
        (Person("x@acme.example", "Dr. Leila Haddad"), "Dr. Leila Haddad"),
    ],
)
def test_a_contact_name_from_the_address_when_there_is_no_name(person: Person, name: str) -> None:
    assert contact_name(person) == name
