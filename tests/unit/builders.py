"""Small builders for planner inputs, so a test states only what matters to its rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain.business_hours import holidays_for
from followup.domain.model import (
    Action,
    ActionKind,
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
)
from followup.domain.planner import plan, plan_all
from followup.domain.policy import Policy

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
PROFILE = Profile(
    name="Alex Morgan", email="alex@example.org", timezone="Europe/London", country="GB"
)


def at(text: str, zone: ZoneInfo = LONDON) -> datetime:
    """'2026-11-17 14:00' on the clock of ``zone``."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


class Scenario:
    """A mutable builder for one application's history."""

    def __init__(self, company: str = "Acme", agency: str | None = None) -> None:
        self.app = Application(id=1, company=company, role="Data Engineer", agency=agency)
        self.contacts: list[Contact] = []
        self.interviews: list[Interview] = []
        self.events: list[Event] = []

    def contact(
        self,
        name: str,
        role: ContactRole = ContactRole.INTERVIEWER,
        email: str | None = "auto",
        **kw: object,
    ) -> Contact:
        cid = len(self.contacts) + 1
        mail = f"{name.split(maxsplit=1)[0].lower()}@acme.example" if email == "auto" else email
        c = Contact(id=cid, application_id=1, name=name, role=role, email=mail, **kw)  # type: ignore[arg-type]
        self.contacts.append(c)
        return c

    def interview(
        self,
        start: datetime,
        *with_: Contact,
        minutes: int = 60,
        fmt: InterviewFormat = InterviewFormat.VIDEO,
        debrief: Debrief | None = None,
    ) -> Interview:
        i = Interview(
            id=len(self.interviews) + 1,
            application_id=1,
            start=start,
            minutes=minutes,
            format=fmt,
            interviewer_ids=tuple(c.id for c in with_),
            debrief=debrief,
        )
        self.interviews.append(i)
        return i

    def log(
        self,
        kind: EventKind,
        when: datetime,
        contact: Contact | None = None,
        on: date | None = None,
        action_id: str | None = None,
        until: datetime | None = None,
    ) -> Event:
        e = Event(
            id=len(self.events) + 1,
            application_id=1,
            kind=kind,
            at=when,
            contact_id=contact.id if contact else None,
            on=on,
            action_id=action_id,
            until=until,
        )
        self.events.append(e)
        return e

    def history(self) -> History:
        return History(self.app, tuple(self.contacts), tuple(self.interviews), tuple(self.events))

    def plan(
        self, now: datetime | None = None, policy: Policy | None = None, profile: Profile = PROFILE
    ) -> list[Action]:
        policy = policy or Policy()
        hol = holidays_for(profile.country)
        if now is None:
            return plan_all(self.history(), profile, policy, hol)
        return plan(self.history(), profile, policy, now, hol)


def only(actions: list[Action], kind: ActionKind) -> list[Action]:
    return [a for a in actions if a.kind is kind]


def one(actions: list[Action], kind: ActionKind) -> Action:
    found = only(actions, kind)
    assert len(found) == 1, f"expected one {kind.label}, got {[a.kind.label for a in actions]}"
    return found[0]


def local(moment: datetime, zone: ZoneInfo = LONDON) -> str:
    return moment.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


__all__ = ["at", "local", "one", "only", "replace"]
