"""Confirming and dismissing inbox items (services.inbox) on the in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from followup.domain.errors import BadInput, NotFound
from followup.domain.inbox import InboxItem, ItemStatus
from followup.domain.matching import Strength
from followup.domain.model import Application, Contact, EventKind
from followup.services import inbox
from followup.services.context import Context
from tests.unit.fakes import NOW, PROFILE, FakeStore, context


@pytest.fixture
def ctx() -> Context:
    c = context(FakeStore())
    with c.store.transaction():
        c.store.save_profile(PROFILE)
        app = c.store.add_application(Application(id=0, company="Acme", role="Engineer"))
        c.store.add_contact(Contact(id=0, application_id=app.id, name="Priya", email="p@a.example"))
    return c


def item(c: Context, kind: str, on: date | None = None) -> InboxItem:
    with c.store.transaction():
        return c.store.add_inbox_item(
            InboxItem(
                id=0,
                mail_id=f"<{kind}@a.example>",
                folder="INBOX",
                uid=1,
                application_id=1,
                contact_id=2,
                strength=Strength.PROBABLE,
                match_reason="from Priya, a contact",
                from_address="p@a.example",
                from_name="Priya",
                subject="Re: Thank you",
                date=NOW,
                kind=kind,
                on=on,
                confidence=0.8,
                reasons=("a reason",),
                found_at=NOW,
            )
        )


def events(c: Context) -> list[EventKind]:
    return [e.kind for e in c.store.list_events(1)]


def test_confirming_logs_the_event_with_its_date(ctx: Context) -> None:
    offer = item(ctx, "offer", date(2026, 12, 4))
    done = inbox.confirm(ctx, offer.id)
    assert done.status is ItemStatus.CONFIRMED
    [event] = ctx.store.list_events(1)
    assert (event.kind, event.on, event.contact_id, event.at) == (
        EventKind.OFFER,
        date(2026, 12, 4),
        2,
        NOW,
    )


def test_a_correction_drops_a_date_that_belonged_to_the_old_meaning(ctx: Context) -> None:
    proposed = item(ctx, "auto_reply", date(2026, 12, 4))
    inbox.confirm(ctx, proposed.id, as_kind="reply")
    [event] = ctx.store.list_events(1)
    assert (event.kind, event.on) == (EventKind.REPLY, None)


def test_a_timeline_without_a_date_is_bad_input_and_writes_nothing(ctx: Context) -> None:
    proposed = item(ctx, "reply")
    with pytest.raises(BadInput, match="needs --date"):
        inbox.confirm(ctx, proposed.id, as_kind="timeline")
    assert events(ctx) == []
    assert ctx.store.get_inbox_item(proposed.id).status is ItemStatus.PENDING
    inbox.confirm(ctx, proposed.id, as_kind="timeline", on=date(2026, 12, 4))
    assert events(ctx) == [EventKind.TIMELINE]


def test_a_date_for_a_meaning_without_one_is_bad_input(ctx: Context) -> None:
    proposed = item(ctx, "rejection")
    with pytest.raises(BadInput, match="--date is only for"):
        inbox.confirm(ctx, proposed.id, on=date(2026, 12, 4))


def test_twice_is_bad_input_and_unknown_ids_are_not_found(ctx: Context) -> None:
    proposed = item(ctx, "reply")
    inbox.confirm(ctx, proposed.id)
    with pytest.raises(BadInput, match="already confirmed"):
        inbox.confirm(ctx, proposed.id)
    with pytest.raises(BadInput, match="already confirmed"):
        inbox.dismiss(ctx, proposed.id)
    with pytest.raises(NotFound):
        inbox.confirm(ctx, 999)
    assert events(ctx) == [EventKind.REPLY]


def test_dismissing_logs_nothing(ctx: Context) -> None:
    proposed = item(ctx, "rejection")
    assert inbox.dismiss(ctx, proposed.id).status is ItemStatus.DISMISSED
    assert events(ctx) == []
    assert inbox.pending(ctx) == []


def test_a_confirmed_bounce_flags_the_contacts_address(ctx: Context) -> None:
    proposed = item(ctx, "bounce")
    inbox.confirm(ctx, proposed.id)
    assert ctx.store.address_bounced("p@a.example")
    assert events(ctx) == []
