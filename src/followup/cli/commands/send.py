"""``followup send``, ``followup outbox`` and ``followup worker``: letters leave the drafts.

The commands gather what was typed and say what happened; ``services.outbox`` and
``services.worker`` decide. A letter that went prints one line; a refusal (review errors,
P9, already sent, a bad header) is exit status 2 with nothing written; a server that fails
is exit status 1 with the message kept as ``failed``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import click

from followup.cli.output.emit import emit
from followup.cli.params import ID
from followup.cli.session import json_option, session, settings
from followup.domain.errors import BadInput, OutsideFailure
from followup.domain.messages import Message, MessageStatus
from followup.services import inputs, mail_actions, outbox, records
from followup.services.profile import display_zone
from followup.services.worker import PassReport


@click.command()
@click.argument("message_id", type=ID, metavar="MESSAGE_ID")
@click.option("--at", "at_text", metavar="DATETIME", help="Schedule it for then instead.")
@click.option("--when-due", is_flag=True, help="Schedule it for its planned action's due time.")
@click.option("--force", is_flag=True, help="Send despite review errors, P9 or an unsettled send.")
def send(message_id: int, at_text: str | None, when_due: bool, force: bool) -> None:
    """Send a draft now, or schedule it (--at, --when-due) for the worker."""
    if at_text is not None and when_due:
        raise BadInput("give --at or --when-due, not both")
    at = None if at_text is None else inputs.parse_datetime(at_text, "--at")
    with session() as ctx:
        ports = ctx.ports
        composer, reviewers, templates = ports.composer(), ports.reviewers(), ports.templates()
        try:
            if at is None and not when_due:
                servers = ports.mail_servers(outbox.require_account(ctx))
                done: mail_actions.SendReport | Message = mail_actions.send_now(
                    ctx, servers, composer, message_id,
                    force=force, reviewers=reviewers, templates=templates,
                )  # fmt: skip
            else:  # the same sequence as the web's Schedule: now, once the due time is past
                done = mail_actions.schedule_or_send(
                    ctx, ports.mail_servers, composer, message_id,
                    when_due=when_due, at=at, force=force, reviewers=reviewers,
                    templates=templates,
                )  # fmt: skip
        except KeyboardInterrupt:
            if ctx.store.get_message(message_id).status is MessageStatus.SENDING:
                raise OutsideFailure(
                    f"interrupted mid-send: message {message_id} stays `sending` and is "
                    "settled at the next `followup send` or `followup worker`"
                ) from None
            raise
        if isinstance(done, Message):
            when = _local(ctx.now.tzinfo, done.send_at)
            click.echo(f"Scheduled #{done.id} for {when}; the worker sends it.")
            return
        _report(done)


def _report(report: mail_actions.SendReport) -> None:
    for settled in report.settled:
        _say(settled.message, settled.note)
    if report.settle_problem:
        click.echo(
            f"warning: could not settle an interrupted send: {report.settle_problem}", err=True
        )
    sent = report.outcome
    click.echo(f"Sent #{sent.message.id} to {sent.message.to} ({sent.message.message_id}).")
    if sent.note:
        click.echo(f"warning: {sent.note}", err=True)


def _local(clock: tzinfo | None, moment: datetime | None) -> str:
    """On the clock of ``ctx.now``."""
    return "-" if moment is None else f"{moment.astimezone(clock):%Y-%m-%d %H:%M %Z}"


def _say(m: Message, note: str | None) -> None:
    click.echo(f"#{m.id} {m.status.value}" + (f": {note}" if note else ""))


@click.group(name="outbox", invoke_without_command=True)
@json_option
@click.pass_context
def outbox_group(click_ctx: click.Context, as_json: bool) -> None:
    """List what is scheduled, sending, failed or unsettled; `outbox settle` decides one."""
    if click_ctx.invoked_subcommand is not None:
        return
    with session() as ctx:
        found = outbox.listing(ctx)
        zone, clock = display_zone(ctx), ctx.now.tzinfo

    def human() -> None:
        if not found:
            click.echo("The outbox is empty: nothing scheduled, failed or unsettled.")
            return
        for m in found:
            when = f"  at {_local(clock, m.send_at)}" if m.send_at else ""
            click.echo(
                f"#{m.id}  {m.status.value:<9}  app {m.application_id}  {m.kind.value}"
                f" → {m.to or '(no address)'}{when}"
            )
            click.echo(f"      {m.subject}")
            if m.last_error:
                click.echo(f"      {m.last_error}")

    emit(as_json, lambda: {"messages": [records.message(m, zone) for m in found]}, human)


@outbox_group.command()
@click.argument("message_id", type=ID, metavar="MESSAGE_ID")
@click.option("--sent", "was_sent", flag_value=True, default=None, help="It went: mark it sent.")
@click.option("--unsent", "was_sent", flag_value=False, help="It did not: mark it failed.")
def settle(message_id: int, was_sent: bool | None) -> None:
    """Say whether an unsettled message went: `followup outbox` says what to check
    (a reply, your server's copy to you; not your Sent folder, which followup fills only
    once it knows) and that --sent is the likely answer: it was handed over whole."""
    if was_sent is None:
        raise BadInput("say --sent or --unsent")
    with session() as ctx:
        done = outbox.settle_by_hand(ctx, message_id, sent=was_sent)
    _say(done, None)


@click.command()
@click.option("--once", is_flag=True, help="One pass, then exit (for cron).")
@click.option(
    "--interval",
    type=click.IntRange(min=10),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="Longest wait between passes (the inbox's news wakes it sooner).",
)
def worker(once: bool, interval: int) -> None:
    """Send what is due and read the inbox: once, or until SIGTERM/Ctrl-C."""
    import signal
    import time

    from followup.services import worker as work

    stop = work.Stop()

    def on_signal(signum: int, frame: object) -> None:
        stop.requested = True
        if not stop.busy:
            raise work.Stopping()

    if not once and settings().now is not None:
        raise BadInput("--now pins one moment; use it with `worker --once`")
    with session() as ctx:
        account = outbox.require_account(ctx)
        servers = ctx.ports.mail_servers(account)
        composer = ctx.ports.composer()
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if once:
                stop.busy = True  # a signal finishes the message in hand, then stops
                report(work.one_pass(ctx, servers, composer, stop))
                return
            work.run(
                ctx,
                servers,
                composer,
                stop=stop,
                report=report,
                interval=interval,
                sleep=time.sleep,
            )
        except work.Stopping:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    click.echo("worker stopped", err=True)


def report(done: PassReport) -> None:
    for o in (*done.settled, *done.sent):
        _say(o.message, o.note)
    if done.digest:
        click.echo(f"digest: {done.digest}")
    if done.calendar:
        click.echo(done.calendar)
    if done.inbox:
        click.echo(f"inbox: {done.inbox}")
    for problem in done.problems:
        click.echo(f"warning: {problem}", err=True)
