"""The mail sequences the web app runs (``services.mail_actions``), on the outbox's fakes:
schedule or send, the draft's edit kept, and "would send anyway help"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup.adapters.mail.compose import EmailComposer
from followup.domain.errors import BadInput, Conflict
from followup.domain.messages import Message, MessageStatus
from followup.domain.model import ActionKind
from followup.services import drafting, mail_actions
from followup.services.context import Context
from tests.unit import drafting_data as d
from tests.unit.fakes import NOW, context
from tests.unit.test_services_outbox import FakeServers, setup


def test_a_chosen_moment_schedules_the_letter() -> None:
    ctx, message = setup()
    at = NOW + timedelta(days=1)
    done = mail_actions.schedule_or_send(
        ctx, lambda account: FakeServers(ctx.store), EmailComposer(), message.id,  # type: ignore[arg-type,return-value]
        at=at.replace(tzinfo=None),
    )  # fmt: skip
    assert isinstance(done, Message)
    assert (done.status, done.send_at) == (MessageStatus.SCHEDULED, at)


def test_when_due_needs_a_planned_action_and_a_time_or_the_due_not_both() -> None:
    ctx, message = setup()
    with pytest.raises(BadInput, match="not drafted from a planned action"):
        mail_actions.send_moment(ctx, message.id, when_due=True)
    with pytest.raises(BadInput, match="not both"):
        mail_actions.send_moment(ctx, message.id, when_due=True, at=NOW)
    with pytest.raises(BadInput, match="give a date and time"):
        mail_actions.send_moment(ctx, message.id)


def test_send_now_sends_and_reports_nothing_to_settle() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    report = mail_actions.send_now(ctx, servers, EmailComposer(), message.id)  # type: ignore[arg-type]
    assert report.outcome.message.status is MessageStatus.SENT
    assert (report.settled, report.settle_problem) == ((), None)
    assert len(servers.delivered) == 1


def test_a_bounced_address_is_a_judgement_that_send_anyway_overrides() -> None:
    ctx, message = setup()
    with ctx.store.transaction():
        ctx.store.flag_bounced("jane@acme.example", NOW, None)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="bounced"):
        mail_actions.send_now(ctx, servers, EmailComposer(), message.id)  # type: ignore[arg-type]
    assert mail_actions.forcing_helps(ctx, EmailComposer(), message.id)
    mail_actions.send_now(ctx, servers, EmailComposer(), message.id, force=True)  # type: ignore[arg-type]
    # Sent is a fact: no "send anyway" for it, and its text can no longer be edited.
    assert not mail_actions.forcing_helps(ctx, EmailComposer(), message.id)
    with pytest.raises(Conflict, match="only a draft"):
        drafting.save_edit(ctx, message.id, "New subject", "New body")


def test_an_edit_is_kept_one_line_subject_and_nothing_empty() -> None:
    ctx, message = setup()
    edited = drafting.save_edit(ctx, message.id, " Thanks,\n  Jane ", "Dear Jane,\r\n\r\nThanks.")
    assert (edited.subject, edited.body) == ("Thanks, Jane", "Dear Jane,\n\nThanks.")
    assert ctx.store.get_message(message.id) == edited
    for subject, body in (("", "x"), ("x", " \n ")):
        with pytest.raises(BadInput):
            drafting.save_edit(ctx, message.id, subject, body)


def _drafted(ctx: Context) -> Message:
    """A thank-you drafted from the template today (no edit), to be sent another day."""
    app_id = ctx.store.application_ids()[0]
    jane = ctx.store.list_contacts(app_id)[0]
    facts = {"topic": "the pipeline rebuild", "strength": "ran the streaming migration"}
    request = drafting.Request(app_id, ActionKind.THANK_YOU, contact_id=jane.id, supplied=facts)
    (draft,) = drafting.save(ctx, drafting.compose(ctx, d.TEMPLATES, request))
    return draft


def test_a_draft_is_re_dated_for_the_day_it_is_scheduled_for() -> None:
    ctx, _ = setup()
    draft = _drafted(ctx)
    assert "today" in draft.body
    at = NOW + timedelta(days=1)
    done = mail_actions.schedule_or_send(
        ctx, lambda account: FakeServers(ctx.store), EmailComposer(), draft.id,  # type: ignore[arg-type,return-value]
        at=at.replace(tzinfo=None), templates=d.TEMPLATES,
    )  # fmt: skip
    assert isinstance(done, Message)
    assert "yesterday" in done.body
    assert "today" not in done.body
    assert done.facts_dict()["send_day"] == at.date().isoformat()
    assert ctx.store.get_message(draft.id).body == done.body  # what goes is what was checked


def test_a_refused_send_leaves_the_draft_as_it_was() -> None:
    ctx, _ = setup()
    draft = _drafted(ctx)
    with ctx.store.transaction():
        ctx.store.flag_bounced("jane@acme.example", NOW, None)
    later = context(ctx.store, now=NOW + timedelta(days=2))  # type: ignore[arg-type]
    servers = FakeServers(later.store)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="bounced"):
        mail_actions.send_now(later, servers, EmailComposer(), draft.id, templates=d.TEMPLATES)  # type: ignore[arg-type]
    assert later.store.get_message(draft.id) == draft
