"""``today --json`` and ``plan APP --json`` without click: the calls scripts make all day.

Importing click costs about as much as starting the interpreter, more than the work these
two commands do on a cached plan. So a command line of exactly this shape runs here:

    followup [--db PATH] [--config PATH] [--now DATETIME] today [--days N] --json
    followup [--db PATH] [--config PATH] [--now DATETIME] plan APP_ID --json

(options in any order, ``--opt value`` or ``--opt=value``, each at most once). Anything else,
including every mistake in these two, returns None and goes through the click group, which
owns the help and the error messages. Both paths call the same read
model and JSON writer (``today_json``, ``plan_json``), and a test checks that they print the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.bootstrap import Settings

GLOBAL_OPTIONS = ("--db", "--config", "--now")


def match(argv: Sequence[str]) -> Callable[[], None] | None:
    """The job for ``argv`` if it is one of the two hot command lines, else None."""
    options, rest = _options(argv, GLOBAL_OPTIONS)
    if options is None or not rest:
        return None
    command, args = rest[0], rest[1:]
    if command == "calendar" and args[:1] == ["export"]:  # issue 15: commands/calendar_export
        from followup.cli.commands import calendar_export

        found, extra = _options(args[1:], calendar_export.OPTIONS)
        return calendar_export.match(lambda: _settings(options), found, extra)
    if "--json" not in args:
        return None
    args = [a for a in args if a != "--json"]
    if len(args) + 1 != len(rest) - 1:  # --json given twice
        return None
    if command == "today":
        from followup.services.read_models import MAX_DAYS

        today_options, extra = _options(args, ("--days",))
        days = (today_options or {}).get("--days", "7")
        if today_options is None or extra or not days.isdigit() or int(days) > MAX_DAYS:
            return None
        return lambda: _today(options, int(days))
    if command == "plan" and len(args) == 1 and args[0].isdigit() and 0 < int(args[0]) < 2**63:
        app_id = int(args[0])
        return lambda: _plan(options, app_id)
    return None


def _options(
    argv: Sequence[str], names: tuple[str, ...]
) -> tuple[dict[str, str] | None, list[str]]:
    """Leading ``--name value`` pairs, and what follows; None if they are not well formed."""
    found: dict[str, str] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        name, eq, value = argv[i].partition("=")
        if name not in names or name in found:
            return None, []
        if not eq:
            if i + 1 >= len(argv):
                return None, []
            i += 1
            value = argv[i]
        found[name] = value
        i += 1
    return found, list(argv[i:])


def _today(options: dict[str, str], days: int) -> None:
    today_json(_settings(options), days)


def _plan(options: dict[str, str], app_id: int) -> None:
    plan_json(_settings(options), app_id)


def _settings(options: dict[str, str]) -> Settings:
    from followup import bootstrap

    return bootstrap.settings_from(
        options.get("--db"), options.get("--config"), options.get("--now")
    )


def today_json(settings: Settings, days: int) -> None:
    """``today --json``, for this fast path and the click command alike."""
    from followup import bootstrap
    from followup.cli.output import json_text
    from followup.services import read_models

    read_models.check_days(days)
    with bootstrap.read_session(settings) as reading:
        result = read_models.today(reading.views, reading.now, reading.zone, days)
    json_text.write(result)


def plan_json(settings: Settings, app_id: int) -> None:
    """``plan ID --json``, for this fast path and the click command alike."""
    from followup import bootstrap
    from followup.cli.output import json_text
    from followup.services import read_models

    with bootstrap.read_session(settings) as reading:
        result = read_models.plan(reading.views, app_id, reading.now, reading.zone)
    json_text.write(result)
