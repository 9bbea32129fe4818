"""The two hot reads: what to do across all applications, and one application's plan.

Both read the plan cache (kept true by ``planning``) and filter by ``now``; neither plans,
so they stay fast on ten thousand applications and never load the holiday tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup.domain import status as status_rules
from followup.domain.inbox import ItemStatus
from followup.domain.model import Action, Application, Contact, Event, Interview, Status
from followup.domain.rows import DueAction
from followup.services.context import Context
from followup.services.planning import ensure_fresh
from followup.services.read_models import (
    DEFAULT_DAYS,
    alert_text,
    check_days,
    text_instant,
    urgency,
)


@dataclass(frozen=True)
class Agenda:
    """Actions due by ``until``, by due: first those already due at ``now``, then the rest."""

    now: datetime
    until: datetime
    zone: ZoneInfo
    items: tuple[DueAction, ...]
    alerts: tuple[str, ...] = ()  # bounces not yet dealt with (issue 5)

    # Grouped by ``views.urgency``, the one place the triage rule is written (the web's
    # Today uses it too), so the CLI and the web cannot sort an action differently.
    @property
    def due_now(self) -> tuple[DueAction, ...]:
        """Due by now and still worth doing: ``overdue`` and ``due``, by due."""
        worth = {id(i) for i in (*self.overdue, *self.due)}
        return tuple(i for i in self.items if id(i) in worth)

    @property
    def overdue(self) -> tuple[DueAction, ...]:
        """Due, and the window to do it in has closed: late, but still worth doing."""
        return self._group("overdue")

    @property
    def due(self) -> tuple[DueAction, ...]:
        """Due, and still in its window."""
        return self._group("due")

    @property
    def upcoming(self) -> tuple[DueAction, ...]:
        return self._group("upcoming")

    @property
    def lapsed(self) -> tuple[DueAction, ...]:
        """Overdue so long that doing it now would be odd (``domain.lapse``): folded away,
        not listed with what still matters."""
        return self._group("lapsed")

    def _group(self, name: str) -> tuple[DueAction, ...]:
        stamp = text_instant(self.now)
        return tuple(
            item
            for item in self.items
            if urgency(
                item.action.kind.value,
                text_instant(item.action.due),
                text_instant(item.action.latest),
                stamp,
                self.now,
            )
            == name
        )


@dataclass(frozen=True)
class Plan:
    application: Application
    status: Status
    actions: tuple[Action, ...]  # live at ``now``, by due
    events: tuple[Event, ...]  # by time
    contacts: tuple[Contact, ...]
    now: datetime
    zone: ZoneInfo

    def contact(self, contact_id: int | None) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)


def today(ctx: Context, days: int = DEFAULT_DAYS) -> Agenda:
    check_days(days)
    profile = ensure_fresh(ctx)
    until = ctx.now + timedelta(days=days)
    items = tuple(ctx.store.due_actions(until=until, now=ctx.now))
    alerts = tuple(
        alert_text(i.id, i.application_id, i.bounced)
        for i in ctx.store.list_inbox_items(ItemStatus.PENDING, ItemStatus.APPLIED)
        if i.kind == "bounce"
    )
    return Agenda(
        now=ctx.now, until=until, zone=ZoneInfo(profile.timezone), items=items, alerts=alerts
    )


def plan(ctx: Context, app_id: int) -> Plan:
    profile = ensure_fresh(ctx)
    store = ctx.store
    application = store.get_application(app_id)
    events = tuple(store.list_events(app_id))
    return Plan(
        application=application,
        status=status_at(events, store.list_interviews(app_id), ctx.now),
        actions=tuple(a for a in store.cached_plan(app_id) if a.is_live(ctx.now)),
        events=events,
        contacts=tuple(store.list_contacts(app_id)),
        now=ctx.now,
        zone=ZoneInfo(profile.timezone),
    )


def status_at(events: Iterable[Event], interviews: Iterable[Interview], now: datetime) -> Status:
    """The application's status at ``now``; a page shown for a while asks again later."""
    ends = [i.end for i in interviews if not i.cancelled]
    return status_rules.current_status(
        status_rules.base_status(events), min(ends) if ends else None, now
    )
