"""A realistic application for drafting tests: a panel of three, a debrief, an offer.

Built directly as domain records (the debrief as ``followup debrief`` would store it), so the
drafting tests depend on nothing but the records and the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.adapters.templates import JinjaTemplates
from followup.domain import drafting
from followup.domain.messages import MessageKind
from followup.domain.model import (
    Application,
    Contact,
    ContactRole,
    Debrief,
    Event,
    EventKind,
    History,
    Interview,
    InterviewFormat,
    Profile,
    Rapport,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)  # the morning after the panel
PROFILE = Profile(
    name="Alex Morgan",
    email="alex.morgan@example.org",
    timezone="Europe/London",
    phone="+44 7700 900123",
)
APP = Application(id=7, company="Northwind Labs", role="Senior Data Engineer")
PRIYA = Contact(
    id=11,
    application_id=7,
    name="Priya Shah",
    email="priya.shah@northwind.example",
    phone="+44 20 7946 0101",
    linkedin="linkedin.com/in/priyashah",
    role=ContactRole.HIRING_MANAGER,
)
TOM = Contact(id=12, application_id=7, name="Tom Okafor", email="tom@northwind.example")
LENA = Contact(id=13, application_id=7, name="Lena Fischer", email="lena@northwind.example")
PANEL = (PRIYA, TOM, LENA)

DEBRIEF = Debrief(
    strengths=(
        "five years of running Spark and Airflow pipelines in production",
        "cutting a warehouse bill by 40% through partitioning and caching",
    ),
    stumbles=("the system-design question on exactly-once delivery",),
    topics=(
        (PRIYA.id, ("moving the nightly batch jobs to streaming",)),
        (TOM.id, ("how the team tests its Airflow pipelines",)),
        (LENA.id, ("keeping warehouse costs under control",)),
    ),
    unaddressed=("exactly-once delivery with Kafka",),
    rapport=((PRIYA.id, Rapport.GOOD),),
    next_steps="Priya will be in touch within a week",
    decision_date=date(2026, 12, 4),
)
ROUND = Interview(
    id=3,
    application_id=7,
    start=datetime(2026, 11, 23, 8, 30, tzinfo=LONDON),
    minutes=75,
    format=InterviewFormat.IN_PERSON,
    interviewer_ids=(PRIYA.id, TOM.id, LENA.id),
    debrief=DEBRIEF,
)


def history(debrief: Debrief | None = DEBRIEF, *events: Event) -> History:
    interview = Interview(**{**ROUND.__dict__, "debrief": debrief})
    return History(application=APP, contacts=PANEL, interviews=(interview,), events=events)


def offer(note: str = "£78k base + 10% bonus, start in January") -> Event:
    return Event(
        id=40,
        application_id=7,
        kind=EventKind.OFFER,
        at=datetime(2026, 12, 8, 12, 0, tzinfo=LONDON),
        contact_id=PRIYA.id,
        on=date(2026, 12, 15),
        note=note,
    )


def rejection() -> Event:
    return Event(
        id=41,
        application_id=7,
        kind=EventKind.REJECTION,
        at=datetime(2026, 12, 8, 12, 0, tzinfo=LONDON),
        contact_id=PRIYA.id,
    )


def next_round() -> Event:
    return Event(
        id=42,
        application_id=7,
        kind=EventKind.NEXT_ROUND,
        at=datetime(2026, 11, 30, 16, 0, tzinfo=LONDON),
        contact_id=PRIYA.id,
        note="a final round with the CTO next week",
    )


TEMPLATES = JinjaTemplates(None)


def render(
    kind: MessageKind,
    contact: Contact = PRIYA,
    hist: History | None = None,
    now: datetime = NOW,
    supplied: Mapping[str, str] | None = None,
    profile: Profile = PROFILE,
) -> tuple[str, str]:
    facts = drafting.gather(hist or history(), profile, kind, contact, now, supplied)
    assert not facts.missing, facts.missing
    return TEMPLATES.render(kind.value, facts.values)
