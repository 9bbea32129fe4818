"""The ``CalendarServer`` port over the ``caldav`` library (issue 15): the user's calendar
on Nextcloud, Fastmail, iCloud, Radicale ... The only module that imports ``caldav``.

The library finds the calendars (PROPFIND on the principal, its home set), makes one
(MKCALENDAR) and searches them (REPORT with a time range). An event is written with a plain
PUT through the library's client to a name made from its UID, so a PUT repeated after a
crash replaces rather than doubles it, and its ETag comes back in the same answer (the
library's ``save_event`` would search for the UID first: a request per event).

Every failure of the server or the network is one ``OutsideFailure`` line naming the
server; what succeeded before it is returned to the caller, who records it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from urllib.parse import quote, urlsplit

from followup.adapters.calendar.export import to_ics
from followup.domain.caldav import CaldavAccount, ForeignEvent, PushedEvent
from followup.domain.calendar_rows import Calendar, CalendarEvent
from followup.domain.errors import OutsideFailure

TYPE_CHECKING = False
if TYPE_CHECKING:
    from caldav.collection import Calendar as Collection
    from caldav.collection import Principal

TIMEOUT_SECONDS = 30
# An event stored in a calendar collection carries no METHOD (RFC 4791 section 4.1), and a
# calendar's own name and refresh hint belong to a whole file, not to each event.
_FILE_ONLY = ("METHOD:", "X-WR-CALNAME:", "X-WR-TIMEZONE:", "X-PUBLISHED-TTL:")
HEADERS = {"Content-Type": "text/calendar; charset=utf-8"}


class CaldavServer:
    """One connection (the library's session) per sync; ``close`` ends it."""

    def __init__(self, account: CaldavAccount, password: str | None) -> None:
        from caldav.davclient import DAVClient

        self._account = account
        self._where = _host(account.url)
        self._client = DAVClient(
            url=account.url,
            username=account.username if password is not None else None,
            password=password,
            timeout=TIMEOUT_SECONDS,
        )
        self._principal: Principal | None = None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()

    def calendar(self, name: str) -> tuple[str, bool]:
        with self._failures("finding the calendar"):
            principal = self._principal_()
            for cal in _calendars(principal):
                segment = str(cal.url).rstrip("/").rpartition("/")[2]
                if name in (cal.get_display_name(), segment):  # type: ignore[no-untyped-call]  # caldav 1.x hints
                    return str(cal.url), False
            # the sync client's (caldav 1.x hints make the cast redundant)
            made = cast("Collection", principal.make_calendar(name=name))  # type: ignore[redundant-cast]
            return str(made.url), True

    def put(self, calendar_url: str, event: CalendarEvent, stamp: datetime) -> PushedEvent:
        href = f"{calendar_url.rstrip('/')}/{quote(event.uid, safe='@.-_')}.ics"
        body = single_event(event, stamp)
        with self._failures("writing an event"):
            answer = self._client.put(href, body, HEADERS)
        if answer.status not in (200, 201, 204):
            raise OutsideFailure(
                f"CalDAV server {self._where} refused an event ({answer.status} {answer.reason})"
                f"{_hint(answer.status)}"
            )
        etag = answer.headers.get("ETag") if answer.headers is not None else None
        return PushedEvent(event.uid, href, etag, event.sequence, "")

    def delete(self, href: str) -> None:
        with self._failures("deleting an event"):
            answer = self._client.delete(href)
        if answer.status not in (200, 204, 404, 410):
            raise OutsideFailure(
                f"CalDAV server {self._where} refused to delete an event "
                f"({answer.status} {answer.reason}){_hint(answer.status)}"
            )

    def upcoming(self, start: datetime, end: datetime) -> list[ForeignEvent]:
        found: list[ForeignEvent] = []
        with self._failures("reading your events"):
            for cal in _calendars(self._principal_()):
                hits = cast("list[Any]", cal.search(start=start, end=end, event=True, expand=False))  # type: ignore[redundant-cast]  # caldav 1.x hints
                for obj in hits:
                    found.extend(_foreign(obj.icalendar_instance))
        return found

    def _principal_(self) -> Principal:
        if self._principal is None:
            self._principal = cast("Principal", self._client.principal())  # type: ignore[no-untyped-call]
        return self._principal

    @contextlib.contextmanager
    def _failures(self, doing: str) -> Iterator[None]:
        """The library's and the network's exceptions as one line (exit status 1)."""
        from caldav.lib import error

        try:
            yield
        except error.AuthorizationError as exc:
            raise OutsideFailure(
                f"CalDAV server {self._where} refused the login of {self._account.username} "
                f"while {doing}; check the password (FOLLOWUP_CALDAV_PASSWORD or "
                "`followup calendar setup`)"
            ) from exc
        except error.DAVError as exc:
            raise OutsideFailure(
                f"CalDAV server {self._where} failed while {doing}: {_one_line(exc)}"
            ) from exc
        except (OSError, ValueError) as exc:  # the network (niquests' errors are OSErrors)
            raise OutsideFailure(
                f"CalDAV server {self._where} cannot be reached while {doing}: {_one_line(exc)}"
            ) from exc


def _calendars(principal: Principal) -> list[Collection]:
    """The synchronous client's answer (the library's types also allow its async one's)."""
    return cast("list[Collection]", principal.calendars())  # type: ignore[redundant-cast]  # caldav 1.x hints


def single_event(event: CalendarEvent, stamp: datetime) -> str:
    """One VEVENT in its VCALENDAR, as ``calendar export`` writes it (the same lines,
    held to two parsers by its tests), less what only a whole file carries."""
    text = to_ics(Calendar("followup", "UTC", stamp, (event,), None)).decode("utf-8")
    return "\r\n".join(line for line in text.split("\r\n") if not line.startswith(_FILE_ONLY))


def _foreign(cal: object) -> list[ForeignEvent]:
    out: list[ForeignEvent] = []
    for comp in cal.walk("VEVENT"):  # type: ignore[attr-defined]
        uid = str(comp.get("UID", ""))
        start = comp.get("DTSTART")
        if not uid or start is None:
            continue
        begin = start.dt
        if not isinstance(begin, datetime):  # a whole day: not an interview
            continue
        if begin.tzinfo is None:
            begin = begin.replace(tzinfo=UTC)
        end = comp.get("DTEND")
        minutes = 60
        if end is not None and isinstance(end.dt, datetime):
            stop = end.dt if end.dt.tzinfo is not None else end.dt.replace(tzinfo=UTC)
            minutes = max(1, int((stop - begin) / timedelta(minutes=1)))
        people = comp.get("ATTENDEE", [])
        if not isinstance(people, list):
            people = [people]
        organizer = comp.get("ORGANIZER")
        if organizer is not None:
            people = [*people, organizer]
        addresses = tuple(
            sorted(
                {
                    str(p).split(":", 1)[1].strip().lower()
                    for p in people
                    if str(p).lower().startswith("mailto:")
                }
            )
        )
        out.append(ForeignEvent(uid, str(comp.get("SUMMARY", "")), begin, minutes, addresses))
    return out


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _hint(status: int) -> str:
    return "; check the password" if status in (401, 403) else ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
