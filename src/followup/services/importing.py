"""``followup import``: a tracker's export or a spreadsheet, all or nothing (issue 16).

Every row is read (``domain/importing.py``) and checked through ``inputs`` with the limits any
other entrance has, before anything is written; then one transaction writes it all and one
re-plan follows. A row whose stable key is already stored is compared, not added again, so
the same file twice changes nothing (DESIGN section 7); it is compared with what the file
said of it last time, not with the application, so a re-import changes only what the file
changed and an edit made in followup since stays (docs/import.md).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import partial
from typing import TypeVar

from followup.domain import limits, timewords
from followup.domain.errors import BadInput
from followup.domain.importing import (
    STAGE_EVENTS,
    Problem,
    Reading,
    Row,
    Stage,
    changed,
    read_rows,
    said,
)
from followup.domain.kinds import ContactRole, EventKind
from followup.domain.model import Application, Contact, Event, Interview
from followup.services import inputs
from followup.services.context import Context
from followup.services.planning import changing, refresh
from followup.services.profile import display_zone

T = TypeVar("T")


def day_first_here(ctx: Context) -> bool:
    """The profile's country decides a column of dates that cannot decide itself, as its
    people write dates (CLDR, ``timewords.month_first``); without one, month first (as the
    spreadsheet programs' own default does)."""
    profile = ctx.store.get_profile()
    if profile is None or profile.country is None:
        return False
    return not timewords.month_first(timewords.locale_for(None, profile.country))


def import_table(
    ctx: Context,
    table: list[list[str]],
    mapping: dict[str, str] | None = None,
    *,
    source: str = "auto",
    skip_bad: bool = False,
    dry_run: bool = False,
) -> Report:
    """A file's cells (decoded by the adapter) imported, or refused with every problem;
    ``source`` is ``--from`` (auto, csv or a tracker's name)."""
    reading = read_rows(table, mapping, dayfirst=day_first_here(ctx), source=source)
    return import_rows(ctx, reading, skip_bad=skip_bad, dry_run=dry_run)


@dataclass(frozen=True)
class Checked:
    """A row that passed every check, as it will be stored."""

    row: Row
    application: Application
    contact: Contact | None


@dataclass(frozen=True)
class Outcome:
    row: int
    key: str
    company: str
    role: str
    stage: str
    result: str  # created, updated, unchanged, skipped


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass
class Report:
    applications: Counts = field(default_factory=Counts)
    contacts: Counts = field(default_factory=Counts)
    interviews: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    skipped: list[Problem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    tracker: str = ""  # whose export the file was read as ("" for a spreadsheet)

    def as_dict(self) -> dict[str, object]:
        return {
            "applications": self.applications.as_dict(),
            "contacts": self.contacts.as_dict(),
            "interviews": self.interviews.as_dict(),
            "events": self.events.as_dict(),
            "skipped": [{"row": p.row, "reason": _said(p)} for p in self.skipped],
        }


class ImportRefused(BadInput):
    """Exit 2 with every problem of the file, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [f"  row {p.row}, {p.column or '-'}: {p.value!r}: {p.reason}" for p in problems]
        super().__init__(
            f"nothing imported: {len(problems)} problem(s); fix them or use --skip-bad\n"
            + "\n".join(lines)
        )


def _said(p: Problem) -> str:
    return f"{p.column}: {p.value!r}: {p.reason}" if p.column else p.reason


def _check(row: Row, now: datetime) -> tuple[Checked | None, list[Problem]]:
    """Every field through ``inputs``; each failure a problem of its own column."""
    problems: list[Problem] = []

    def guard(column: str, value: str | None, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except BadInput as exc:
            problems.append(Problem(row.number, column, value or "", str(exc)))
            return None

    company = guard(
        "company", row.company, lambda: inputs.line(row.company, "company", limits.COMPANY_CHARS)
    )
    role = guard("role", row.role, lambda: inputs.line(row.role, "role", limits.ROLE_CHARS))
    url = guard("url", row.url, lambda: inputs.optional_line(row.url, "url", limits.URL_CHARS))
    notes = guard(
        "notes", row.notes, lambda: inputs.optional_text(row.notes, "notes", limits.NOTE_CHARS)
    )
    for column, day in (("applied", row.applied), ("interview", row.interview)):
        if day is not None:
            guard(column, day.isoformat(), partial(inputs.in_range, day, column))
    contact: Contact | None = None
    if row.contact or row.email or row.phone:
        name = guard(
            "contact",
            row.contact,
            lambda: inputs.line(
                row.contact or row.email or row.phone or "",
                "contact name",
                limits.PERSON_NAME_CHARS,
            ),
        )
        email = guard("email", row.email, lambda: inputs.email(row.email) if row.email else None)
        phone = guard(
            "phone", row.phone, lambda: inputs.optional_line(row.phone, "phone", limits.PHONE_CHARS)
        )
        if name is not None:
            contact = Contact(id=0, application_id=0, name=str(name), email=email,
                              phone=phone, role=ContactRole.RECRUITER)  # fmt: skip
    if problems or company is None or role is None:
        return None, problems
    app = Application(id=0, company=str(company), role=str(role), url=url, notes=notes,
                      source="import", created_at=now)  # fmt: skip
    return Checked(row, app, contact), []


def import_rows(
    ctx: Context, reading: Reading, *, skip_bad: bool = False, dry_run: bool = False
) -> Report:
    """Check everything, then (unless ``dry_run``) write it in one transaction."""
    problems = list(reading.problems)
    checked: list[Checked] = []
    for row in reading.rows:
        ok, wrong = _check(row, ctx.now)
        problems.extend(wrong)
        if ok is not None:
            checked.append(ok)
    if problems and (not skip_bad or not reading.columns):
        raise ImportRefused(problems)
    report = Report(skipped=problems, dry_run=dry_run, tracker=reading.tracker)
    keys = ctx.store.import_keys()
    seen: set[str] = set()
    touched: list[int] = []
    fresh: list[Checked] = []  # the new rows, written together at the end
    said_now: list[tuple[str, int, str]] = []  # what the file said of rows imported before
    with nullcontext() if dry_run else changing(ctx):
        for item in checked:
            row = item.row
            if row.key in seen:  # the same row twice in one file: the first one counts
                report.applications.unchanged += 1
                report.outcomes.append(_outcome(row, "unchanged"))
                continue
            seen.add(row.key)
            if row.key not in keys:
                fresh.append(item)
                report.applications.created += 1
                report.events.created += len(STAGE_EVENTS[row.stage])
                report.contacts.created += item.contact is not None
                report.interviews.created += _has_interview(row)
                report.outcomes.append(_outcome(row, "created"))
                continue
            app_id, before = keys[row.key]
            after = said(row)
            text = json.dumps(after, sort_keys=True)
            if before == text:  # the file says what it said last time: leave it alone
                report.applications.unchanged += 1
                report.outcomes.append(_outcome(row, "unchanged"))
                continue
            result = _update(ctx, app_id, item, _said_before(before), after, report, dry_run)
            said_now.append((row.key, app_id, text))
            if result == "updated":
                touched.append(app_id)
            report.outcomes.append(_outcome(row, result))
        if not dry_run:
            touched.extend(_create(ctx, fresh, display_zone(ctx), said_now))
            if said_now:
                ctx.store.add_import_keys(said_now)
    if touched:
        refresh(ctx, touched)
    report.outcomes.extend(_outcome_bad(p) for p in problems)
    return report


def _said_before(text: str | None) -> dict[str, str] | None:
    if text is None:
        return None
    value = json.loads(text)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def _has_interview(row: Row) -> bool:
    return row.stage is Stage.INTERVIEWING and row.interview is not None


def _outcome(row: Row, result: str) -> Outcome:
    return Outcome(row.number, row.key, row.company, row.role, row.stage.value, result)


def _outcome_bad(p: Problem) -> Outcome:
    return Outcome(p.row, "", "", "", "", f"skipped: {_said(p)}")


def _moment(day: date | None, ctx: Context, zone: tzinfo) -> datetime:
    if day is None:
        return ctx.now
    return inputs.localize(datetime.combine(day, inputs.DATE_ONLY_TIME), zone)


def _create(
    ctx: Context, items: list[Checked], zone: tzinfo, keys: list[tuple[str, int, str]]
) -> list[int]:
    """The new rows' applications, contacts, events and keys, each kind in one
    ``executemany`` (inside the import's one transaction); their application ids."""
    if not items:
        return []
    ids = ctx.store.add_applications([item.application for item in items])
    placed = list(zip(items, ids, strict=True))
    with_contact = [(item, app_id) for item, app_id in placed if item.contact is not None]
    contact_ids = ctx.store.add_contacts(
        [dataclasses.replace(item.contact, application_id=app_id)
         for item, app_id in with_contact if item.contact is not None]
    )  # fmt: skip
    contact_of = {app_id: cid for (_, app_id), cid in zip(with_contact, contact_ids, strict=True)}
    events: list[Event] = []
    for item, app_id in placed:
        row = item.row
        keys.append((row.key, app_id, json.dumps(said(row), sort_keys=True)))
        contact_id = contact_of.get(app_id)
        applied_at = min(_moment(row.applied, ctx, zone), ctx.now)
        for kind in STAGE_EVENTS[row.stage]:
            at = applied_at if kind is EventKind.APPLIED else max(applied_at, ctx.now)
            events.append(
                Event(id=0, application_id=app_id, kind=kind, at=at,
                      contact_id=contact_id if kind is not EventKind.APPLIED else None,
                      note="imported")
            )  # fmt: skip
        if _has_interview(row):
            ctx.store.add_interview(
                Interview(id=0, application_id=app_id, start=_moment(row.interview, ctx, zone),
                          interviewer_ids=(contact_id,) if contact_id else ())
            )  # fmt: skip
    ctx.store.add_events(events)
    return ids


_FIELDS = ("company", "role", "url", "notes")  # what a row sets on its application


def _update(
    ctx: Context,
    app_id: int,
    item: Checked,
    before: dict[str, str] | None,
    after: dict[str, str],
    report: Report,
    dry_run: bool,
) -> str:
    """A row imported before, which the file changed since: only what the file changed is
    changed here (an edit made in followup to anything else stays): a field it changed, the
    events of a stage it moved to that the application lacks, an interview date it gave, a
    contact it named. A row imported before its fingerprint was kept (``before`` None)
    adds only the stage events its application lacks."""
    row = item.row
    fields = changed(before, after) if before is not None else frozenset({"stage"})
    current = ctx.store.get_application(app_id)
    wanted = dataclasses.replace(
        current, **{f: getattr(item.application, f) for f in _FIELDS if f in fields}
    )
    missing: list[EventKind] = []
    if "stage" in fields:
        have = {e.kind for e in ctx.store.list_events(app_id)}
        missing = [k for k in STAGE_EVENTS[row.stage] if k not in have]
    contact = None
    if item.contact is not None and fields & {"contact", "email", "phone"}:
        known = {(c.name.casefold(), (c.email or "").casefold())
                 for c in ctx.store.list_contacts(app_id)}  # fmt: skip
        if (item.contact.name.casefold(), (item.contact.email or "").casefold()) not in known:
            contact = dataclasses.replace(item.contact, application_id=app_id)
    interview = None
    if "interview" in fields and _has_interview(row) and row.interview is not None:
        days = {i.start.date() for i in ctx.store.list_interviews(app_id)}
        if row.interview not in days:
            start = _moment(row.interview, ctx, display_zone(ctx))
            interview = Interview(id=0, application_id=app_id, start=start)
    if wanted == current and not missing and contact is None and interview is None:
        report.applications.unchanged += 1
        return "unchanged"
    report.applications.updated += 1
    report.events.created += len(missing)
    report.contacts.created += contact is not None
    report.interviews.created += interview is not None
    if not dry_run:
        if wanted != current:
            ctx.store.update_application(wanted)
        if contact is not None:
            ctx.store.add_contact(contact)
        if interview is not None:
            ctx.store.add_interview(interview)
        for kind in missing:
            ctx.store.add_event(
                Event(id=0, application_id=app_id, kind=kind, at=ctx.now, note="imported")
            )
    return "updated"
