"""The plan in the user's calendar (issue 15, web part 5): the subscription feed, its
token's rotation, and the upcoming week.

The feed, ``/calendar/<token>.ics``, is read by calendar apps, which cannot send the web
session's cookie: the guard lets it through (``guard.FEED_PREFIX``) and it checks its own
read-only token here, in constant time, answering the same 404 as any unknown page when the
token is wrong or none was ever made, so it tells a stranger nothing. Its bytes are kept in
the page cache until something is written or the clock alone would change them (an action
expires, an interview ends).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from followup import bootstrap
from followup.domain.calendar_rows import CalendarEvent
from followup.domain.errors import NoProfile
from followup.services import calendar_feed
from followup.web.forms import checked_form, redirect
from followup.web.guard import same_secret
from followup.web.page_cache import Entry, PageCache
from followup.web.pages.common import page
from followup.web.state import web_state

router = APIRouter(include_in_schema=False)

MEDIA_TYPE = "text/calendar; charset=utf-8"
SUFFIX = ".ics"


@dataclass(frozen=True)
class _Until:
    """The feed's moment: its bytes hold until ``end`` (None: until something is written)."""

    zone: ZoneInfo
    end: datetime | None

    def holds(self, now: datetime) -> bool:
        return self.end is None or now.astimezone(UTC) < self.end


_Cache = PageCache[None, _Until]


def base_url(request: Request) -> str:
    """This server as the browser reached it (the guard admits only its own Host)."""
    return str(request.base_url).rstrip("/")


def current_feed_url(request: Request) -> str:
    """The feed's address for Settings (its token is made on the first look)."""
    token = web_state(request).ports.feed_token()
    return f"{base_url(request)}/calendar/{token}{SUFFIX}"


@router.get("/calendar/{feed}")
async def feed(request: Request, feed: str) -> Response:
    state = web_state(request)
    offered = feed.removesuffix(SUFFIX) if feed.endswith(SUFFIX) else ""
    kept = await run_in_threadpool(state.ports.kept_feed_token)
    if not offered or kept is None or not same_secret(offered, kept):
        raise HTTPException(404)
    cache: _Cache = state.pages
    key = ("calendar-feed", base_url(request))
    stamp = state.changes.stamp()
    entry = cache.get(key, stamp)
    if entry is not None and entry.moment.holds(
        bootstrap.clock(state.settings.now, entry.moment.zone)
    ):
        return Response(entry.body, media_type=MEDIA_TYPE)
    return await run_in_threadpool(_build_feed, request, key, stamp)


def _build_feed(request: Request, key: Hashable, stamp: Hashable | None) -> Response:
    state = web_state(request)
    try:
        with bootstrap.calendar_reading(state.settings) as (source, reading):
            cal = calendar_feed.calendar(source, reading.now, reading.zone.key, base_url(request))
    except NoProfile:  # nothing is planned before there is a profile: an empty calendar
        raise HTTPException(404) from None
    body = state.ports.calendar_file(cal)
    if stamp is not None:
        moment = _Until(reading.zone, cal.holds_until)
        state.pages.put(key, Entry(stamp, reading.now, None, moment, body))
    return Response(body, media_type=MEDIA_TYPE)


@router.post("/settings/calendar/rotate")
async def rotate(request: Request) -> Response:
    """A new feed token: the old address stops working at once."""
    await checked_form(request)
    ports = web_state(request).ports
    await run_in_threadpool(lambda: ports.feed_token(rotate=True))
    return redirect("/settings?said=feed#calendar")


@dataclass(frozen=True)
class _Item:
    """One event on the week view, at its time on the profile's clock."""

    at: datetime
    event: CalendarEvent
    overdue: bool


@router.get("/week", response_class=HTMLResponse)
def week_page(request: Request) -> Response:
    """The next seven days, a column a day: interviews and actions at their times; actions
    still to do from earlier days are on today, marked overdue."""
    settings = web_state(request).settings
    try:
        with bootstrap.calendar_reading(settings) as (source, reading):
            cal = calendar_feed.calendar(
                source, reading.now, reading.zone.key, base_url(request), days=7
            )
    except NoProfile:
        return redirect("/settings")
    days = [
        (
            day.day,
            [_Item(e.start.astimezone(reading.zone), e, e.start < reading.now) for e in day.events],
        )
        for day in calendar_feed.week(cal, reading.now)
    ]
    return page(request, "week.html", "week", days=days, now=reading.now)
