"""``followup inbox sync | review | confirm | dismiss``: answers from the inbox, confirmed.

The rules live in ``services.inbox`` and the domain; this module parses options and prints,
human or ``--json`` (one item shape for all of them and the API's: ``records.inbox_item``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from followup.cli.output.emit import emit
from followup.cli.params import ID
from followup.cli.session import json_option, session
from followup.domain.errors import BadInput
from followup.domain.inbox import DATE_MEANS, MEANINGS, InboxItem, parse_meaning
from followup.services import inbox as inbox_service
from followup.services import inputs, records
from followup.services.profile import display_zone

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

_MEANINGS = ", ".join(k.replace("_", "-") for k in MEANINGS)


def _label(kind: str) -> str:
    return kind.replace("_", "-")


def render_item(item: InboxItem, now: datetime, zone: ZoneInfo) -> str:
    from followup.cli.output.times import happened

    sender = item.from_address or "(no sender)"
    if item.from_name:
        sender = f"{item.from_name} <{sender}>"
    when = "" if item.date is None else f", {happened(item.date, now, zone)}"
    meaning = _label(item.kind)
    if item.on is not None:
        meaning += f" ({DATE_MEANS.get(item.kind, 'date')}: {item.on.isoformat()})"
    lines = [
        f"[{item.id}] {item.strength.value}, application {item.application_id}: {sender}{when}",
        f"    subject: {item.subject}",
        f"    matched: {item.match_reason}",
        f"    means: {meaning}, confidence {item.confidence:.2f} ({item.status.value})",
    ]
    lines += [f"      - {reason}" for reason in item.reasons[:4]]
    if item.bounced:
        lines.append(f"    bounced: {item.bounced}")
    return "\n".join(lines)


@click.command()
@json_option
def sync(as_json: bool) -> None:
    """Fetch what is new in INBOX and Junk and list what is about your applications."""
    from followup.services.mail_account import get as mail_account_of

    with session() as ctx:
        account = mail_account_of(ctx)
        mailbox = ctx.ports.mail_servers(account).mailbox()
        try:
            report = inbox_service.sync(ctx, mailbox, ctx.ports.mail_reader(), account=account)
        finally:
            mailbox.close()
        zone = display_zone(ctx)
        now = ctx.now

    def human() -> None:
        for f in report.folders:
            if f.skipped:
                click.echo(f"{f.name}: nothing new.")
            else:
                again = " (renumbered by the server: read again)" if f.reset else ""
                click.echo(
                    f"{f.name}: {f.fetched} new, {f.matched} about your applications{again}."
                )
        for item in report.items:
            click.echo(render_item(item, now, zone))
        if any(i.status.value == "pending" for i in report.items):
            click.echo("Confirm or correct them: `followup inbox review`.")

    emit(
        as_json,
        lambda: {
            "folders": [records.folder(f) for f in report.folders],
            "items": [records.inbox_item(i, zone) for i in report.items],
        },
        human,
    )


@click.command()
@json_option
def review(as_json: bool) -> None:
    """List what the inbox brought that waits for you, with the proposed meaning, and
    the bounces you have not dealt with."""
    with session() as ctx:
        items = inbox_service.pending(ctx)
        alerts = inbox_service.alerts(ctx)
        zone = display_zone(ctx)
        now = ctx.now

    def human() -> None:
        for alert in alerts:
            click.echo(f"ALERT: {alert.text}")
        if not items:
            click.echo("Nothing waits for you in the inbox.")
            return
        for item in items:
            click.echo(render_item(item, now, zone))
        click.echo(
            "Confirm with `followup inbox confirm ID`, correct with `--as MEANING`, or "
            "`followup inbox dismiss ID` if it is not about a job."
        )

    emit(
        as_json,
        lambda: {
            "items": [records.inbox_item(i, zone) for i in items],
            "alerts": [records.alert(a) for a in alerts],
        },
        human,
    )


@click.command()
@click.argument("item_id", type=ID, metavar="ITEM_ID")
@click.option("--as", "as_text", metavar="MEANING", help=f"What it really means: {_MEANINGS}.")
@click.option(
    "--date",
    "date_text",
    metavar="DATE",
    help="timeline: the decision date; offer: the deadline; auto-reply: the date they are back.",
)
@json_option
def confirm(item_id: int, as_text: str | None, date_text: str | None, as_json: bool) -> None:
    """Confirm what ITEM_ID means (or correct it): its event is logged and the plan moves on."""
    kind = None
    if as_text is not None:
        try:
            kind = parse_meaning(as_text)
        except ValueError as exc:
            raise BadInput(f"--as: {exc}") from None
    on = None if date_text is None else inputs.parse_date(date_text, "--date")
    with session() as ctx:
        item = inbox_service.confirm(ctx, item_id, as_kind=kind, on=on)
        zone = display_zone(ctx)

    def human() -> None:
        if item.event_id is not None:
            click.echo(
                f"Confirmed {_label(item.kind)}: logged on application {item.application_id}."
            )
        else:
            click.echo(f"Confirmed {_label(item.kind)} on application {item.application_id}.")
        click.echo(f"Your next steps: `followup plan {item.application_id}`.")

    emit(as_json, lambda: records.inbox_item(item, zone), human)


@click.command()
@click.argument("item_id", type=ID, metavar="ITEM_ID")
@json_option
def dismiss(item_id: int, as_json: bool) -> None:
    """Drop ITEM_ID from review: it is not about a job (a bounce's address is cleared)."""
    with session() as ctx:
        item = inbox_service.dismiss(ctx, item_id)
        zone = display_zone(ctx)

    def human() -> None:
        click.echo(f"Dismissed inbox item {item.id}.")

    emit(as_json, lambda: records.inbox_item(item, zone), human)
