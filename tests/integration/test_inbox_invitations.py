"""Invitations in the inbox (issue 15, part 2), on a real Dovecot (tests/mailservers.py) and
a real SQLite file: the sync proposes the interview (new, moved, cancelled) from the mail's
``text/calendar`` part, records nothing by itself, and confirming it, from the CLI's service
or the web's Inbox page, records it with its interviewers."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest

from followup import bootstrap
from followup.adapters.mail.imap import ImapMailbox
from followup.domain.inbox import INVITATION, ItemStatus
from followup.domain.model import Application, Contact
from followup.services import inbox
from followup.services.planning import changing
from followup.services.profile import ProfileChanges, update_profile
from tests.integration.conftest import Web, client_for
from tests.mailservers import MailServers, MailUser

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"
PRIYA = "priya.shah@acmerobotics.com"


def invitation_mail(to: str, ics: str, subject: str, *, attach: bool = True) -> bytes:
    """An invitation as Google Calendar mails one: the text, the HTML, the
    ``text/calendar; method=...`` alternative, and the same as ``invite.ics``."""
    method = "CANCEL" if "METHOD:CANCEL" in ics else "REQUEST"
    msg = EmailMessage()
    msg["From"] = f"Priya Shah <{PRIYA}>"
    msg["Sender"] = "Google Calendar <calendar-notification@google.com>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="google.com")
    msg.set_content("You have been invited to the following event.\n\nJoin with Google Meet.")
    msg.add_alternative("<p>You have been invited to the following event.</p>", subtype="html")
    msg.add_alternative(ics, subtype="calendar", params={"method": method})
    if attach:
        msg.add_attachment(
            ics.encode(), maintype="application", subtype="ics", filename="invite.ics"
        )
    return bytes(msg)


def fixture_text(name: str, me: str) -> str:
    return (INVITES / name).read_text(encoding="utf-8").replace("alex@example.org", me)


@pytest.fixture
def settings(tmp_path: Path, mail_user: MailUser) -> bootstrap.Settings:
    made = bootstrap.Settings(str(tmp_path / "f.db"), None, now="2026-12-01T09:00")
    with bootstrap.session(made) as ctx:
        update_profile(
            ctx,
            ProfileChanges(name="Alex Morgan", email=mail_user.address, timezone="Europe/London"),
        )
        with changing(ctx):
            ctx.store.save_mail_account(mail_user.account)
            acme = ctx.store.add_application(Application(0, "Acme Robotics", "Engineer"))
            ctx.store.add_contact(Contact(0, acme.id, "Priya Shah", email=PRIYA))
    return made


@pytest.fixture
def mailbox(mail_user: MailUser) -> Iterator[ImapMailbox]:
    box = ImapMailbox(mail_user.account, mail_user.password)
    yield box
    box.close()


def sync(settings: bootstrap.Settings, mailbox: ImapMailbox) -> inbox.SyncReport:
    with bootstrap.session(settings) as ctx:
        return inbox.sync(ctx, mailbox, ctx.ports.mail_reader())


def deliver(servers: MailServers, user: MailUser, name: str, subject: str) -> None:
    raw = invitation_mail(user.address, fixture_text(name, user.address), subject)
    servers.deliver(raw, to=user.address, sender=PRIYA)


def test_new_moved_cancelled_proposed_then_recorded_on_confirm(
    settings: bootstrap.Settings,
    mail_servers: MailServers,
    mail_user: MailUser,
    mailbox: ImapMailbox,
) -> None:
    deliver(mail_servers, mail_user, "google.ics", "Invitation: technical interview")
    (item,) = sync(settings, mailbox).items
    assert (item.kind, item.status) == (INVITATION, ItemStatus.PENDING)
    assert item.application_id == 1
    assert item.on is not None
    assert item.on.isoformat() == "2026-12-10"
    assert item.reasons[0].startswith("a new interview: Thu 10 Dec 2026 15:00")
    assert "Wei Ling Chua" in item.reasons[2]
    with bootstrap.session(settings) as ctx:
        assert ctx.store.list_interviews(1) == []  # never recorded silently
        confirmed = inbox.confirm(ctx, item.id)
        assert confirmed.status is ItemStatus.CONFIRMED
        (interview,) = ctx.store.list_interviews(1)
        people = {c.id: c.name for c in ctx.store.list_contacts(1)}
    assert [people[i] for i in interview.interviewer_ids] == ["Wei Ling Chua"]
    assert sorted(people.values()) == ["Priya Shah", "Wei Ling Chua"]

    # The same invitation mailed again (a reminder, a resend) proposes nothing.
    deliver(mail_servers, mail_user, "google.ics", "Invitation: technical interview")
    assert sync(settings, mailbox).items == ()

    deliver(mail_servers, mail_user, "google-update.ics", "Updated invitation")
    (moved,) = sync(settings, mailbox).items
    assert moved.reasons[0].startswith(f"moves interview {interview.id}: to Fri 11 Dec 2026 16:30")
    with bootstrap.session(settings) as ctx:
        inbox.confirm(ctx, moved.id)
        (held,) = ctx.store.list_interviews(1)
    assert held.id == interview.id
    assert held.start.isoformat() == "2026-12-11T16:30:00+00:00"

    deliver(mail_servers, mail_user, "google-cancel.ics", "Canceled event")
    (cancel,) = sync(settings, mailbox).items
    assert cancel.reasons[0].startswith(f"cancels interview {interview.id}")
    with bootstrap.session(settings) as ctx:
        inbox.confirm(ctx, cancel.id)
        assert ctx.store.get_interview(interview.id).cancelled
        assert not any(a.interview_id == interview.id for a in ctx.store.cached_plan(1))


def test_a_recurring_invitation_is_read_as_mail(
    settings: bootstrap.Settings,
    mail_servers: MailServers,
    mail_user: MailUser,
    mailbox: ImapMailbox,
) -> None:
    deliver(mail_servers, mail_user, "recurring.ics", "Invitation: weekly sync")
    (item,) = sync(settings, mailbox).items
    assert item.kind != INVITATION
    with bootstrap.session(settings) as ctx:
        assert ctx.store.proposed_invitation(item.id) is None


def test_dismissing_an_invitation_records_nothing(
    settings: bootstrap.Settings,
    mail_servers: MailServers,
    mail_user: MailUser,
    mailbox: ImapMailbox,
) -> None:
    deliver(mail_servers, mail_user, "google.ics", "Invitation: technical interview")
    (item,) = sync(settings, mailbox).items
    with bootstrap.session(settings) as ctx:
        inbox.dismiss(ctx, item.id)
        assert ctx.store.list_interviews(1) == []
        assert ctx.store.list_contacts(1)[0].name == "Priya Shah"
        assert len(ctx.store.list_contacts(1)) == 1


def test_the_web_inbox_shows_it_and_confirms_it(
    settings: bootstrap.Settings,
    mail_servers: MailServers,
    mail_user: MailUser,
    mailbox: ImapMailbox,
) -> None:
    deliver(mail_servers, mail_user, "google.ics", "Invitation: technical interview")
    (item,) = sync(settings, mailbox).items
    with client_for(settings, signed_in=True) as client:
        web = Web(client, settings)
        page = client.get("/inbox")
        assert page.status_code == 200
        assert f'id="item-{item.id}"' in page.text
        assert "a new interview: Thu 10 Dec 2026 15:00" in page.text
        assert '<option value="invitation" selected>' in page.text
        form = {"csrf": web.csrf("/inbox"), "kind": "invitation", "on": "2026-12-10"}
        done = client.post(f"/inbox/{item.id}/confirm", data=form, follow_redirects=False)
        assert done.status_code == 303, done.text
    with bootstrap.session(settings) as ctx:
        (interview,) = ctx.store.list_interviews(1)
        assert ctx.store.get_inbox_item(item.id).status is ItemStatus.CONFIRMED
    assert interview.minutes == 60


def test_a_booking_a_scheduling_service_mails_matches_by_where_answers_go(
    settings: bootstrap.Settings,
    mail_servers: MailServers,
    mail_user: MailUser,
    mailbox: ImapMailbox,
) -> None:
    """Calendly writes From itself and Reply-To the recruiter: the recruiter's address (a
    contact, or here the employer's domain) is what ties the booking to the application."""
    with bootstrap.session(settings) as ctx, changing(ctx):
        ctx.store.add_application(
            Application(
                0, "Northwind Traders", "Analyst", url="https://northwindtraders.co.uk/jobs/7"
            )
        )
    raw = invitation_mail(
        mail_user.address, fixture_text("calendly.ics", mail_user.address), "New Event: Interview"
    )
    raw = raw.replace(
        f"From: Priya Shah <{PRIYA}>".encode(), b"From: Calendly <notifications@calendly.com>"
    ).replace(
        b"Sender: Google Calendar <calendar-notification@google.com>",
        b"Reply-To: Rosa Lindqvist <rosa@northwindtraders.co.uk>",
    )
    mail_servers.deliver(raw, to=mail_user.address, sender="notifications@calendly.com")
    (item,) = sync(settings, mailbox).items
    assert (item.kind, item.application_id) == (INVITATION, 2)
    assert item.match_reason.startswith("answers go to the employer's domain northwindtraders")
