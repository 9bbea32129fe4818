"""The playbook planner: from what happened to what to do next (DESIGN section 3, P1-P16).

``plan_all`` is a pure function of the history, the profile and the policy: it never looks
at the clock. Projected actions (a follow-up that depends on a thank-you not yet sent) are
placed from the planned time of what they depend on, so the result does not drift as time
passes and can be cached on write; the only use of ``now`` is ``plan``'s filter of actions
whose moment has gone (``Action.expires``).

Every message action is due inside the recipient's business hours (their zone, else the
user's; the user's working days and public holidays) and inside its own window; where a
rule has to bend to manage that (a Friday-evening interview pushes the thank-you past 48
hours), the window is widened and the ``why`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup.domain.business_hours import BusinessCalendar, IsHoliday, holidays_for
from followup.domain.model import (
    INBOUND_EVENTS,
    UNSOLICITED_SENT_EVENTS,
    Action,
    ActionKind,
    Channel,
    Contact,
    ContactRole,
    Event,
    EventKind,
    History,
    Interview,
    InterviewFormat,
    Profile,
    Rapport,
    Status,
)
from followup.domain.policy import Policy
from followup.domain.revision import PLANNER_VERSION
from followup.domain.status import base_status

__all__ = ["PLANNER_VERSION", "action_id", "plan", "plan_all"]

# Courtesies (a LinkedIn note, a reply to a rejection) that nobody misses after a month.
STALE_AFTER_DAYS = 30

_FOLLOW_UP_EVENTS = frozenset({EventKind.FOLLOW_UP_SENT, EventKind.CALLED})
_RESTARTS_LADDER = INBOUND_EVENTS - {EventKind.TIMELINE}


def plan_all(
    history: History, profile: Profile, policy: Policy, is_holiday: IsHoliday | None = None
) -> list[Action]:
    """Every pending action, independent of the clock (what the store caches), by due."""
    planner = _Planner(history, profile, policy, is_holiday or holidays_for(profile.country))
    return sorted(planner.run(), key=lambda a: (a.due, a.id))


def plan(
    history: History,
    profile: Profile,
    policy: Policy,
    now: datetime,
    is_holiday: IsHoliday | None = None,
) -> list[Action]:
    """The actions that make sense at ``now``: ``plan_all`` less the expired ones."""
    return [a for a in plan_all(history, profile, policy, is_holiday) if a.is_live(now)]


def action_id(application_id: int, key: str) -> str:
    """An id that is the same every time the same thing is planned, and unique by build.

    The key names what the action is about (its kind, the interview, the person, the message
    that started a follow-up ladder, the rung), never when it was computed, so an id printed
    yesterday still works today: ``12.thanks.i3.c5`` is the thank-you to contact 5 for
    interview 3 of application 12.
    """
    return f"{application_id}.{key}"


def _business_days(days: int) -> str:
    return "one business day" if days == 1 else f"{days} business days"


def _span(days: int) -> str:
    return "a week" if days == 7 else f"{days} days"


def _when(day: date) -> str:
    """'Fri 4 Dec', as the CLI prints dates (no zero padding)."""
    return f"{day:%a} {day.day} {day:%b}"


def contacts_with_role(history: History, *roles: ContactRole) -> list[Contact]:
    """The contacts of ``roles``, those with an address first, then in the roles' order."""
    by_role = [c for r in roles for c in history.contacts if c.role is r]
    return sorted(by_role, key=lambda c: (c.email is None, roles.index(c.role), c.id))


def arranger(history: History) -> Contact | None:
    """Who is thanked for a round no one can be thanked for in person (P4): an automated
    interview, or interviewers without an address; the recruiter, else the hiring manager,
    else the agency's recruiter, with an address."""
    hosts = contacts_with_role(
        history, ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.AGENCY_RECRUITER
    )
    return next((c for c in hosts if c.email), None)


@dataclass
class _Planner:
    history: History
    profile: Profile
    policy: Policy
    is_holiday: IsHoliday
    actions: list[Action] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = self.history.application
        self.events = sorted(self.history.events, key=lambda e: (e.at, e.id))
        self.interviews = sorted(
            (i for i in self.history.interviews if not i.cancelled), key=lambda i: (i.start, i.id)
        )
        self.skipped = {
            e.action_id for e in self.events if e.kind is EventKind.ACTION_SKIPPED and e.action_id
        }
        self.done = {
            e.action_id
            for e in self.events
            if e.kind not in (EventKind.ACTION_SKIPPED, EventKind.ACTION_SNOOZED) and e.action_id
        }
        # The latest snooze of each action wins (events are in order): the user's last word.
        self.snoozed = {
            e.action_id: e.until
            for e in self.events
            if e.kind is EventKind.ACTION_SNOOZED and e.action_id and e.until is not None
        }
        self._calendars: dict[str, BusinessCalendar] = {}

    # --- helpers -------------------------------------------------------------------------
    def calendar(self, contact: Contact | None = None) -> BusinessCalendar:
        zone = (contact.timezone if contact and contact.timezone else None) or self.profile.timezone
        if zone not in self._calendars:
            self._calendars[zone] = BusinessCalendar(
                ZoneInfo(zone), self.profile.hours, self.is_holiday
            )
        return self._calendars[zone]

    def settled(self, key: str) -> bool:
        aid = action_id(self.app.id, key)
        return aid in self.done or aid in self.skipped

    def add(
        self,
        key: str,
        kind: ActionKind,
        channel: Channel,
        earliest: datetime,
        due: datetime,
        latest: datetime,
        why: str,
        *,
        contact: Contact | None = None,
        expires: datetime | None = None,
        interview: Interview | None = None,
        step: int | None = None,
    ) -> Action:
        aid = action_id(self.app.id, key)
        if aid in self.snoozed:
            earliest, due, latest, why = self.snooze(
                self.snoozed[aid], earliest, due, latest, why, contact
            )
        action = Action(
            id=aid,
            kind=kind,
            application_id=self.app.id,
            contact_id=contact.id if contact else None,
            channel=channel,
            earliest=earliest,
            due=due,
            latest=max(latest, due),
            why=why,
            expires=expires,
            interview_id=interview.id if interview else None,
            step=step,
        )
        self.actions.append(action)
        return action

    def snooze(
        self,
        until: datetime,
        earliest: datetime,
        due: datetime,
        latest: datetime,
        why: str,
        contact: Contact | None,
    ) -> tuple[datetime, datetime, datetime, str]:
        """The window of an action the user put off: it opens and is due at the first
        business moment from ``until`` (the recipient's hours), never earlier than planned.

        A snooze to a moment before the planned due changes nothing: putting something off
        never brings it forward. The window's end moves by as much (its slack after the due
        is kept), so a snoozed action is not reported overdue the moment it comes back.
        """
        back = self.calendar(contact).next_open(until)
        if back <= due:
            return earliest, due, latest, why
        when = self.calendar(contact).local(back)
        said = f"{why} Snoozed by you until {_when(when.date())} {when:%H:%M}."
        return max(earliest, back), back, latest + (back - due), said

    def contacts_with_role(self, *roles: ContactRole) -> list[Contact]:
        return contacts_with_role(self.history, *roles)

    def name(self, contact: Contact | None, fallback: str) -> str:
        return contact.name if contact else fallback

    # --- the playbook --------------------------------------------------------------------
    def run(self) -> list[Action]:
        status = base_status(self.events)
        if status in (Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN, Status.CLOSED):
            return []
        if status is Status.REJECTED:
            self.rejection_reply()
            return self.actions
        for interview in self.interviews:
            self.round_actions(interview)
        self.linkedin()
        self.answers_to_inbound()
        if status is Status.OFFER:
            self.offer()
        elif self.interviews:
            self.ladder(self.interviews[-1])
        return self.actions

    # P1, P2, P3/P4, P13 (debrief) for one interview round.
    def round_actions(self, interview: Interview) -> None:
        end = interview.end
        user_cal = self.calendar()
        human = interview.format is not InterviewFormat.AI
        ty = self.thank_you_window(interview)
        # Met again before these thanks were due (a day of several rounds): thank everyone
        # once, after the last of them, so the notes go out together and count as one (P9).
        later = self.interviews[self.interviews.index(interview) + 1 :]
        met_again: set[int] = set()
        while later and later[0].start <= ty.last_due:
            ty = replace(ty, end=max(ty.end, later[0].end))
            met_again.update(later[0].interviewer_ids)
            later = later[1:]
        ty_expires = ty.end + timedelta(days=self.policy.first_follow_up_days)
        if later:
            ty_expires = min(ty_expires, later[0].start)

        key = f"ask.i{interview.id}"
        if human and not self.settled(key):
            day_start = user_cal.at(user_cal.local(interview.start).date(), time(0, 0))
            due = max(day_start, interview.start - timedelta(minutes=30))
            self.add(
                key,
                ActionKind.ASK_NEXT_STEPS,
                Channel.NONE,
                day_start,
                due,
                interview.start,
                "At the close of today's interview, ask about next steps, when they expect to "
                "decide, and how and how often they would like you to follow up.",
                expires=end,
                interview=interview,
            )

        key = f"debrief.i{interview.id}"
        if interview.debrief is None and not self.settled(key):
            latest = max(
                end + timedelta(minutes=30),
                min(end + timedelta(hours=self.policy.debrief_within_hours), ty.first_due),
            )
            due = min(end + timedelta(hours=1), latest)
            self.add(
                key,
                ActionKind.DEBRIEF,
                Channel.NONE,
                end,
                due,
                latest,
                "Write down the questions, your answers, what each interviewer cared about "
                "and what was said about timing while it is fresh: the thank-you notes are "
                "built from it.",
                expires=end + timedelta(days=14),
                interview=interview,
            )

        for contact, note in ty.recipients:
            if contact is not None and contact.id in met_again:
                continue  # the later round's thank-you to them covers this one
            key = f"thanks.i{interview.id}.c{contact.id}" if contact else f"find.i{interview.id}"
            if self.settled(key) or self.thanked(interview, contact):
                continue
            cal = self.calendar(contact)
            earliest, due, latest, bent = ty.window(cal)
            who = self.name(contact, "")
            if contact is None:
                why = (
                    "No one from this round has an email address on file: find the recruiter "
                    "or the person who arranged the interview, so your thanks reach someone "
                    f"within {self.policy.thank_you_latest_hours} hours."
                )
                kind, channel = ActionKind.FIND_CONTACT, Channel.NONE
            else:
                why = (
                    f"Thank {who} personally within {self.policy.thank_you_latest_hours} "
                    "hours of the interview; a note the next morning reads as considered, "
                    "not hasty." + note
                )
                kind, channel = ActionKind.THANK_YOU, Channel.EMAIL
            if bent:
                why += (
                    f" The {self.policy.thank_you_latest_hours}-hour window closes outside "
                    f"business hours, so it is planned for {_when(due)} morning, the first "
                    "business hours after it."
                )
            self.add(
                key,
                kind,
                channel,
                earliest,
                due,
                latest,
                why,
                contact=contact,
                expires=ty_expires,
                interview=interview,
            )

        debrief = interview.debrief
        key = f"info.i{interview.id}"
        if debrief and debrief.unaddressed and not self.settled(key):
            contact = ty.lead
            cal = self.calendar(contact)
            earliest, due, _, _ = ty.window(cal)
            latest = cal.business_deadline(due, self.policy.respond_within_business_days)
            points = "; ".join(debrief.unaddressed[:2])
            self.add(
                key,
                ActionKind.SEND_ADDITIONAL_INFO,
                Channel.EMAIL,
                earliest,
                due,
                latest,
                f"Your debrief lists a point left open ({points}): offer the detail with the "
                "thank-you or just after it, in the same exchange, so it does not count as "
                "another unsolicited message.",
                contact=contact,
                expires=ty_expires,
                interview=interview,
            )

    def thanked(self, interview: Interview, contact: Contact | None) -> bool:
        """Whether this round's thanks to ``contact`` are settled by what was logged.

        A thank-you to this person, or to no one in particular, settles it; so does any
        follow-up or call since the round: they have heard from the candidate, and another
        note now would crowd them (P9).
        """
        for event in self.events:
            if event.at < interview.start:
                continue
            if event.kind in _FOLLOW_UP_EVENTS:
                return True
            if event.kind is EventKind.THANK_YOU_SENT and (
                event.contact_id is None or contact is None or event.contact_id == contact.id
            ):
                return True
        return False

    def thank_you_window(self, interview: Interview) -> _ThankYou:
        """Whom to thank for a round (P3/P4) and when."""
        interviewers = [
            c for c in (self.history.contact(i) for i in interview.interviewer_ids) if c
        ]
        recipients: list[tuple[Contact | None, str]]
        lead: Contact | None
        if interview.format is not InterviewFormat.AI and any(c.email for c in interviewers):
            recipients = [
                (
                    c,
                    ""
                    if c.email
                    else f" There is no email address for {c.name} yet: add one, or ask the "
                    "recruiter to pass your note on.",
                )
                for c in interviewers
            ]
            lead = next(
                (c for c in interviewers if c.role is ContactRole.HIRING_MANAGER and c.email),
                next(c for c in interviewers if c.email),
            )
        else:
            host = arranger(self.history)
            reason = (
                "This round was an automated interview with no one to thank in person, "
                if interview.format is InterviewFormat.AI
                else "No interviewer from this round has an email address on file, "
            )
            note = f" {reason}so the thanks go to {host.name}, who arranged it." if host else ""
            recipients = [(host, note)]
            lead = host
        return _ThankYou(self, recipients, lead, interview.end)

    # P14
    def linkedin(self) -> None:
        if not self.interviews:
            return
        first_thanks = next((e.at for e in self.events if e.kind is EventKind.THANK_YOU_SENT), None)
        for contact in self.history.contacts:
            rapport = contact.rapport or next(
                (
                    i.debrief.rapport_with(contact.id)
                    for i in reversed(self.interviews)
                    if i.debrief and i.debrief.rapport_with(contact.id)
                ),
                None,
            )
            recruiter = contact.role in (ContactRole.RECRUITER, ContactRole.AGENCY_RECRUITER)
            if rapport is not Rapport.GOOD and not recruiter:
                continue
            key = f"linkedin.c{contact.id}"
            if self.settled(key) or any(
                e.kind is EventKind.LINKEDIN_SENT and e.contact_id == contact.id
                for e in self.events
            ):
                continue
            anchor = first_thanks or self.projected_thanks(self.interviews[0])
            cal = self.calendar(contact)
            due = cal.next_open(anchor + timedelta(days=1))
            reason = "you got on well" if rapport is Rapport.GOOD else "recruiters hear of roles"
            self.add(
                key,
                ActionKind.LINKEDIN_CONNECT,
                Channel.LINKEDIN,
                anchor,
                due,
                anchor + timedelta(days=self.policy.linkedin_within_days),
                f"Connect with {contact.name} on LinkedIn within a week of your thank-you: "
                f"{reason}, and a short note (under 200 characters) keeps the door open.",
                contact=contact,
                expires=anchor + timedelta(days=STALE_AFTER_DAYS),
            )

    def planned_thanks(self, interview: Interview) -> list[datetime]:
        """Dues of the thank-yous planned after ``interview`` began (its own, and those of
        earlier rounds the same day that are sent together with them)."""
        return [
            a.due
            for a in self.actions
            if a.kind is ActionKind.THANK_YOU and a.due >= interview.start
        ]

    def projected_thanks(self, interview: Interview) -> datetime:
        planned = self.planned_thanks(interview)
        return min(planned) if planned else self.thank_you_window(interview).first_due

    # P12, P13 (request)
    def answers_to_inbound(self) -> None:
        for event in self.events:
            if event.kind is EventKind.NEXT_ROUND:
                key = f"respond.e{event.id}"
                scheduled = any(i.start > event.at for i in self.interviews)
                if scheduled or self.settled(key):
                    continue
                contact = self.history.contact(event.contact_id) or self.follow_up_recipient()
                self.reply_within_business_day(
                    key,
                    ActionKind.RESPOND_TO_UPDATE,
                    event,
                    contact,
                    "They invited you to another round: answer within one business day with "
                    "your availability; the new round then gets its own reminders and "
                    "thank-yous once you add it.",
                )
            elif event.kind is EventKind.INFO_REQUEST:
                key = f"info.e{event.id}"
                if self.settled(key):
                    continue
                contact = self.history.contact(event.contact_id) or self.follow_up_recipient()
                self.reply_within_business_day(
                    key,
                    ActionKind.SEND_ADDITIONAL_INFO,
                    event,
                    contact,
                    "They asked for more information: send it within one business day; a "
                    "prompt, complete answer is part of the interview.",
                )

    def reply_within_business_day(
        self,
        key: str,
        kind: ActionKind,
        event: Event,
        contact: Contact | None,
        why: str,
        business_days: int | None = None,
    ) -> None:
        """An answer to their message, due at once and at the latest ``business_days`` on
        (the policy's respond_within_business_days unless said otherwise)."""
        cal = self.calendar(contact)
        days = self.policy.respond_within_business_days if business_days is None else business_days
        latest = cal.business_deadline(event.at, days)
        self.add(
            key,
            kind,
            Channel.EMAIL,
            event.at,
            cal.next_open(event.at),
            latest,
            why,
            contact=contact,
        )

    # P15
    def rejection_reply(self) -> None:
        event = next(e for e in reversed(self.events) if e.kind is EventKind.REJECTION)
        key = f"rejection.e{event.id}"
        if self.settled(key):
            return
        contact = self.history.contact(event.contact_id) or self.follow_up_recipient()
        cal = self.calendar(contact)
        latest = event.at + timedelta(hours=self.policy.rejection_reply_hours)
        due = cal.next_morning(event.at)
        if due > latest:
            due = cal.next_open(event.at)
        self.add(
            key,
            ActionKind.REPLY_TO_REJECTION,
            Channel.EMAIL,
            event.at,
            due,
            latest,
            f"Reply graciously within {self.policy.rejection_reply_hours} hours: thank them "
            "for their time, say you would welcome future openings, and ask for brief "
            "feedback if you want it. Connecting on LinkedIn keeps the door open too.",
            contact=contact,
            expires=event.at + timedelta(days=STALE_AFTER_DAYS),
        )

    # P16
    def offer(self) -> None:
        event = next(e for e in reversed(self.events) if e.kind is EventKind.OFFER)
        contact = self.history.contact(event.contact_id) or self.follow_up_recipient()
        cal = self.calendar(contact)
        key = f"ack.e{event.id}"
        ack_days = self.policy.offer_ack_business_days
        if not self.settled(key):
            self.reply_within_business_day(
                key,
                ActionKind.ACKNOWLEDGE_OFFER,
                event,
                contact,
                f"Acknowledge the offer within {_business_days(ack_days)}: "
                "thank them, say when you will answer, and ask for the terms in writing if "
                "you do not have them.",
                business_days=ack_days,
            )
        key = f"decide.e{event.id}"
        if self.settled(key):
            return
        if event.on is not None:
            deadline, stated = event.on, f"by the deadline, {_when(event.on)}"
        else:
            deadline = cal.local(event.at).date() + timedelta(
                days=self.policy.offer_default_decision_days
            )
            stated = (
                f"within about {self.policy.offer_default_decision_days} days; no deadline is "
                "recorded, so ask them for one"
            )
        latest = cal.closing(deadline)
        earliest = cal.next_open(event.at)
        due = max(earliest, cal.opening(self.previous_business_day(cal, deadline)))
        why = f"Decide {stated}: accept, negotiate or decline in writing, with a day to spare."
        if due > latest:
            why += " The deadline has already passed: answer at once or ask for more time."
        self.add(
            key, ActionKind.DECIDE_OFFER, Channel.EMAIL, event.at, due, latest, why, contact=contact
        )

    @staticmethod
    def previous_business_day(cal: BusinessCalendar, day: date) -> date:
        prev = day - timedelta(days=1)
        while not cal.is_business_day(prev):
            prev -= timedelta(days=1)
        return prev

    # P5: whom the ladder writes to.
    def follow_up_recipient(self) -> Contact | None:
        if self.app.agency:
            agency = self.contacts_with_role(ContactRole.AGENCY_RECRUITER)
            if agency:
                return agency[0]
        candidates = self.contacts_with_role(
            ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.INTERVIEWER
        )
        return next((c for c in candidates if c.email), candidates[0] if candidates else None)

    # P6-P11: the follow-up ladder after the latest round.
    def ladder(self, interview: Interview) -> None:
        policy = self.policy
        after_round = [e for e in self.events if e.at >= interview.start]
        restart = next((e for e in reversed(after_round) if e.kind in _RESTARTS_LADDER), None)
        timeline = next((e for e in reversed(after_round) if e.kind is EventKind.TIMELINE), None)
        # Where the current run of follow-ups starts: the round, or their latest word (P10).
        touch_event = max(
            (e for e in (restart, timeline) if e is not None),
            key=lambda e: (e.at, e.id),
            default=None,
        )
        touch = touch_event.at if touch_event else interview.end
        anchor = f"e{touch_event.id}" if touch_event else f"i{interview.id}"

        # The thank-you bundle (P9: thank-yous of one round count as one message).
        sent_thanks = [e.at for e in after_round if e.kind is EventKind.THANK_YOU_SENT]
        planned_thanks = self.planned_thanks(interview)
        thanks_at = min(sent_thanks) if sent_thanks else self.projected_thanks(interview)
        unsolicited = [e.at for e in after_round if e.kind in UNSOLICITED_SENT_EVENTS]
        last_unsolicited = max([*unsolicited, *planned_thanks], default=None)

        # The employer's stated date (P11): the latest said, in a timeline or the debrief.
        stated = next(
            (e for e in reversed(after_round) if e.kind is EventKind.TIMELINE and e.on), None
        )
        decision = self.decision_date(interview, stated)
        back = self.back_on(after_round, touch_event)
        recipient = self.follow_up_recipient()
        cal = self.calendar(recipient)
        cadence = (recipient.cadence_days if recipient else None) or policy.cadence_days

        taken = [e for e in after_round if e.kind in _FOLLOW_UP_EVENTS and e.at >= touch]
        previous: datetime | None = taken[-1].at if taken else None
        restart_at = restart.at if restart is not None and touch_event is restart else None
        step = len(taken)
        while step < policy.max_follow_ups:
            step += 1
            key = f"follow-up.{anchor}.{step}"
            floors = self.rung_floors(
                cal, previous, thanks_at, restart_at, decision, last_unsolicited, cadence, back
            )
            earliest, reason = max(floors, key=lambda f: f[0])
            due = cal.next_open(earliest)
            latest = cal.business_deadline(due, 2)
            if self.settled(key):
                previous = due
                continue
            kind, channel = self.rung(step, recipient)
            whom = recipient.name if recipient else "whoever arranged the interview"
            if self.app.agency and (
                recipient is None or recipient.role is not ContactRole.AGENCY_RECRUITER
            ):
                whom = f"your recruiter at {self.app.agency}"
            since = "their last message" if touch_event is not None else "your thank-you"
            why = self.rung_why(kind, step, whom, reason, cadence, since)
            rung = self.add(
                key, kind, channel, earliest, due, latest, why, contact=recipient, step=step
            )
            previous = last_unsolicited = rung.due  # a snoozed rung moves the next ones on

        key = f"move-on.{anchor}"
        if previous is not None and not self.settled(key):
            floor = max(
                previous + timedelta(days=cadence),
                (last_unsolicited or previous) + timedelta(days=policy.min_gap_days),
            )
            due = cal.next_open(floor)
            self.add(
                key,
                ActionKind.MOVE_ON,
                Channel.EMAIL,
                floor,
                due,
                cal.business_deadline(due, 5),
                f"After {policy.max_follow_ups} unanswered follow-ups, close this one as no "
                "response and put your energy elsewhere. A short, warm closing note and a "
                "LinkedIn connection keep the door open.",
                contact=recipient,
            )

    def rung_floors(
        self,
        cal: BusinessCalendar,
        previous: datetime | None,
        thanks_at: datetime,
        restart_at: datetime | None,
        decision: date | None,
        last_unsolicited: datetime | None,
        cadence: int,
        back: date | None = None,
    ) -> list[tuple[datetime, str]]:
        """Every lower bound on the next rung, each with the reason a person would give."""
        days = self.policy.first_follow_up_days
        gap = self.policy.min_gap_days
        floors = [(thanks_at + timedelta(days=days), f"{_span(days)} after your thank-you")]
        if previous is None and restart_at is not None:
            floors.append(
                (restart_at + timedelta(days=days), f"{_span(days)} after their last message")
            )
        if previous is not None:
            floors.append(
                (previous + timedelta(days=cadence), f"{cadence} days after the previous follow-up")
            )
        if decision is not None:
            grace = self.policy.decision_grace_business_days
            floors.append(
                (
                    cal.opening(cal.add_business_days(decision, grace)),
                    f"after the date they gave ({_when(decision)})",
                )
            )
        if back is not None:
            # Out of office until ``back``: a message before then lands in a full inbox, so
            # give them the same grace as after a stated decision date.
            grace = self.policy.decision_grace_business_days
            floors.append(
                (
                    cal.opening(cal.add_business_days(back, grace)),
                    f"after they are back ({_when(back)})",
                )
            )
        if last_unsolicited is not None:
            floors.append(
                (
                    last_unsolicited + timedelta(days=gap),
                    f"at least {gap} days after your last message",
                )
            )
        return floors

    @staticmethod
    def back_on(after_round: list[Event], touch_event: Event | None) -> date | None:
        """The latest return date an auto-reply gave since their last real word.

        An auto-reply cancels nothing (it is not a reply, P10), it only moves the next
        follow-up after the date they are back. A message from them after it shows they are
        back already, so only auto-replies later than the ladder's start count.
        """
        since = (touch_event.at, touch_event.id) if touch_event is not None else None
        dates = [
            e.on
            for e in after_round
            if e.kind is EventKind.AUTO_REPLY
            and e.on is not None
            and (since is None or (e.at, e.id) > since)
        ]
        return max(dates, default=None)

    def decision_date(self, interview: Interview, timeline: Event | None) -> date | None:
        if timeline is not None and timeline.on is not None:
            return timeline.on
        if interview.debrief is not None:
            return interview.debrief.decision_date
        return None

    def rung(self, step: int, recipient: Contact | None) -> tuple[ActionKind, Channel]:
        phone_ok = recipient is not None and bool(recipient.phone)
        prefers = recipient.prefers if recipient else None
        if (
            phone_ok
            and prefers is not Channel.EMAIL
            and (prefers is Channel.PHONE or step == self.policy.phone_follow_up_step)
        ):
            return ActionKind.PHONE_FOLLOW_UP, Channel.PHONE
        if step == 1:
            return ActionKind.STATUS_INQUIRY, Channel.EMAIL
        return ActionKind.FOLLOW_UP, Channel.EMAIL

    def rung_why(
        self, kind: ActionKind, step: int, whom: str, reason: str, cadence: int, since: str
    ) -> str:
        if kind is ActionKind.STATUS_INQUIRY:
            return (
                f"No news since {since}: write to {whom} and ask politely for an "
                f"update on next steps and timing. Planned for {reason}."
            )
        if kind is ActionKind.PHONE_FOLLOW_UP:
            return (
                f"Follow-up {step}: a short call to {whom} stands out where another email "
                f"would not; leave a brief voicemail if no one answers. Planned for {reason}."
            )
        return (
            f"Follow-up {step}: still no answer, so check in again with {whom}, briefly and "
            f"warmly, about {cadence} days apart. Planned for {reason}."
        )


@dataclass(frozen=True)
class _ThankYou:
    """The thank-you window of one round, placed per recipient's calendar."""

    planner: _Planner
    recipients: list[tuple[Contact | None, str]]
    lead: Contact | None
    end: datetime  # of the round, or of the last round met before the thanks were due

    def window(self, cal: BusinessCalendar) -> tuple[datetime, datetime, datetime, bool]:
        """(earliest, due, latest, bent): next business morning preferred, within 48 h."""
        policy = self.planner.policy
        end = self.end
        earliest = end + timedelta(hours=policy.thank_you_earliest_hours)
        latest = end + timedelta(hours=policy.thank_you_latest_hours)
        due = max(cal.next_morning(end), cal.next_open(earliest))
        return earliest, due, max(latest, due), due > latest

    @property
    def first_due(self) -> datetime:
        return min(self.window(self.planner.calendar(c))[1] for c, _ in self.recipients)

    @property
    def last_due(self) -> datetime:
        return max(self.window(self.planner.calendar(c))[1] for c, _ in self.recipients)
