"""Build a realistic followup database for benchmarks.

    python bench/make_db.py --applications 10000 --out bench/out/bench-10000.db

Years of job hunting, scaled: applications spread evenly over the ``--years`` before
``--now`` (default five: ten thousand applications is forty a week for five years), each
with its recruiter and interviewers, one to five interview rounds (about three on average),
thank-yous, follow-ups, their answers and an outcome, and a user who does (or now and then
skips) what the plan asks once it is a few days overdue. For 10,000 applications that is
about 30,000 interviews and 160,000 events. Everything goes through the real store and the
real planner, so the plan cache is what the CLI would have built.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from followup.adapters import config_file
from followup.adapters.sqlite.store import SqliteStore
from followup.domain import revision
from followup.domain.business_hours import holidays_for
from followup.domain.model import (
    DONE_EVENT,
    ActionKind,
    Application,
    Contact,
    ContactRole,
    Event,
    EventKind,
    Interview,
    InterviewFormat,
    Profile,
)
from followup.domain.planner import plan_all
from followup.domain.policy import Policy
from followup.services.context import Context
from followup.services.planning import ensure_fresh

LONDON = ZoneInfo("Europe/London")
DEFAULT_NOW = "2026-11-23T10:00:00+00:00"
COMPANIES = [
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell",
    "Cyberdyne", "Soylent", "Aperture", "Black Mesa", "Monarch", "Oscorp", "Pied Piper",
    "Massive Dynamic", "Wonka", "Gringotts", "Dunder Mifflin", "Blue Sun", "Nakatomi",
]  # fmt: skip
SUFFIXES = ["", " Labs", " Analytics", " Systems", " Health", " Bank", " Energy", " Retail"]
ROLES = [
    "Data Engineer", "Backend Developer", "Product Manager", "UX Designer", "SRE",
    "Data Analyst", "Engineering Manager", "QA Engineer", "Solutions Architect",
]  # fmt: skip
FIRST = ["Priya", "Tom", "Lena", "Sam", "Jo", "Kim", "Ana", "Ravi", "Chen", "Maya", "Omar"]
LAST = ["Raman", "Okafor", "Fischer", "Lee", "Novak", "Silva", "Kowalski", "Haddad", "Ito"]
ZONES = [None, None, None, "Europe/Berlin", "America/New_York"]
ROUNDS = ([1, 2, 3, 4, 5], [10, 25, 30, 20, 15])
OUTCOMES = ["rejection", "offer", "withdrawn", "closed", "open"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def business_moment(rng: random.Random, day: datetime) -> datetime:
    """A plausible working-hours moment on ``day`` (or the next weekday)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=rng.randint(9, 16), minute=rng.choice([0, 15, 30, 45]))


def build_application(
    store: SqliteStore, rng: random.Random, now: datetime, years: float
) -> tuple[int, int]:  # (interviews, events)
    age = rng.uniform(0, 365 * years)
    created = business_moment(rng, (now - timedelta(days=age)).astimezone(LONDON))
    agency = "Talent Partners" if rng.random() < 0.2 else None
    app = store.add_application(
        Application(
            id=0,
            company=rng.choice(COMPANIES) + rng.choice(SUFFIXES),
            role=rng.choice(ROLES),
            agency=agency,
            source=rng.choice(["LinkedIn", "referral", "company site", "job board"]),
            created_at=created,
        )
    )
    events: list[Event] = []

    def log(kind: EventKind, at: datetime, contact: Contact | None = None, **kw: object) -> None:
        if at <= now:
            events.append(
                Event(
                    id=0,
                    application_id=app.id,
                    kind=kind,
                    at=at,
                    contact_id=contact.id if contact else None,
                    **kw,  # type: ignore[arg-type]
                )
            )

    role = ContactRole.AGENCY_RECRUITER if agency else ContactRole.RECRUITER
    recruiter = store.add_contact(
        Contact(
            id=0,
            application_id=app.id,
            name=person(rng),
            email=f"recruiting{app.id}@example.com",
            phone="+44 20 7946 0000" if rng.random() < 0.6 else None,
            role=role,
        )
    )
    panel = [
        store.add_contact(
            Contact(
                id=0,
                application_id=app.id,
                name=person(rng),
                email=f"p{app.id}.{n}@example.com" if rng.random() < 0.85 else None,
                role=ContactRole.HIRING_MANAGER if n == 0 else ContactRole.INTERVIEWER,
                timezone=rng.choice(ZONES),
            )
        )
        for n in range(rng.randint(1, 4))
    ]
    log(EventKind.APPLIED, created)
    log(EventKind.NOTE, created + timedelta(hours=2), note="Tailored CV v3")

    moment = created + timedelta(days=rng.uniform(5, 20))
    rounds = rng.choices(*ROUNDS)[0]
    held = 0
    for n in range(rounds):
        start = business_moment(rng, moment.astimezone(LONDON))
        people = rng.sample(panel, k=rng.randint(1, len(panel)))
        fmt = rng.choice(list(InterviewFormat)) if n == 0 else InterviewFormat.VIDEO
        store.add_interview(
            Interview(
                id=0,
                application_id=app.id,
                start=start,
                minutes=rng.choice([30, 45, 60, 90]),
                format=fmt,
                interviewer_ids=tuple(p.id for p in people),
            )
        )
        held += 1
        for p in people:
            log(EventKind.THANK_YOU_SENT, start + timedelta(hours=rng.uniform(3, 30)), p)
        if rng.random() < 0.5:
            log(
                EventKind.TIMELINE,
                start + timedelta(days=2),
                recruiter,
                on=(start + timedelta(days=10)).date(),
            )
        if n < rounds - 1:
            invite = start + timedelta(days=rng.uniform(4, 12))
            log(EventKind.NEXT_ROUND, invite, recruiter)
            moment = invite + timedelta(days=rng.uniform(3, 8))
        else:
            moment = start
    last = moment
    for k in range(rng.choice([0, 1, 1, 2, 3])):
        log(EventKind.FOLLOW_UP_SENT, last + timedelta(days=8 + 14 * k), recruiter)
    if rng.random() < 0.3:
        log(EventKind.LINKEDIN_SENT, last + timedelta(days=2), recruiter)
    outcome_at = last + timedelta(days=rng.uniform(10, 45))
    outcome = rng.choices(OUTCOMES, [45, 10, 5, 10, 30])[0]
    if outcome == "rejection":
        log(EventKind.REJECTION, outcome_at, recruiter)
        log(EventKind.FEEDBACK_REQUESTED, outcome_at + timedelta(days=1), recruiter)
    elif outcome == "offer":
        log(EventKind.OFFER, outcome_at, recruiter, on=(outcome_at + timedelta(days=7)).date())
        log(rng.choice([EventKind.ACCEPTED, EventKind.DECLINED]), outcome_at + timedelta(days=5))
    elif outcome == "withdrawn":
        log(EventKind.WITHDRAWN, outcome_at)
    elif outcome == "closed":
        log(EventKind.CLOSED, outcome_at + timedelta(days=30))
    else:
        log(EventKind.REPLY, last + timedelta(days=3), recruiter)
    for event in events:
        store.add_event(event)
    return held, len(events) + act_like_a_user(store, rng, app.id, now)


PROFILE = Profile(
    name="Alex Morgan",
    email="alex@example.org",
    timezone="Europe/London",
    country="GB",
    phone="+44 7700 900123",
)


def act_like_a_user(store: SqliteStore, rng: random.Random, app_id: int, now: datetime) -> int:
    """Do (or now and then skip) what the plan asked for, as a user of the tool would.

    Without this the database would hold a year of actions nobody acted on; with it, what
    is overdue is what a busy person lets slip in the last few days. Events are logged as
    ``followup done`` / ``skip`` log them, with the action ids the planner gives.
    """
    logged = 0
    for _ in range(60):
        actions = plan_all(store.history(app_id), PROFILE, Policy(), holidays_for("GB"))
        stale = [a for a in actions if a.due < now - timedelta(days=3) and a.is_live(a.due)]
        if not stale:
            return logged
        action = stale[0]
        at = action.due + timedelta(hours=rng.uniform(0, 20))
        if action.kind is ActionKind.DECIDE_OFFER:
            kind = rng.choice([EventKind.ACCEPTED, EventKind.DECLINED])
        elif rng.random() < 0.15:
            kind = EventKind.ACTION_SKIPPED
        else:
            kind = DONE_EVENT.get(action.kind, EventKind.ACTION_DONE)
        store.add_event(
            Event(
                id=0,
                application_id=app_id,
                kind=kind,
                at=at,
                contact_id=action.contact_id if kind is not EventKind.ACTION_SKIPPED else None,
                action_id=action.id,
            )
        )
        logged += 1
    return logged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--years", type=float, default=5.0, help="how far back it goes")
    parser.add_argument("--now", default=DEFAULT_NOW, help="the moment the data is 'as of'")
    args = parser.parse_args(argv)
    now = datetime.fromisoformat(args.now)
    if args.out.exists():
        args.out.unlink()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    store = SqliteStore(args.out)
    interviews = events = 0
    with store.transaction():
        store.save_profile(PROFILE)
        for _ in range(args.applications):
            i, e = build_application(store, rng, now, args.years)
            interviews += i
            events += e
    # Planned as the CLI plans (after the writes' commit, a batch of applications per short
    # transaction), under the basis a CLI with no config file expects, so its first read
    # re-plans nothing.
    fingerprint = config_file.fingerprint(None)
    ensure_fresh(Context(store, Policy(), now, config_fingerprint=fingerprint))
    assert store.plan_basis() == revision.plan_basis(fingerprint)
    assert store.stale_plans() == []
    store.close()
    took = time.perf_counter() - started
    print(
        f"{args.out}: {args.applications} applications, {interviews} interviews, "
        f"{events} events in {took:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
