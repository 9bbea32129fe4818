"""The plan pushed to a CalDAV calendar (issue 15): what is on the server, and what to send.

Pure. The service hands in the events the plan shows now (``services.calendar_feed``) and
the record of what was pushed before (one row per event: its UID, where it went, the ETag
the server gave, the SEQUENCE it was sent under and a fingerprint of its content); this
module decides which events to PUT, under which SEQUENCE, and which to DELETE. A sync with
nothing changed therefore sends no request at all for the plan: the record answers every
question a listing of the server's copies would, without reading thousands of them.

Only UIDs of our own domain (``...@<identity>.followup``) are ever put or deleted: the user's
own events in the same calendar are read (to propose interviews), never written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from followup.domain.calendar_rows import CalendarEvent

OUR_DOMAIN = ".followup"  # every UID followup makes ends in "@<identity>.followup"
DEFAULT_CALENDAR = "followup"
LOOKAHEAD_DAYS = 30  # how far ahead the user's own events are read for interviews


@dataclass(frozen=True, slots=True)
class CaldavAccount:
    """Where the plan goes; never the password (the keyring or the environment has it)."""

    url: str  # as typed at setup: the server's address, or its calendar home's
    username: str
    calendar: str  # the calendar's display name
    calendar_url: str  # its collection's address, found or made at setup
    password: bool = True  # False: the server asks for none (``--no-password``)


@dataclass(frozen=True, slots=True)
class PushedEvent:
    """An event as last sent: where it lives on the server and what it said."""

    uid: str
    href: str
    etag: str | None  # as the server answered the PUT; None when it gave none
    sequence: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ForeignEvent:
    """One of the user's own upcoming events, as read from the server."""

    uid: str
    summary: str
    start: datetime  # aware
    minutes: int
    addresses: tuple[str, ...]  # the organizer's and the attendees', lower-cased


@dataclass(frozen=True, slots=True)
class Push:
    event: CalendarEvent  # with the SEQUENCE to send
    fingerprint: str
    before: PushedEvent | None  # None: new on the server


@dataclass(frozen=True, slots=True)
class Changes:
    puts: tuple[Push, ...]
    deletes: tuple[PushedEvent, ...]

    @property
    def empty(self) -> bool:
        return not self.puts and not self.deletes


def is_ours(uid: str) -> bool:
    return uid.rpartition("@")[2].endswith(OUR_DOMAIN)


def fingerprint(event: CalendarEvent) -> str:
    """What a calendar shows of an event, hashed: its SEQUENCE left out, because it grows
    with every change to the application (a sibling action's too), and re-sending an event
    that did not change is the request an empty sync must not make."""
    text = "\x1f".join(
        (
            event.uid,
            event.start.isoformat(),
            event.end.isoformat(),
            event.summary,
            event.description,
            event.url,
            str(event.alarm.total_seconds()),
            event.what,
        )
    )
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def changes(events: Sequence[CalendarEvent], pushed: Mapping[str, PushedEvent]) -> Changes:
    """What to send so the server shows ``events`` and nothing else of ours.

    An event is put when it is new or its content changed; its SEQUENCE is the plan's
    revision (``calendar_feed``), but never less than one more than the one the server
    has: a draft made for an action changes its link without a new revision, and RFC 5545
    wants a higher SEQUENCE for any change a client should take. An event pushed before and
    absent now (done, skipped, expired, cancelled) is deleted.
    """
    puts: list[Push] = []
    seen: set[str] = set()
    for event in events:
        if not is_ours(event.uid):  # cannot happen: calendar_feed makes every UID
            continue
        seen.add(event.uid)
        print_ = fingerprint(event)
        before = pushed.get(event.uid)
        if before is not None and before.fingerprint == print_:
            continue
        sent = event
        if before is not None and event.sequence <= before.sequence:
            sent = replace(event, sequence=before.sequence + 1)
        puts.append(Push(sent, print_, before))
    deletes = tuple(p for uid, p in sorted(pushed.items()) if uid not in seen and is_ours(uid))
    return Changes(tuple(puts), deletes)


def foreign(events: Iterable[ForeignEvent]) -> list[ForeignEvent]:
    """The user's own events: never one of ours, whatever the server lists."""
    return [e for e in events if not is_ours(e.uid)]
