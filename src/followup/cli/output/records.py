"""Profiles, applications, contacts and interviews for a person to read.

``print_applications`` is the one place that draws a table, so it is the one place that
imports rich (inside the function: most commands never need it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from followup.cli.output import times
from followup.cli.output.agenda import application_title, event_line
from followup.domain.model import TERMINAL_STATUSES

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup.domain.documents import Document
    from followup.domain.model import Contact, Interview, Profile
    from followup.services.applications import ApplicationDetail, ApplicationSummary


def _field(label: str, value: object) -> str:
    return f"  {click.style(label + ':', dim=True):<22} {value}"


def render_profile(profile: Profile) -> str:
    lines = [click.style(profile.name, bold=True) + f" <{profile.email}>"]
    lines.append(_field("time zone", profile.timezone))
    lines.append(_field("country", profile.country or "none (no public holidays)"))
    lines.append(_field("working hours", f"{profile.hours.label()}, Mon-Fri"))
    if profile.phone:
        lines.append(_field("phone", profile.phone))
    if profile.signature:
        lines.append(_field("signature", profile.signature))
    if profile.formal:
        lines.append(_field("letters", "formal (Dear Ms. Shah)"))
    return "\n".join(lines)


def contact_line(c: Contact) -> str:
    details = [c.role.label]
    details += [v for v in (c.email, c.phone, c.linkedin) if v]
    if c.timezone:
        details.append(c.timezone)
    if c.cadence_days:
        details.append(f"every {c.cadence_days} days")
    if c.prefers:
        details.append(f"prefers {c.prefers.label}")
    if c.rapport:
        details.append(f"rapport {c.rapport.label}")
    if c.greet:
        details.append(f'greet as "{c.greet}"')
    ident = click.style(f"#{c.id}", dim=True)
    return f"  {ident} {click.style(c.name, bold=True)} · " + ", ".join(details)


def interview_line(
    i: Interview, contacts: tuple[Contact, ...], now: datetime, zone: ZoneInfo
) -> str:
    names = {c.id: c.name for c in contacts}
    who = ", ".join(names.get(cid, f"#{cid}") for cid in i.interviewer_ids) or "no one named"
    when = times.happened(i.start, now, zone) if i.start <= now else times.due(i.start, now, zone)
    text = f"{when} · {i.minutes} min {i.format.label} · with {who}"
    ident = click.style(f"#{i.id}", dim=True)
    if i.cancelled:
        return f"  {ident} " + click.style(f"{text} (cancelled)", strikethrough=True, dim=True)
    return f"  {ident} {text}"


def document_line(d: Document, now: datetime, zone: ZoneInfo) -> str:
    from followup.domain.documents import size_text

    ident = click.style(f"#{d.id}", dim=True)
    details = [d.kind.label, d.media_type, size_text(d.size), times.happened(d.added_at, now, zone)]
    line = f"  {ident} {click.style(d.name, bold=True)} · " + ", ".join(details)
    return line + (f" · {d.note}" if d.note else "")


def render_document(d: Document, now: datetime, zone: ZoneInfo) -> str:
    from followup.domain.documents import size_text

    lines = [click.style(d.name, bold=True)]
    lines.append(_field("id", d.id))
    lines.append(_field("application", d.application_id))
    lines.append(_field("kind", d.kind.label))
    lines.append(_field("type", d.media_type))
    lines.append(_field("size", f"{size_text(d.size)} ({d.size} bytes)"))
    lines.append(_field("sha256", d.sha256))
    lines.append(_field("added", times.happened(d.added_at, now, zone)))
    if d.note:
        lines.append(_field("note", d.note))
    return "\n".join(lines)


def render_detail(d: ApplicationDetail, now: datetime, zone: ZoneInfo) -> str:
    app = d.application
    colour = "red" if d.status in TERMINAL_STATUSES else "green"
    lines = [f"{application_title(app)}   {click.style(d.status.label, fg=colour)}"]
    for label, value in (
        ("agency", app.agency),
        ("posting", app.url),
        ("source", app.source),
        ("notes", app.notes),
    ):
        if value:
            lines.append(_field(label, value))
    if app.created_at:
        lines.append(_field("added", times.happened(app.created_at, now, zone)))
    sections: list[tuple[str, list[str], str]] = [
        ("Contacts", [contact_line(c) for c in d.contacts], f"followup contact add {app.id} NAME"),
        (
            "Interviews",
            [interview_line(i, d.contacts, now, zone) for i in d.interviews],
            f"followup interview add {app.id} --at DATETIME",
        ),
        (
            "Timeline",
            [event_line(e, d.contacts, now, zone) for e in d.events],
            f"followup log {app.id} EVENT",
        ),
        (
            "Documents",
            [document_line(doc, now, zone) for doc in d.documents],
            f"followup doc add {app.id} FILE",
        ),
    ]
    for title, body, hint in sections:
        lines += ["", click.style(title, bold=True, underline=True)]
        lines += body or [click.style(f"  none yet: `{hint}`", dim=True)]
    if d.sent_documents:  # which version went where (issue 18)
        lines += ["", click.style("Sent with letters", bold=True, underline=True)]
        for sent in d.sent_documents:
            when = times.happened(sent.sent_at, now, zone) if sent.sent_at else "sent"
            a = sent.attachment
            ident = click.style(f"letter #{sent.message_id}", dim=True)
            lines.append(
                f"  {ident} {when} to {sent.to or 'no address'} · {a.name} · sha256 {a.sha256[:12]}"
            )
    lines += ["", click.style(f"Next actions: `followup plan {app.id}`", dim=True)]
    return "\n".join(lines)


def print_applications(rows: list[ApplicationSummary], now: datetime, zone: ZoneInfo) -> None:
    if not rows:
        click.echo("No applications yet: `followup app add COMPANY ROLE`.")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "company", "role", "status", "next action"):
        table.add_column(column, no_wrap=column in ("id", "status"))
    for row in rows:
        app = row.application
        nxt = Text("-")
        if row.next_due is not None:
            overdue = row.next_due <= now
            nxt = Text(times.relative(row.next_due, now, overdue=True), "red" if overdue else "")
        company = app.company + (f" (via {app.agency})" if app.agency else "")
        # Text, not str: a company called "[bold]" must not be read as rich markup.
        table.add_row(Text(str(app.id)), Text(company), Text(app.role), Text(row.status.label), nxt)
    Console(highlight=False).print(table)
