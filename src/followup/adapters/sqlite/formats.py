"""How the SQLite files write instants: UTC text in one fixed-width format.

``2026-11-17T14:00:00.000000Z``: always with microseconds, so that comparing and sorting the
strings compares and sorts the instants (``...:00.5Z`` would sort before ``...:00Z``). Shared
by the store and the read views; it imports nothing but ``datetime`` and the range rule.
"""

from __future__ import annotations

from datetime import date, datetime

from followup.domain.date_range import clamp_day, clamp_instant


def instant_text(moment: datetime) -> str:
    """UTC text in the one format the database uses; refuses naive datetimes."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {moment!r}: the store keeps instants, give a zone")
    return (moment.replace(tzinfo=None) - offset).isoformat(timespec="microseconds") + "Z"


def parse_instant(text: str) -> datetime:
    """A stored instant (the 'Z' suffix comes back as UTC); one outside the dates followup
    accepts, written by an older release, is read at the nearest edge (``date_range``)."""
    return clamp_instant(datetime.fromisoformat(text))


def parse_day(text: str) -> date:
    """A stored date, read at the nearest edge when outside the accepted range."""
    return clamp_day(date.fromisoformat(text))
