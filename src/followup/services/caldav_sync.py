"""The plan pushed to the user's CalDAV calendar (issue 15): set up, shown, synced.

``sync`` puts the events ``calendar export`` would write (``services.calendar_feed``) into
the chosen calendar, replaces those that changed and deletes those gone (done, skipped,
expired, cancelled), deciding by the record of what it pushed before (``domain.caldav``):
a sync with nothing changed writes nothing to the server. Only our own UIDs are written;
the user's events are only read, to propose interviews found among them (an event whose
attendees are an application's contacts or share its employer's mail domain), which are
listed for the user to confirm and never recorded here.

A server down or refusing the login is an ``OutsideFailure`` (exit 1); what was done before
the failure is recorded, the rest is redone by the next sync, so nothing is lost either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from followup.domain import caldav as rules
from followup.domain.caldav import CaldavAccount, ForeignEvent, PushedEvent
from followup.domain.errors import BadInput, FollowupError
from followup.services import calendar_feed
from followup.services.context import Context
from followup.services.ports import Secrets

DEFAULT_CALENDAR = rules.DEFAULT_CALENDAR
SERVER = "caldav"  # the Secrets port's name for this password
MAX_NAME = 200


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise BadInput(
            f"--url {url[:80]!r} is not a CalDAV address (want https://host/path, e.g. "
            "https://cloud.example.org/remote.php/dav)"
        )
    return url


def check_name(name: str, what: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise BadInput(f"{what} {name[:40]!r} must be 1 to {MAX_NAME} printable characters")
    return name


@dataclass(frozen=True)
class Setup:
    account: CaldavAccount
    created: bool  # the calendar was made now (else it was there)


def setup(
    ctx: Context,
    url: str,
    username: str,
    calendar: str = DEFAULT_CALENDAR,
    *,
    password: str | None = None,
    with_password: bool = True,
) -> Setup:
    """Log in, find the calendar named ``calendar`` (made when missing: a calendar of its
    own keeps the plan apart from the user's events unless they name theirs), then save
    the account. Nothing is saved when the server cannot be reached or refuses."""
    draft = CaldavAccount(
        url=check_url(url),
        username=check_name(username, "--user"),
        calendar=check_name(calendar, "--calendar"),
        calendar_url="",
        password=with_password,
    )
    server = ctx.ports.calendar_server(draft, password)
    try:
        calendar_url, created = server.calendar(draft.calendar)
    finally:
        server.close()
    account = replace(draft, calendar_url=calendar_url)
    ctx.store.save_caldav_account(account)
    return Setup(account, created)


def get(ctx: Context) -> CaldavAccount:
    account = ctx.store.get_caldav_account()
    if account is None:
        raise BadInput(
            "no CalDAV calendar yet: run `followup calendar setup --url URL --user NAME`"
        )
    return account


def store_password(secrets: Secrets, account: CaldavAccount, secret: str) -> str | None:
    """Into the keyring; None when stored, else why not (naming the environment variable)."""
    problem = secrets.save(SERVER, account.username, secret)
    if problem:
        return f"not stored: {problem}; set {secrets.variable(SERVER)} in the environment instead"
    return None


def account_json(ctx: Context, account: CaldavAccount) -> dict[str, object]:
    """``calendar show --json``: never the password, only where it would come from."""
    where = ctx.ports.secrets().where(SERVER, account.username) if account.password else None
    return {
        "url": account.url,
        "user": account.username,
        "calendar": account.calendar,
        "calendar_url": account.calendar_url,
        "password": account.password,
        "password_from": where,
        "password_variable": ctx.ports.secrets().variable(SERVER),
        "pushed": len(ctx.store.caldav_events()),
    }


@dataclass(frozen=True)
class Proposal:
    """One of the user's events that looks like an interview for an application."""

    event: ForeignEvent
    application_ids: tuple[int, ...]  # one: a clear match; more: the user chooses
    reason: str

    def as_json(self) -> dict[str, object]:
        return {
            "uid": self.event.uid,
            "summary": self.event.summary,
            "start": self.event.start.isoformat(),
            "minutes": self.event.minutes,
            "attendees": list(self.event.addresses),
            "application_ids": list(self.application_ids),
            "reason": self.reason,
            "status": "proposed",
        }


@dataclass(frozen=True)
class SyncResult:
    account: CaldavAccount
    created: int
    updated: int
    deleted: int
    unchanged: int
    proposed: tuple[Proposal, ...]

    @property
    def sent(self) -> int:
        return self.created + self.updated + self.deleted

    def summary(self) -> str:
        proposed = f", {len(self.proposed)} interview(s) proposed" if self.proposed else ""
        return (
            f"calendar {self.account.calendar}: {self.created} created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.unchanged} unchanged{proposed}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "calendar": self.account.calendar,
            "calendar_url": self.account.calendar_url,
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "proposed": [p.as_json() for p in self.proposed],
        }


def sync(ctx: Context) -> SyncResult:
    """Push what changed since the last sync, then read the user's upcoming events."""
    from followup.services.planning import ensure_fresh

    account = get(ctx)
    profile = ensure_fresh(ctx)
    with ctx.ports.calendar_source() as source:
        cal = calendar_feed.calendar(
            source, ctx.now, profile.timezone, ctx.store.get_digest_setting().base_url
        )
    todo = rules.changes(cal.events, ctx.store.caldav_events())
    server = ctx.ports.calendar_server(account)
    done: list[PushedEvent] = []
    gone: list[str] = []
    try:
        for push in todo.puts:
            answer = server.put(account.calendar_url, push.event, ctx.now)
            done.append(replace(answer, fingerprint=push.fingerprint))
        for old in todo.deletes:
            server.delete(old.href)
            gone.append(old.uid)
        seen = server.upcoming(ctx.now, ctx.now + timedelta(days=rules.LOOKAHEAD_DAYS))
    finally:
        server.close()
        if done or gone:  # what reached the server, even when a later request failed
            ctx.store.record_caldav(done, gone)
    created = sum(1 for p in todo.puts if p.before is None)
    return SyncResult(
        account=account,
        created=created,
        updated=len(todo.puts) - created,
        deleted=len(gone),
        unchanged=len(cal.events) - len(todo.puts),
        proposed=tuple(propose(ctx, rules.foreign(seen))),
    )


def propose(ctx: Context, events: list[ForeignEvent]) -> list[Proposal]:
    """The events whose people point at an application (a contact's address, or the
    employer's mail domain: ``domain.matching``), and not already an interview of it at
    that time. Proposed only: the user confirms by recording the interview."""
    events = [e for e in events if e.addresses]
    if not events:
        return []
    from followup.domain.matching import MailHeaders, match
    from followup.services.inbox import directory

    known = directory(ctx.store)
    out: list[Proposal] = []
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        apps: dict[int, str] = {}
        for address in event.addresses:
            found = match(MailHeaders(None, (), (), address), known)
            if found is not None:
                apps.setdefault(found.application_id, f"{address}: {found.reason}")
        ids = tuple(a for a in sorted(apps) if not _recorded(ctx, a, event.start))
        if ids:
            out.append(Proposal(event, ids, apps[ids[0]]))
    return out


def _recorded(ctx: Context, app_id: int, start: datetime) -> bool:
    return any(
        not i.cancelled and abs(i.start - start) < timedelta(minutes=1)
        for i in ctx.store.list_interviews(app_id)
    )


def sync_quietly(ctx: Context) -> tuple[str | None, str | None]:
    """For the worker: (summary, None), or (None, the problem); never raises a
    ``FollowupError``, so a calendar server down never stops a pass. (None, None): no
    CalDAV calendar is set up."""
    if ctx.store.get_caldav_account() is None:
        return None, None
    try:
        return sync(ctx).summary(), None
    except FollowupError as exc:
        return None, exc.message
