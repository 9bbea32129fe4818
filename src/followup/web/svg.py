"""Geometry for the charts drawn on the server: numbers in, coordinates out.

The templates draw the SVG (so every label is escaped like any other text); this module
only places things. Nothing here decides what a figure means: the timeline takes the
service's events and live actions, the bars take the insights service's figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup.domain.model import Action, Event, Interview

WIDTH = 720
LABEL_W = 230
ROW_H = 26
PLOT_W = WIDTH - LABEL_W - 20


@dataclass(frozen=True)
class Row:
    y: int
    label: str
    when: str
    kind: str  # "event", "interview" (x0 .. x1: start to end) or "action"
    x: float  # the event, or the action's due
    x0: float  # an action's window (earliest .. latest); = x for an event
    x1: float


@dataclass(frozen=True)
class Timeline:
    rows: tuple[Row, ...]
    height: int
    now_x: float | None
    ticks: tuple[tuple[float, str], ...]
    width: int = WIDTH
    label_w: int = LABEL_W


@dataclass(frozen=True)
class Axis:
    """The timeline's time axis: all its geometry depends on besides what is drawn on it.

    ``now`` enters the drawing only through this (where the axis starts and ends, and where
    the *now* line is), so a page can tell whether a later ``now`` draws the same picture
    by comparing axes, without drawing (``pages.applications``).
    """

    start: datetime
    end: datetime
    now_x: float


def axis(
    events: Sequence[Event],
    actions: Sequence[Action],
    now: datetime,
    rounds: Sequence[Interview] = (),
) -> Axis:
    """From the first to the last moment shown, ``now`` included; at least a day long."""
    moments = [e.at for e in events] + [now]
    moments += [m for i in rounds if not i.cancelled for m in (i.start, i.end)]
    for a in actions:
        moments += [a.earliest, a.due, a.latest]
    start, end = min(moments), max(moments)
    if end - start < timedelta(days=1):
        end = start + timedelta(days=1)
    return Axis(start, end, _x(now, start, (end - start).total_seconds()))


def _x(moment: datetime, start: datetime, span: float) -> float:
    return round(LABEL_W + (moment - start).total_seconds() / span * PLOT_W, 1)


def timeline(
    events: Sequence[Event],
    actions: Sequence[Action],
    now: datetime,
    zone: ZoneInfo,
    rounds: Sequence[Interview] = (),
) -> Timeline:
    """What happened (dots; an interview as its span, from start to end, among them) then
    what is planned (windows with the due marked), on one axis."""
    return draw_timeline(events, actions, axis(events, actions, now, rounds), zone, rounds)


def draw_timeline(
    events: Sequence[Event],
    actions: Sequence[Action],
    on: Axis,
    zone: ZoneInfo,
    rounds: Sequence[Interview] = (),
) -> Timeline:
    """``timeline`` on an axis already placed (it knows nothing else of ``now``)."""
    start, end = on.start, on.end
    span = (end - start).total_seconds()

    def x(moment: datetime) -> float:
        return _x(moment, start, span)

    rows: list[Row] = []
    top = 30
    # What happened, by time: the events and the interviews (the story a person tells).
    past: list[tuple[datetime, int, str, str, float, float]] = []
    for e in events:
        label = e.kind.words
        if e.until is not None:  # a snooze says until when, as `followup plan` does
            label += f" until {_shown(e.until, zone)}"
        past.append((e.at, e.id, label, "event", x(e.at), x(e.at)))
    for i in rounds:
        if not i.cancelled:
            label = f"Interview ({i.format.words}, {i.minutes} min)"
            past.append((i.start, -i.id, label, "interview", x(i.start), x(i.end)))
    for at, _, label, kind, x0, x1 in sorted(past, key=lambda p: (p[0], p[1])):
        rows.append(Row(top + len(rows) * ROW_H, label, _shown(at, zone), kind, x0, x0, x1))
    for a in actions:
        rows.append(
            Row(
                top + len(rows) * ROW_H,
                a.kind.words,
                _shown(a.due, zone),
                "action",
                x(a.due),
                x(a.earliest),
                x(a.latest),
            )
        )
    ticks = []
    days = max(1, round(span / 86400 / 6))
    # An axis longer than most of a year names years: a far-dated row (a date stored at the
    # accepted range's edge, ``date_range``) stretches it over decades, and "01 Jan" alone
    # would read as this January. The stored dates are within 1969-2201, so the ticks'
    # arithmetic stays far from datetime's year 9999.
    label = "%d %b" if days < 50 else "%b %Y"
    tick = start.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    while tick <= end:
        if tick >= start:
            ticks.append((x(tick), tick.strftime(label)))
        tick += timedelta(days=days)
    return Timeline(
        rows=tuple(rows),
        height=top + len(rows) * ROW_H + 10,
        now_x=on.now_x,
        ticks=tuple(ticks),
    )


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    value: str
    width: float


@dataclass(frozen=True)
class Bars:
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_w: int = LABEL_W


def bars(items: Sequence[tuple[str, float]], shown: Sequence[str] | None = None) -> Bars:
    """Horizontal bars scaled to the largest value; ``shown`` is the text beside each."""
    top = max((v for _, v in items), default=0) or 1
    out = []
    for n, (label, value) in enumerate(items):
        text = shown[n] if shown is not None else f"{value:g}"
        out.append(Bar(10 + n * ROW_H, label, text, round(value / top * (PLOT_W - 60), 1)))
    return Bars(bars=tuple(out), height=20 + len(items) * ROW_H)


def _shown(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d %b %H:%M")
