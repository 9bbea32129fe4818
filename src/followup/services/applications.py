"""Use cases on applications: the jobs the user is pursuing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain import limits
from followup.domain import status as status_rules
from followup.domain.model import Application, Contact, Event, Interview, Status
from followup.services import inputs
from followup.services.changes import KEEP, Keep, pick
from followup.services.context import Context
from followup.services.planning import changing, ensure_fresh, refresh

TYPE_CHECKING = False
if TYPE_CHECKING:  # the records of documents (~2.5 ms) only where a command shows them
    from followup.domain.documents import Document, SentAttachment

_ANY_TIME_DAYS = 3660  # "whenever it is due": further out than any plan reaches


@dataclass(frozen=True)
class ApplicationChanges:
    """Fields to set; ``None`` clears an optional one. Company and role cannot be cleared."""

    company: str | Keep = KEEP
    role: str | Keep = KEEP
    agency: str | Keep | None = KEEP
    url: str | Keep | None = KEEP
    source: str | Keep | None = KEEP
    notes: str | Keep | None = KEEP


@dataclass(frozen=True)
class ApplicationSummary:
    application: Application
    status: Status
    next_due: datetime | None


@dataclass(frozen=True)
class ApplicationDetail:
    application: Application
    status: Status
    contacts: tuple[Contact, ...]
    interviews: tuple[Interview, ...]
    events: tuple[Event, ...]
    documents: tuple[Document, ...] = ()  # kept for it (issue 18), by id
    sent_documents: tuple[SentAttachment, ...] = ()  # what its sent letters carried


def add_application(
    ctx: Context,
    company: str,
    role: str,
    *,
    agency: str | None = None,
    url: str | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> Application:
    draft = Application(
        id=0,
        company=_company(company),
        role=_role(role),
        agency=_agency(agency),
        url=_url(url),
        source=_source(source),
        notes=_notes(notes),
        created_at=ctx.now,
    )
    with changing(ctx):
        app = ctx.store.add_application(draft)
    refresh(ctx, [app.id])
    return app


def edit_application(ctx: Context, app_id: int, changes: ApplicationChanges) -> Application:
    current = ctx.store.get_application(app_id)
    updated = dataclasses.replace(
        current,
        company=_company(pick(changes.company, current.company)),
        role=_role(pick(changes.role, current.role)),
        agency=_agency(pick(changes.agency, current.agency)),
        url=_url(pick(changes.url, current.url)),
        source=_source(pick(changes.source, current.source)),
        notes=_notes(pick(changes.notes, current.notes)),
    )
    with changing(ctx):
        ctx.store.update_application(updated)
    refresh(ctx, [app_id])  # the agency decides who follow-ups go to (P5)
    return updated


# The fields' rules (limits.py): the company and role head every letter's subject and the
# others may be quoted in one, so all but the notes are single lines.
def _company(text: str) -> str:
    return inputs.line(text, "company", limits.COMPANY_CHARS, "Acme")


def _role(text: str) -> str:
    return inputs.line(text, "role", limits.ROLE_CHARS, '"Senior Engineer"')


def _agency(text: str | None) -> str | None:
    return inputs.optional_line(text, "agency", limits.AGENCY_CHARS)


def _url(text: str | None) -> str | None:
    return inputs.optional_line(text, "url", limits.URL_CHARS)


def _source(text: str | None) -> str | None:
    return inputs.optional_line(text, "source", limits.SOURCE_CHARS)


def _notes(text: str | None) -> str | None:
    return inputs.optional_text(text, "notes", limits.NOTE_CHARS)


def get_application(ctx: Context, app_id: int) -> Application:
    return ctx.store.get_application(app_id)


def remove_application(ctx: Context, app_id: int) -> Application:
    """Delete an application with everything recorded about it (and its cached plan)."""
    app = ctx.store.get_application(app_id)
    with ctx.store.transaction():
        ctx.store.remove_application(app_id)
    return app


def list_applications(ctx: Context) -> list[ApplicationSummary]:
    """Every application with its status and its next live action.

    The next due comes from the live cached actions rather than the row's ``next_due``,
    which also counts actions that have expired (an ask-next-steps reminder once the
    interview is over) and would show them as overdue forever.
    """
    next_due: dict[int, datetime] = {}
    if ctx.store.get_profile() is not None:
        ensure_fresh(ctx)
        horizon = ctx.now + timedelta(days=_ANY_TIME_DAYS)
        for item in ctx.store.due_actions(until=horizon, now=ctx.now):
            next_due.setdefault(item.action.application_id, item.action.due)
    return [
        ApplicationSummary(
            application=row.application,
            status=status_rules.current_status(row.base_status, row.first_interview_end, ctx.now),
            next_due=next_due.get(row.application.id),
        )
        for row in ctx.store.list_applications()
    ]


def application_detail(ctx: Context, app_id: int) -> ApplicationDetail:
    history = ctx.store.history(app_id)
    return ApplicationDetail(
        application=history.application,
        status=status_rules.derive_status(history, ctx.now),
        contacts=history.contacts,
        interviews=history.interviews,
        events=history.events,
        documents=tuple(ctx.store.list_documents(app_id)),
        sent_documents=tuple(ctx.store.sent_attachments(app_id)),
    )


def find_applications(
    ctx: Context, query: str | None = None, status: Status | None = None
) -> list[ApplicationSummary]:
    """``list_applications`` narrowed to a status and to a text found (any case) in the
    company, role, agency or notes: the board's filter and search box."""
    needle = (query or "").strip().casefold()
    found = []
    for summary in list_applications(ctx):
        app = summary.application
        if status is not None and summary.status is not status:
            continue
        if needle:
            haystack = " ".join(filter(None, (app.company, app.role, app.agency, app.notes)))
            if needle not in haystack.casefold():
                continue
        found.append(summary)
    return found
