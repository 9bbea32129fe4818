"""The mail sequences the web app runs (``services.mail_actions``), on the outbox's fakes:
schedule or send, the draft's edit kept, and "would send anyway help"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup.adapters.mail_compose import EmailComposer
from followup.domain.errors import BadInput, Conflict
from followup.domain.messages import Message, MessageStatus
from followup.services import drafting, mail_actions
from tests.unit.fakes import NOW
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
