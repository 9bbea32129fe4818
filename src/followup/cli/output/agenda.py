"""``today`` and ``plan`` for a person: grouped, relative times, the reason on its own line.

Functions return text with ``click.style`` colour codes; ``click.echo`` drops the codes when
the output is not a terminal, so pipes and files get plain text. The demo prints through
these same functions, so what it shows is exactly what the CLI shows.
"""

from __future__ import annotations

import textwrap
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from followup.cli.output import times
from followup.domain.model import TERMINAL_STATUSES, Channel, EventKind

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup.domain.model import Action, Application, Contact, Event
    from followup.services.agenda import Agenda, Plan
    from followup.services.ports import DueAction

_SOON_HOURS = 24
WIDTH = 88  # fixed, not the terminal's: the same output in a pipe, a test and the demo


def application_title(app: Application) -> str:
    via = f" (via {app.agency})" if app.agency else ""
    return f"{click.style(app.company, bold=True)} · {app.role}{via}  " + click.style(
        f"#{app.id}", dim=True
    )


def _when(action: Action, now: datetime, zone: ZoneInfo) -> str:
    """The web's words: *overdue* once the window has closed, *due* while it is open."""
    text = times.due(action.due, now, zone)
    if action.due <= now <= action.latest and now - action.due >= timedelta(minutes=1):
        ago = times.span(action.due - now)
        text = f"{times.day_and_time(action.due, now, zone)}, due {ago} ago"
    if action.due <= now:
        return click.style(text, fg="red", bold=True)
    if (action.due - now).total_seconds() < _SOON_HOURS * 3600:
        return click.style(text, fg="yellow")
    return text


def action_lines(
    action: Action, contact_name: str | None, now: datetime, zone: ZoneInfo, indent: str
) -> list[str]:
    """Two lines (three if the window has not opened): what, to whom, when; then why."""
    head = click.style(action.kind.label, bold=True)
    if contact_name:
        head += f" → {contact_name}"
    if action.channel is not Channel.NONE:
        head += f" by {action.channel.label}"
    lines = [f"{indent}• {head}   {_when(action, now, zone)}   {click.style(action.id, dim=True)}"]
    if now < action.earliest < action.due:
        not_before = times.day_and_time(action.earliest, now, zone)
        lines.append(f"{indent}  " + click.style(f"not before {not_before}", dim=True))
    elif action.due < now and action.latest > action.due:
        last = times.day_and_time(action.latest, now, zone)
        if now < action.latest:
            closes = f"still fine until {last}, {times.relative(action.latest, now)}"
            lines.append(f"{indent}  " + click.style(closes, fg="yellow"))
        else:
            lines.append(f"{indent}  " + click.style(f"the window closed {last}", fg="red"))
    lines += textwrap.wrap(
        action.why, WIDTH, initial_indent=f"{indent}  ", subsequent_indent=f"{indent}  "
    )
    return lines


def _grouped(items: tuple[DueAction, ...]) -> dict[int, list[DueAction]]:
    """Items per application, applications in the order of their first (earliest) item."""
    groups: dict[int, list[DueAction]] = {}
    for item in items:
        groups.setdefault(item.action.application_id, []).append(item)
    return groups


def _section(title: str, items: tuple[DueAction, ...], agenda: Agenda) -> list[str]:
    lines = [click.style(f"{title} ({len(items)})", bold=True, underline=True)]
    for group in _grouped(items).values():
        first = group[0]
        via = f"{click.style(first.company, bold=True)} · {first.role}  "
        lines.append("  " + via + click.style(f"#{first.action.application_id}", dim=True))
        for item in group:
            lines += action_lines(item.action, item.contact_name, agenda.now, agenda.zone, "    ")
    return lines


def _lapsed_section(agenda: Agenda) -> list[str]:
    """One dim line per lapsed action: enough to find it and skip it, no advice."""
    title = f"Lapsed ({len(agenda.lapsed)}): long past their moment; skip them or let them be"
    lines = [click.style(title, bold=True)]
    for item in agenda.lapsed:
        action = item.action
        to = f" → {item.contact_name}" if item.contact_name else ""
        closed = times.day_and_time(action.latest, agenda.now, agenda.zone)
        text = f"  {item.company} · {action.kind.label}{to}, closed {closed}   {action.id}"
        lines.append(click.style(text, dim=True))
    return lines


def render_today(agenda: Agenda) -> str:
    horizon = times.day_label(
        agenda.until.astimezone(agenda.zone).date(), agenda.now.astimezone(agenda.zone).date()
    )
    lines: list[str] = [
        click.style(f"Alert: {text}", fg="red", bold=True) for text in agenda.alerts
    ]
    if not agenda.items:
        quiet = f"Nothing to do until {horizon}. Enjoy the quiet."
        return "\n".join([*lines, *([""] if lines else []), quiet])
    # One vocabulary with the web's Today: overdue (the window has closed), due now (due,
    # still in its window), coming up; and what lapsed long ago, folded to a line each.
    sections = [
        ("Overdue", agenda.overdue),
        ("Due now", agenda.due),
        (f"Coming up, until {horizon}", agenda.upcoming),
    ]
    for title, items in sections:
        if items:
            if lines:
                lines.append("")
            lines += _section(title, items, agenda)
    if agenda.lapsed:
        if lines:
            lines.append("")
        lines += _lapsed_section(agenda)
    lines += [
        "",
        click.style("Done one? `followup done ID`.  Not doing it? `followup skip ID`.", dim=True),
    ]
    return "\n".join(lines)


_NAMES_ACTION = (EventKind.ACTION_DONE, EventKind.ACTION_SKIPPED, EventKind.ACTION_SNOOZED)


def event_line(event: Event, contacts: tuple[Contact, ...], now: datetime, zone: ZoneInfo) -> str:
    """One line of a timeline: when, what, with whom, the date it names, the note."""
    parts = [click.style(event.kind.label, bold=True)]
    if event.action_id and event.kind in _NAMES_ACTION:
        parts.append(click.style(event.action_id, dim=True))
    if event.until is not None:
        parts.append(f"until {times.day_and_time(event.until, now, zone)}")
    if event.contact_id is not None:
        name = next((c.name for c in contacts if c.id == event.contact_id), None)
        parts.append(f"with {name or f'#{event.contact_id}'}")
    if event.on:
        parts.append(f"on {times.date_label(event.on, now, zone)}")
    if event.note:
        parts.append(f"— {event.note}")
    return f"  {times.day_and_time(event.at, now, zone):<18} " + " ".join(parts)


def render_plan(plan: Plan) -> str:
    app = plan.application
    status = plan.status.label
    styled = click.style(status, fg="green" if plan.status not in TERMINAL_STATUSES else "red")
    lines = [f"{application_title(app)}   {styled}", ""]
    lines.append(click.style("Next", bold=True, underline=True))
    if plan.actions:
        for action in plan.actions:
            contact = plan.contact(action.contact_id)
            name = contact.name if contact else None
            lines += action_lines(action, name, plan.now, plan.zone, "  ")
    elif plan.status in TERMINAL_STATUSES:
        lines.append(f"  Nothing more to do: this application is {status}.")
    else:
        lines.append("  Nothing to do right now.")
    lines += ["", click.style("Timeline", bold=True, underline=True)]
    if plan.events:
        lines += [event_line(e, plan.contacts, plan.now, plan.zone) for e in plan.events]
    else:
        lines.append(f"  Nothing logged yet: `followup log {app.id} applied`.")
    return "\n".join(lines)
