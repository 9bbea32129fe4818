"""Letters read as written for their recipient: properties over generated records.

Every inserted fact sits in a frame it fits (``tests/letter_checks.py``), no note the user
logged reaches any letter, the time words are true on the day the letter is planned to go
out, and the situation decides what a letter may thank someone for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting, lexicon
from followup.domain.kinds import ContactRole, EventKind, InterviewFormat
from followup.domain.messages import MessageKind
from followup.domain.model import Contact, Debrief, Event, History
from tests.hypothesis_profiles import examples
from tests.letter_checks import problems
from tests.unit import drafting_data as d

NOTE = "ZZ private note: ask about the notice period ZZ"
SUPPLIED = {
    "detail": "The migration took latency from four hours to six minutes.",
    "terms": "£78k base, starting in January",
    "ask": "a base of £85k",
    "reason": "I have accepted a role closer to home",
}

VERBS = ["ran", "led", "built", "cut", "shipped", "mentored", "migrated", "wrote", "designed"]
THINGS = ["a diary study", "the data platform", "latency", "our Kafka consumers", "the QMS",
          "CAPA investigations", "12 enterprise customers", "the research repository"]  # fmt: skip
TAILS = ["", " at my last job", " from scratch", " with 40 clinic patients", " in six weeks"]


@st.composite
def strengths(draw: st.DrawFn) -> str:
    verb, thing = draw(st.sampled_from(VERBS)), draw(st.sampled_from(THINGS))
    tail = draw(st.sampled_from(TAILS))
    form = draw(st.sampled_from(["past", "sentence", "gerund", "noun", "base"]))
    text = {
        "past": f"{verb} {thing}{tail}",
        "sentence": f"I {verb} {thing}{tail}.",
        "gerund": f"{lexicon.verb_form(verb, lexicon.GERUND)} {thing}{tail}",
        "noun": f"five years of {thing.removeprefix('the ').removeprefix('a ')}",
        "base": f"{lexicon.verb_form(verb, lexicon.BASE)} {thing}{tail}",
    }[form]
    return text.capitalize() if draw(st.booleans()) else text


TOPICS = st.sampled_from([
    "their move to Kafka", "how research findings reach the roadmap",
    "We talked about the on-call rota", "She asked how I'd handle incidents.",
    "why deploys are still weekly", "moving nightly batch jobs to streaming",
    "How do they test Airflow DAGs?", "the upcoming HPRA inspection", "team culture",
])  # fmt: skip
POINTS = st.sampled_from([
    "exactly-once delivery with Kafka", "didn't get to mention my survey work",
    "how I would shard the orders table", "I couldn't explain the recall I handled",
])  # fmt: skip


@st.composite
def records(draw: st.DrawFn) -> History:
    size = draw(st.integers(min_value=1, max_value=3))
    people = d.PANEL[:size]
    debrief = Debrief(
        strengths=tuple(draw(st.lists(strengths(), min_size=1, max_size=4, unique=True))),
        topics=tuple((p.id, (draw(TOPICS),)) for p in people),
        unaddressed=tuple(draw(st.lists(POINTS, max_size=2, unique=True))),
    )
    round_ = replace(d.ROUND, interviewer_ids=tuple(p.id for p in people), debrief=debrief)
    events = draw(st.sampled_from([(), (d.offer(NOTE),), (d.rejection(),), (update(),)]))
    app = replace(d.APP, notes=NOTE)
    return History(app, d.PANEL, (round_,), tuple(events))


def update() -> Event:
    return Event(id=43, application_id=7, kind=EventKind.NEXT_ROUND, contact_id=d.PRIYA.id,
                 at=datetime(2026, 11, 30, 16, 0, tzinfo=d.LONDON), note=NOTE)  # fmt: skip


def letters(hist: History, now: datetime = d.NOW, **kw: object) -> list[str]:
    out = []
    for kind in MessageKind:
        for person in d.PANEL:
            supplied = {k: v for k, v in SUPPLIED.items() if k in drafting.TAKES[kind]}
            facts = drafting.gather(hist, d.PROFILE, kind, person, now, supplied, **kw)  # type: ignore[arg-type]
            if facts.missing:
                continue
            subject, body = d.TEMPLATES.render(kind.value, facts.values)
            out.append(f"Subject: {subject}\n\n{body}")
    return out


@settings(max_examples=examples(40), deadline=None)
@given(records())
def test_every_fact_sits_in_a_frame_it_fits_and_no_note_is_quoted(hist: History) -> None:
    for letter in letters(hist, d.NOW + timedelta(days=14)):
        assert problems(letter, role=d.APP.role) == [], letter
        assert "ZZ" not in letter, letter
        assert "notice period" not in letter


@settings(max_examples=examples(40), deadline=None)
@given(records(), st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=23))
def test_time_words_are_true_on_the_send_day(hist: History, days: int, hour: int) -> None:
    met = d.ROUND.start.date()
    send_at = datetime.combine(met + timedelta(days=days), datetime.min.time(), d.LONDON)
    send_at += timedelta(hours=hour)
    for person in hist.contacts:
        facts = drafting.gather(hist, d.PROFILE, MessageKind.THANK_YOU, person, d.NOW,
                                send_at=max(send_at, d.ROUND.end))  # fmt: skip
        said = str(facts.values["when_met"])
        sent = date.fromisoformat(str(facts.values["send_day"]))
        assert (said == "today") == (sent == met)
        assert (said == "yesterday") == (sent == met + timedelta(days=1))


def test_a_letter_planned_for_monday_does_not_say_today_about_thursday() -> None:
    thursday = replace(d.ROUND, start=datetime(2026, 11, 19, 15, 0, tzinfo=d.LONDON))
    hist = replace(d.history(), interviews=(thursday,))
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=d.LONDON)
    drafted = datetime(2026, 11, 19, 18, 0, tzinfo=d.LONDON)  # the evening of the interview
    facts = drafting.gather(hist, d.PROFILE, MessageKind.THANK_YOU, d.TOM, drafted, send_at=monday)
    assert facts.values["when_met"] == "on Thursday"
    subject, body = d.TEMPLATES.render("thank-you", facts.values)
    assert "today" not in subject + body


def test_a_recipient_in_new_york_reads_american_dates() -> None:
    ny = replace(d.PRIYA, timezone="America/New_York")
    hist = replace(d.history(), contacts=(ny, d.TOM, d.LENA))
    facts = drafting.gather(hist, d.PROFILE, MessageKind.STATUS_INQUIRY, ny, d.NOW)
    assert facts.values["timeline"] == "Friday, December 4"
    uk = drafting.gather(d.history(), d.PROFILE, MessageKind.STATUS_INQUIRY, d.PRIYA, d.NOW)
    assert uk.values["timeline"] == "Friday 4 December"


def test_an_ai_round_thanks_the_recruiter_for_arranging_it() -> None:
    ana = Contact(id=14, application_id=7, name="Ana Silva", email="ana@northwind.example",
                  role=ContactRole.RECRUITER)  # fmt: skip
    ai = replace(d.ROUND, format=InterviewFormat.AI, interviewer_ids=(), debrief=None)
    hist = History(d.APP, (*d.PANEL, ana), (ai,), ())
    assert drafting.panel(hist, d.NOW) == (ana,)
    facts = drafting.gather(hist, d.PROFILE, MessageKind.THANK_YOU, ana, d.NOW,
                            {"strength": "ran a diary study with 40 clinic patients"})  # fmt: skip
    assert facts.missing == ()  # no topic: she was not in a conversation
    _, body = d.TEMPLATES.render("thank-you", facts.values)
    assert "conversation" not in body
    assert "I ran a diary study with 40 clinic patients" in body


@pytest.mark.parametrize("agency", [None, "Clearwater Recruitment"])
def test_a_linkedin_note_never_thanks_for_an_interview_someone_was_not_in(
    agency: str | None,
) -> None:
    role = ContactRole.AGENCY_RECRUITER if agency else ContactRole.RECRUITER
    jo = Contact(id=15, application_id=7, name="Jo Baker", linkedin="linkedin.com/in/jo",
                 role=role)  # fmt: skip
    hist = replace(d.history(), application=replace(d.APP, agency=agency),
                   contacts=(*d.PANEL, jo))  # fmt: skip
    facts = drafting.gather(hist, d.PROFILE, MessageKind.LINKEDIN_NOTE, jo, d.NOW)
    assert facts.missing == ()
    _, body = d.TEMPLATES.render("linkedin-note", facts.values)
    assert "interview" not in body.lower()
    if agency:
        assert agency in body
        assert "Northwind Labs" not in body
    assert len(" ".join(body.split())) <= 200


def test_a_decision_date_from_before_a_later_round_is_not_quoted() -> None:
    later = replace(d.ROUND, id=4, start=datetime(2026, 12, 8, 10, 0, tzinfo=d.LONDON))
    hist = replace(d.history(), interviews=(d.ROUND, later))  # decided by 4 Dec, met 8 Dec
    facts = drafting.gather(hist, d.PROFILE, MessageKind.PHONE_SCRIPT, d.PRIYA,
                            datetime(2026, 12, 22, 10, 0, tzinfo=d.LONDON))  # fmt: skip
    assert facts.values["timeline"] is None
