"""``calendar export`` without click: the command line a cron job or a calendar app's
"refresh" script runs, which pays for ``icalendar`` already (docs/performance.md).

``followup [--db PATH] [--config PATH] [--now DATETIME] calendar export [--days N]
[--out FILE] [--port PORT]`` (each at most once) runs here from ``fast.match``; anything
else, including every mistake, goes through the click command (``commands/calendar.py``), which owns
the help and the error messages and calls the same ``export``.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from followup.bootstrap import Settings

DEFAULT_PORT = 8765  # ``serve``'s: the links in the events open its pages
MAX_DAYS = 3660  # ``services.calendar_feed.MAX_DAYS`` (a test holds them equal)
OPTIONS = ("--days", "--out", "--port")


def match(
    settings: Callable[[], Settings], found: dict[str, str] | None, rest: Sequence[str]
) -> Callable[[], None] | None:
    """The job for ``export``'s options as parsed by ``fast._options``, if they are well
    formed; None sends the line to click."""
    if found is None or rest:
        return None
    days, out, port = found.get("--days"), found.get("--out"), found.get("--port", "8765")
    if days is not None and not (days.isdigit() and int(days) <= MAX_DAYS):
        return None
    if not (port.isdigit() and 1 <= int(port) <= 65535) or out == "":
        return None
    return lambda: export(settings(), None if days is None else int(days), out, int(port))


def export(settings: Settings, days: int | None, out: str | None, port: int) -> None:
    """The calendar at the settings' ``now``, to ``out`` (atomically) or standard output."""
    from followup import bootstrap
    from followup.services import calendar_feed

    ports = bootstrap.Adapters(settings)
    if out is not None and out != "-":
        ports.check_writable(out)  # a bad --out is refused before the database is touched
    with bootstrap.calendar_reading(settings) as (source, reading):
        cal = calendar_feed.calendar(
            source, reading.now, reading.zone.key, f"http://127.0.0.1:{port}", days
        )
    data = ports.calendar_file(cal)
    if out is None or out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    ports.write_file(out, data)
    sys.stderr.write(f"wrote {len(cal.events)} events to {out}\n")
