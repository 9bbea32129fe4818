"""A database with a row in every table the JSON export carries, built through the services
(and, where only a mail or calendar server could make a row, through the store's own ports),
for the export's round-trip and schema tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from followup import bootstrap, demo
from followup.domain.caldav import CaldavAccount, PushedEvent
from followup.domain.digest import DayStatus, DigestDay
from followup.domain.documents import DocumentKind
from followup.domain.errors import NotFound
from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.invitation import Invitation, Method, Person, Recorded
from followup.domain.mail import FolderState
from followup.domain.matching import Strength
from followup.domain.messages import MessageStatus
from followup.domain.model import Action
from followup.services import digest, documents, events, importing, mail_account, planning
from followup.services.context import Context

NOW = "2026-11-23T10:00"  # the demo's Monday morning in London


def build_demo(path: str) -> bootstrap.Settings:
    """The demo's six applications, as ``make demo`` records them (with its one draft)."""
    assert demo.main([path]) == 0
    return bootstrap.Settings(db=path, config=None, now=NOW)


def build_everything(path: str) -> bootstrap.Settings:
    """The demo, plus a row in every other exported table."""
    settings = build_demo(path)
    with bootstrap.session(settings) as ctx:
        importing.import_table(
            ctx,
            [
                ["Company", "Role", "Status", "Date applied", "URL", "Notes"],
                ["Acme", "Engineer", "applied", "2026-11-02", "https://acme.example/1", "=cmd|x"],
            ],
        )
        planning.ensure_fresh(ctx)
        apps = [row.application.id for row in ctx.store.list_applications()]
        first = [_pending(ctx, app_id) for app_id in apps[:3]]
        events.done_action(ctx, first[0].id, note="done by phone")
        events.skip_action(ctx, first[1].id, note="not this one")
        events.snooze_action(ctx, first[2].id, "next-week")
        mail_account.save(
            ctx,
            mail_account.account_from(
                mail_account.AccountFields(address="alex@example.org", sent_folder="Sent")
            ),
        )
        digest.setup(ctx, at="07:30", off=False, port=8766)
        store = ctx.store
        with store.transaction():
            store.save_caldav_account(
                CaldavAccount(
                    url="https://dav.example/alex/",
                    username="alex",
                    calendar="followup",
                    calendar_url="https://dav.example/alex/followup/",
                )
            )
            store.record_caldav(
                [PushedEvent("uid-1@followup", "/alex/followup/1.ics", '"e1"', 2, "f1")], []
            )
            store.save_digest_day(
                DigestDay(
                    day=date(2026, 11, 23),
                    status=DayStatus.SENT,
                    marked_at=datetime(2026, 11, 23, 7, 30, tzinfo=UTC),
                    sent_at=datetime(2026, 11, 23, 7, 30, 5, tzinfo=UTC),
                    message_id="<d1@example.org>",
                    items=3,
                )
            )
            store.save_folder_sync(
                FolderSync("INBOX", FolderState(uidvalidity=7, uidnext=42, highestmodseq=9), 41)
            )
            app = store.list_applications()[0].application
            contact = store.list_contacts(app.id)[0]
            item = store.add_inbox_item(
                InboxItem(
                    id=0,
                    mail_id="<r1@northwind.example>",
                    folder="INBOX",
                    uid=40,
                    application_id=app.id,
                    contact_id=contact.id,
                    strength=Strength.DEFINITE,
                    match_reason="a reply in our thread",
                    from_address="priya@northwind.example",
                    from_name="Priya Shah — Northwind",
                    subject="Re: Thank you",
                    date=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
                    kind="timeline",
                    on=date(2026, 12, 1),
                    confidence=0.75,
                    reasons=("names a date", "«a decision by»"),
                    found_at=datetime(2026, 11, 23, 9, 5, tzinfo=UTC),
                    status=ItemStatus.PENDING,
                )
            )
            store.flag_bounced("old@globex.example", datetime(2026, 11, 20, tzinfo=UTC), item.id)
            interview = store.list_interviews(app.id)[0]
            store.record_invitation(Recorded("inv-1@cal.example", interview.id, 3))
            store.propose_invitation(
                item.id,
                Invitation(
                    uid="inv-2@cal.example",
                    sequence=0,
                    method=Method.REQUEST,
                    start=datetime(2026, 12, 1, 14, 0, tzinfo=ZoneInfo("Europe/London")),
                    end=datetime(2026, 12, 1, 15, 0, tzinfo=ZoneInfo("Europe/London")),
                    zone="Europe/London",
                    summary="Second round",
                    organizer=Person("priya@northwind.example", "Priya Shah"),
                    attendees=(Person("alex@example.org", None),),
                ),
            )
        with ctx.ports.calendar_source() as source:
            source.identity()  # the calendar's identity, kept in meta
        draft = next(m for m in ctx.store.list_messages() if m.status is MessageStatus.DRAFT)
        resume = documents.keep(
            ctx, draft.application_id, b"%PDF-1.4\n% a resume\n", "Résumé 2026.pdf",
            kind=DocumentKind.RESUME, note="the one with the Kafka project",
        )  # fmt: skip
        sample = documents.keep(ctx, draft.application_id, b"a work sample\n", "sample.txt")
        documents.attach(
            ctx, draft.id, documents.attachable(ctx, draft.application_id, [resume.id, sample.id])
        )
        documents.remove_document(ctx, sample.id)  # the letter keeps what it carries
    return settings


def _pending(ctx: Context, app_id: int) -> Action:
    """The application's first action that is still to do."""
    for action in ctx.store.cached_plan(app_id):
        try:
            return events.pending_action(ctx, action.id)
        except NotFound:
            continue
    raise AssertionError(f"application {app_id} has nothing pending")
