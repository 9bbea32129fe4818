"""The round trip as a property (issue 16): for any history recorded through the services
(applications, contacts, interviews with panels and debriefs, events, actions done, skipped
and snoozed, letters, any text), export JSON, load it into an empty database, export
again: the same bytes. Hypothesis shrinks a failure to the smallest history that breaks
it."""

from __future__ import annotations

import tempfile
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import bootstrap
from followup.domain.errors import BadInput
from followup.domain.model import (
    LOGGABLE_EVENTS,
    ContactRole,
    Debrief,
    InterviewFormat,
    QuestionAnswer,
    Rapport,
)
from followup.services import (
    applications,
    contacts,
    debriefs,
    events,
    exporting,
    interviews,
    planning,
)
from followup.services.profile import ProfileChanges, update_profile

NOW = "2026-11-23T10:00"
START = datetime(2026, 9, 1, 9, 0)

# Any printable text, line breaks, formula starts and characters outside the BMP included.
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x00")
    | st.sampled_from(["\n", "=", "+", "-", "@", '"', "\\", "é", "😀", "ß"]),
    min_size=1,
    max_size=30,
)
MAYBE = st.none() | TEXT


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None
    role: ContactRole
    rapport: Rapport | None
    greet: str | None


@dataclass(frozen=True)
class Meeting:
    days: int
    minutes: int
    format: InterviewFormat
    panel: int  # how many of the contacts sit on it
    debrief: Debrief | None
    cancelled: bool


@dataclass(frozen=True)
class Story:
    company: str
    role: str
    url: str | None
    notes: str | None
    people: list[Person]
    meetings: list[Meeting]
    happened: list[tuple[str, int, str | None]]  # event kind, days after START, note
    settle: list[int]  # which actions to do (0), skip (1) or snooze (2), in plan order


PEOPLE = st.builds(
    Person,
    name=TEXT,
    email=st.none() | st.emails(),
    role=st.sampled_from(ContactRole),
    rapport=st.none() | st.sampled_from(Rapport),
    greet=MAYBE,
)
DEBRIEFS = st.builds(
    Debrief,
    questions=st.lists(
        st.builds(QuestionAnswer, TEXT, TEXT, st.none() | st.integers(1, 5)), max_size=2
    ).map(tuple),
    strengths=st.lists(TEXT, max_size=2).map(tuple),
    stumbles=st.lists(TEXT, max_size=2).map(tuple),
    demeanour=st.none() | st.integers(1, 5),
    next_steps=MAYBE,
    decision_date=st.none() | st.dates(date(2026, 11, 24), date(2027, 1, 31)),
)
MEETINGS = st.builds(
    Meeting,
    days=st.integers(0, 80),
    minutes=st.integers(15, 240),
    format=st.sampled_from(InterviewFormat),
    panel=st.integers(0, 3),
    debrief=st.none() | DEBRIEFS,
    cancelled=st.booleans(),
)
STORIES = st.builds(
    Story,
    company=TEXT,
    role=TEXT,
    url=st.none() | st.just("https://jobs.example/1?a=b&c=d"),
    notes=MAYBE,
    people=st.lists(PEOPLE, max_size=3),
    meetings=st.lists(MEETINGS, max_size=2),
    happened=st.lists(
        st.tuples(
            st.sampled_from(sorted(k.value for k in LOGGABLE_EVENTS)), st.integers(0, 80), MAYBE
        ),
        max_size=4,
    ),
    settle=st.lists(st.integers(0, 2), max_size=3),
)


def record(settings_: bootstrap.Settings, stories: list[Story]) -> None:
    """Each story through the services, as the CLI would; input they refuse is not recorded
    (as a person would see it refused)."""
    with bootstrap.session(settings_) as ctx:
        update_profile(
            ctx,
            ProfileChanges(
                name="Zoë Ørsted", email="zoe@example.org", timezone="Europe/Copenhagen",
                country="DK",
            ),
        )  # fmt: skip
    with bootstrap.session(settings_) as ctx:
        for story in stories:
            try:
                app = applications.add_application(
                    ctx, story.company, story.role, url=story.url, notes=story.notes
                )
            except BadInput:
                continue
            people = []
            for p in story.people:
                with suppress(BadInput):
                    fields = contacts.ContactFields(
                        email=p.email, role=p.role, rapport=p.rapport, greet=p.greet
                    )
                    people.append(contacts.add_contact(ctx, app.id, p.name, fields).id)
            for m in story.meetings:
                with suppress(BadInput):
                    made = interviews.add_interview(
                        ctx, app.id, START + timedelta(days=m.days), minutes=m.minutes,
                        format=m.format, interviewer_ids=people[: m.panel],
                    )  # fmt: skip
                    if m.debrief is not None:
                        with suppress(BadInput):
                            debriefs.record_debrief(ctx, made.id, m.debrief)
                    if m.cancelled:
                        interviews.cancel_interview(ctx, made.id)
            for kind, days, note in story.happened:
                with suppress(BadInput):
                    events.log_event(
                        ctx, app.id, _kind(kind), at=_at(ctx, days), note=note,
                        contact_id=people[0] if people else None,
                    )  # fmt: skip
            planning.ensure_fresh(ctx)
            for what, action in zip(story.settle, ctx.store.cached_plan(app.id), strict=False):
                with suppress(BadInput):
                    if what == 0:
                        events.done_action(ctx, action.id, note="done")
                    elif what == 1:
                        events.skip_action(ctx, action.id)
                    else:
                        events.snooze_action(ctx, action.id, "tomorrow")


def _kind(value: str):  # type: ignore[no-untyped-def]
    from followup.domain.model import EventKind

    return EventKind(value)


def _at(ctx, days: int) -> datetime:  # type: ignore[no-untyped-def]
    from followup.services.profile import user_time

    return min(user_time(ctx, START + timedelta(days=days)), ctx.now)


def round_trip(folder: Path, stories: list[Story]) -> tuple[str, str]:
    source = bootstrap.Settings(db=str(folder / "a.db"), config=None, now=NOW)
    record(source, stories)
    with bootstrap.session(source) as ctx:
        first = exporting.export_json(ctx)
    target = bootstrap.Settings(db=str(folder / "b.db"), config=None, now=NOW)
    with bootstrap.session(target) as ctx:
        exporting.load_json(ctx, first)
    with bootstrap.session(target) as ctx:
        second = exporting.export_json(ctx)
    return first, second


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(STORIES, max_size=3))
def test_export_load_export_gives_the_same_bytes(stories: list[Story]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = round_trip(Path(folder), stories)
    assert second == first
