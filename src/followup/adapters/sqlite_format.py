"""How the SQLite files write instants: UTC text in one fixed-width format.

``2026-11-17T14:00:00.000000Z``: always with microseconds, so that comparing and sorting the
strings compares and sorts the instants (``...:00.5Z`` would sort before ``...:00Z``). Shared
by the store and the read views; it imports nothing but ``datetime``.
"""

from __future__ import annotations

from datetime import datetime


def instant_text(moment: datetime) -> str:
    """UTC text in the one format the database uses; refuses naive datetimes."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {moment!r}: the store keeps instants, give a zone")
    return (moment.replace(tzinfo=None) - offset).isoformat(timespec="microseconds") + "Z"


parse_instant = datetime.fromisoformat  # the 'Z' suffix comes back as UTC
