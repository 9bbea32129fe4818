"""The worker: settle, send what is due, mail the morning digest, read the inbox; once (cron)
or until told to stop.

Each pass runs with its own ``now`` (the clock is the caller's: ``bootstrap`` in real use,
a pinned time in tests). Between passes the long-running worker waits on the inbox with
IMAP IDLE, re-issued well inside the 30 minutes RFC 2177 lets a server drop an idle client,
and wakes at least every ``interval`` seconds to send what has fallen due.

Stopping (SIGTERM, Ctrl-C) is cooperative: the entry point sets ``Stop.requested``; a pass
finishes the message in hand and sends no more; a wait is broken at once (``Stopping``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from followup.domain.errors import FollowupError
from followup.services import outbox
from followup.services.context import Context
from followup.services.ports import Composer, Mailbox, MailServers

IDLE_RESTART_SECONDS = 25 * 60  # RFC 2177: servers may drop an IDLE after 30 minutes
DEFAULT_INTERVAL_SECONDS = 5 * 60


class Stopping(Exception):
    """Raised by the entry point's signal handler while the worker is only waiting."""


@dataclass
class Stop:
    """Shared with the signal handler: ``busy`` while a pass runs (finish it, then stop)."""

    requested: bool = False
    busy: bool = False


@dataclass(frozen=True)
class PassReport:
    now: datetime
    settled: list[outbox.Outcome] = field(default_factory=list)
    sent: list[outbox.Outcome] = field(default_factory=list)
    inbox: str | None = None  # what the inbox sync said, or why it did not run
    digest: str | None = None  # what became of today's digest, when this pass decided it
    calendar: str | None = None  # what the CalDAV sync did, when one is set up
    problems: list[str] = field(default_factory=list)  # outside failures, one line each


def one_pass(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    stop: Stop | None = None,
) -> PassReport:
    """Settle what a crash left, send what is due (each letter dated by ``ctx.tick`` when
    it is handed over), mail the morning digest if it is due, then sync the inbox."""
    stop = stop or Stop()
    report = PassReport(now=ctx.now)
    try:
        report.settled.extend(outbox.settle(ctx, servers))
    except FollowupError as exc:
        report.problems.append(f"settling: {exc.message}")
    try:
        report.sent.extend(outbox.send_due(ctx, servers, composer, lambda: stop.requested))
    except FollowupError as exc:
        report.problems.append(f"sending: {exc.message}")
    if not stop.requested:
        report = _digest(ctx, servers, composer, report)
    if not stop.requested:
        report = _calendar(ctx, report)
    if not stop.requested:
        try:
            return replace(report, inbox=sync_inbox(ctx, servers))
        except FollowupError as exc:
            report.problems.append(f"inbox: {exc.message}")
    return report


def _digest(
    ctx: Context, servers: MailServers, composer: Composer, report: PassReport
) -> PassReport:
    """Today's morning digest, if it is due (``services.digest``): after the letters, so
    it never delays one, and before the inbox, which may take a while."""
    from followup.services import digest

    try:
        done = digest.send_if_due(ctx, servers, composer)
    except FollowupError as exc:
        report.problems.append(f"digest: {exc.message}")
        return report
    return report if done is None else replace(report, digest=done.note)


def _calendar(ctx: Context, report: PassReport) -> PassReport:
    """The CalDAV sync, when one is set up (``services.caldav_sync``): a server down is
    one problem line, and the next pass redoes what this one could not."""
    from followup.services import caldav_sync

    done, problem = caldav_sync.sync_quietly(ctx)
    if problem is not None:
        report.problems.append(f"calendar: {problem}")
    return report if done is None else replace(report, calendar=done)


def sync_inbox(ctx: Context, servers: MailServers) -> str | None:
    """Read what is new in INBOX and Junk (``services.inbox.sync``), filing our letters'
    receipts in Sent; a one-line summary."""
    from followup.services import inbox

    mailbox = servers.mailbox()
    try:
        result = inbox.sync(ctx, mailbox, servers.reader(), account=servers.account)
    finally:
        mailbox.close()
    return result.summary()


def run(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    *,
    stop: Stop,
    report: Callable[[PassReport], None],
    interval: float = DEFAULT_INTERVAL_SECONDS,
    sleep: Callable[[float], None],
) -> None:
    """Passes until ``stop`` is requested; between them, IDLE on INBOX up to ``interval``.
    Each pass's ``now`` is ``ctx.tick()`` when it begins."""
    watcher: Mailbox | None = None
    try:
        while not stop.requested:
            stop.busy = True
            try:
                report(one_pass(replace(ctx, now=ctx.tick()), servers, composer, stop))
            finally:
                stop.busy = False
            if stop.requested:
                break
            try:
                watcher = _wait(servers, watcher, interval, sleep, report, ctx.tick)
            except Stopping:
                break
    finally:
        if watcher is not None:
            _close_quietly(watcher)


def _wait(
    servers: MailServers,
    watcher: Mailbox | None,
    interval: float,
    sleep: Callable[[float], None],
    report: Callable[[PassReport], None],
    clock: Callable[[], datetime],
) -> Mailbox | None:
    """Up to ``interval`` seconds, in IDLE chunks of at most 25 minutes; back early when the
    inbox has news. Without a working IMAP connection, a plain sleep (and a reconnect next
    time)."""
    left = interval
    while left > 0:
        chunk = min(left, IDLE_RESTART_SECONDS)
        try:
            if watcher is None:
                watcher = servers.mailbox()
            if watcher.idle("INBOX", chunk):
                return watcher
        except FollowupError as exc:
            report(PassReport(now=clock(), problems=[f"waiting on the inbox: {exc.message}"]))
            if watcher is not None:
                _close_quietly(watcher)
            sleep(chunk)
            return None
        left -= chunk
    return watcher


def _close_quietly(mailbox: Mailbox) -> None:
    with contextlib.suppress(FollowupError):
        mailbox.close()
