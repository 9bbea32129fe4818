"""Properties of the planner over random histories (hypothesis).

The histories are plausible rather than arbitrary: interviews in a two-month span, events
after the first interview, contacts with or without addresses, phones, zones and cadences,
in several countries and zones (so weekends, holidays and DST changes all occur).
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.business_hours import BusinessCalendar, holidays_for
from followup.domain.model import (
    FOLLOW_UP_ACTIONS,
    INBOUND_EVENTS,
    UNSOLICITED_ACTIONS,
    UNSOLICITED_SENT_EVENTS,
    Action,
    ActionKind,
    Application,
    Channel,
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
from followup.domain.planner import plan, plan_all
from followup.domain.policy import Policy

ZONES = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"]
COUNTRIES = ["GB", "US", "DE", None]
START = datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC"))
EVENT_KINDS = [
    EventKind.THANK_YOU_SENT,
    EventKind.FOLLOW_UP_SENT,
    EventKind.CALLED,
    EventKind.LINKEDIN_SENT,
    EventKind.REPLY,
    EventKind.TIMELINE,
    EventKind.NEXT_ROUND,
    EventKind.INFO_REQUEST,
    EventKind.REJECTION,
    EventKind.OFFER,
    EventKind.ACCEPTED,
    EventKind.DECLINED,
    EventKind.WITHDRAWN,
    EventKind.NOTE,
]
MESSAGE_CHANNELS = {Channel.EMAIL, Channel.PHONE, Channel.LINKEDIN}
CLOSING = {ActionKind.REPLY_TO_REJECTION}


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    return Profile(
        name="Alex Morgan",
        email="alex@example.org",
        timezone=draw(st.sampled_from(ZONES)),
        country=draw(st.sampled_from(COUNTRIES)),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    if draw(st.booleans()):
        return Policy()
    return Policy(
        first_follow_up_days=draw(st.integers(3, 10)),
        cadence_days=draw(st.integers(3, 21)),
        max_follow_ups=draw(st.integers(1, 4)),
        min_gap_days=draw(st.integers(5, 9)),
        decision_grace_business_days=draw(st.integers(0, 2)),
    )


def minutes_after(base: datetime, low: int, high: int) -> st.SearchStrategy[datetime]:
    return st.integers(low, high).map(lambda m: base + timedelta(minutes=m))


@st.composite
def histories(draw: st.DrawFn) -> History:
    agency = draw(st.sampled_from([None, "Talent Partners"]))
    app = Application(id=7, company="Acme", role="Engineer", agency=agency)
    contacts = []
    for cid in range(1, draw(st.integers(0, 4)) + 1):
        contacts.append(
            Contact(
                id=cid,
                application_id=7,
                name=f"Person {cid}",
                email=draw(st.sampled_from([None, f"p{cid}@acme.example"])),
                phone=draw(st.sampled_from([None, "+44 20 7946 0000"])),
                role=draw(st.sampled_from(list(ContactRole))),
                timezone=draw(st.sampled_from([None, *ZONES])),
                cadence_days=draw(st.sampled_from([None, 3, 7, 10, 21])),
                prefers=draw(st.sampled_from([None, Channel.EMAIL, Channel.PHONE])),
                rapport=draw(st.sampled_from([None, *Rapport])),
            )
        )
    interviews = []
    for iid in range(1, draw(st.integers(1, 3)) + 1):
        ids = [c.id for c in contacts]
        debrief = None
        if draw(st.booleans()):
            debrief = Debrief(
                unaddressed=tuple(draw(st.lists(st.sampled_from(["salary", "Spark"]), max_size=1))),
                decision_date=draw(
                    st.one_of(st.none(), st.dates(date(2026, 10, 1), date(2027, 1, 31)))
                ),
                rapport=tuple((c, draw(st.sampled_from(list(Rapport)))) for c in ids[:2]),
            )
        interviews.append(
            Interview(
                id=iid,
                application_id=7,
                start=draw(minutes_after(START, 0, 60 * 24 * 60)),
                minutes=draw(st.sampled_from([30, 45, 60, 90])),
                format=draw(st.sampled_from(list(InterviewFormat))),
                interviewer_ids=tuple(
                    draw(st.lists(st.sampled_from(ids), unique=True)) if ids else ()
                ),
                cancelled=draw(st.booleans()) and iid > 1,
                debrief=debrief,
            )
        )
    first = min(i.start for i in interviews)
    events = []
    for eid in range(1, draw(st.integers(0, 8)) + 1):
        kind = draw(st.sampled_from(EVENT_KINDS))
        on = None
        if kind in (EventKind.TIMELINE, EventKind.OFFER) and draw(st.booleans()):
            on = draw(st.dates(date(2026, 10, 1), date(2027, 2, 28)))
        events.append(
            Event(
                id=eid,
                application_id=7,
                kind=kind,
                at=draw(minutes_after(first, 60, 60 * 24 * 90)),
                contact_id=draw(st.sampled_from([None, *[c.id for c in contacts]])),
                on=on,
            )
        )
    return History(app, tuple(contacts), tuple(interviews), tuple(events))


def calendar_for(action: Action, history: History, profile: Profile) -> BusinessCalendar:
    contact = history.contact(action.contact_id)
    zone = (contact.timezone if contact and contact.timezone else None) or profile.timezone
    return BusinessCalendar(ZoneInfo(zone), profile.hours, holidays_for(profile.country))


@given(histories(), profiles(), policies())
def test_same_input_same_plan(history: History, profile: Profile, policy: Policy) -> None:
    assert plan_all(history, profile, policy) == plan_all(history, profile, policy)


@given(histories(), profiles(), policies())
def test_windows_hold_and_messages_land_in_business_hours(
    history: History, profile: Profile, policy: Policy
) -> None:
    for action in plan_all(history, profile, policy):
        assert action.earliest <= action.due <= action.latest, action
        if action.channel in MESSAGE_CHANNELS:
            assert calendar_for(action, history, profile).in_hours(action.due), action


@given(histories(), profiles(), policies())
def test_follow_ups_wait_for_thanks_and_the_stated_date(
    history: History, profile: Profile, policy: Policy
) -> None:
    actions = plan_all(history, profile, policy)
    last = max((i for i in history.interviews if not i.cancelled), key=lambda i: (i.start, i.id))
    sent = [
        e.at for e in history.events if e.kind is EventKind.THANK_YOU_SENT and e.at >= last.start
    ]
    planned = [a.due for a in actions if a.kind is ActionKind.THANK_YOU]
    thanks = min(sent) if sent else (min(planned) if planned else None)
    after = sorted((e for e in history.events if e.at >= last.start), key=lambda e: (e.at, e.id))
    stated = [e for e in after if e.kind is EventKind.TIMELINE and e.on]
    decision = stated[-1].on if stated else (last.debrief.decision_date if last.debrief else None)
    for action in actions:
        if action.kind not in FOLLOW_UP_ACTIONS:
            continue
        if thanks is not None:
            assert action.due >= thanks + timedelta(days=policy.first_follow_up_days)
        if decision is not None:
            cal = calendar_for(action, history, profile)
            floor = cal.opening(
                cal.add_business_days(decision, policy.decision_grace_business_days)
            )
            assert action.due >= floor


@given(histories(), profiles(), policies(), st.integers(0, 60 * 24 * 150))
def test_never_two_unsolicited_messages_within_the_gap(
    history: History, profile: Profile, policy: Policy, offset: int
) -> None:
    """P9: any two unsolicited messages (sent or planned) are a gap apart, unless the
    employer spoke (an interview or an inbound message) in between, or they are the
    thank-yous sent after one round (or one day of rounds), which count as one."""
    now = START + timedelta(minutes=offset)
    actions = [a for a in plan(history, profile, policy, now) if a.kind in UNSOLICITED_ACTIONS]
    messages: list[tuple[datetime, ActionKind | EventKind]] = [(a.due, a.kind) for a in actions]
    messages += [(e.at, e.kind) for e in history.events if e.kind in UNSOLICITED_SENT_EVENTS]
    touches = [i.end for i in history.interviews if not i.cancelled]
    touches += [e.at for e in history.events if e.kind in INBOUND_EVENTS]
    messages.sort(key=lambda m: m[0])
    for (t1, k1), (t2, k2) in itertools.pairwise(messages):
        if t2 - t1 >= timedelta(days=policy.min_gap_days):
            continue
        if any(t1 < touch <= t2 for touch in touches):
            continue
        # Thank-yous go out together after a round (or a day of rounds): one message.
        same_round = k1 is k2 is ActionKind.THANK_YOU
        either_sent = isinstance(k1, EventKind) or isinstance(k2, EventKind)
        thanks_bundle = {k1, k2} <= {ActionKind.THANK_YOU, EventKind.THANK_YOU_SENT}
        assert (
            same_round
            or (either_sent and thanks_bundle)
            or (
                isinstance(k1, EventKind) and isinstance(k2, EventKind)  # the user's own doing
            )
        ), (t1, k1, t2, k2)


@given(histories(), profiles(), policies())
def test_nothing_but_closing_moves_after_a_final_word(
    history: History, profile: Profile, policy: Policy
) -> None:
    kinds = [e.kind for e in sorted(history.events, key=lambda e: (e.at, e.id))]
    finals = {EventKind.REJECTION, EventKind.WITHDRAWN, EventKind.ACCEPTED, EventKind.DECLINED}
    actions = plan_all(history, profile, policy)
    last_final = next((k for k in reversed(kinds) if k in finals | {EventKind.OFFER}), None)
    if last_final in (EventKind.WITHDRAWN, EventKind.ACCEPTED, EventKind.DECLINED):
        assert actions == []
    elif last_final is EventKind.REJECTION:
        assert {a.kind for a in actions} <= CLOSING


@given(histories(), profiles(), policies())
def test_at_most_the_allowed_number_of_follow_ups(
    history: History, profile: Profile, policy: Policy
) -> None:
    actions = plan_all(history, profile, policy)
    last = max((i for i in history.interviews if not i.cancelled), key=lambda i: (i.start, i.id))
    inbound = [e.at for e in history.events if e.kind in INBOUND_EVENTS and e.at >= last.start]
    since = max(inbound, default=last.end)
    sent = [
        e
        for e in history.events
        if e.kind in (EventKind.FOLLOW_UP_SENT, EventKind.CALLED) and e.at >= since
    ]
    planned = [a for a in actions if a.kind in FOLLOW_UP_ACTIONS]
    assert len(planned) <= max(0, policy.max_follow_ups - len(sent))
    assert len({a.id for a in actions}) == len(actions)
