"""Issue 12's reproductions: one command line per failure the issue reported, each of which
crashed, hung, grew without end or wrote where it should not before the fix. They are kept
as regression tests (``test_reproductions.py``), run as real processes."""

from __future__ import annotations

from dataclasses import dataclass

NOW = "2026-11-23 10:00"


@dataclass(frozen=True)
class Known:
    """One reproduction from the issue: the command line after ``followup --db DB``.

    ``now`` is the ``--now`` put before the command (None: the line carries its own);
    ``special`` names a file the test makes (see ``test_reproductions.make``), whose path
    replaces ``{file}`` in ``argv``.
    ``expect`` says what refused looks like: ``"refused"`` is exit 2, one ``error:`` line, the
    database unchanged; ``"private"`` is a new database 0600 in a 0700 folder; ``"hint"`` is
    a refusal whose line tells that global options go before the command.
    """

    name: str
    issue_item: str
    argv: tuple[str, ...]
    now: str | None = NOW
    expect: str = "refused"
    special: str | None = None


REPRODUCTIONS: tuple[Known, ...] = (
    # 1. Dates far from now.
    Known(
        "interview at 9999-12-31", "item 1", ("interview", "add", "1", "--at", "9999-12-31 23:00")
    ),
    Known(
        "interview at 0001-01-01", "item 1", ("interview", "add", "1", "--at", "0001-01-01 00:00")
    ),
    Known("auto-reply on 9999-12-31", "item 1", ("log", "2", "auto-reply", "--on", "9999-12-31")),
    Known("--now 9999-12-31", "item 1", ("--now", "9999-12-31 23:00", "today"), now=None),
    Known(
        "note at 9999-12-31 is stored", "item 1", ("log", "1", "note", "--at", "9999-12-31 23:00")
    ),
    Known(
        "debrief decision_date 9999-12-31",
        "item 1",
        ("debrief", "1", "--from", "{file}"),
        special="far-decision.toml",
    ),
    # 2. Deeply nested TOML.
    Known(
        "debrief --from nested TOML",
        "item 2",
        ("debrief", "1", "--from", "{file}"),
        special="nested",
    ),
    Known(
        "--config nested TOML",
        "item 2",
        ("--config", "{file}", "today"),
        now=None,
        special="nested",
    ),
    # 3. Unbounded reads (run under a memory limit and a timeout, see the test).
    Known("check /dev/zero", "item 3", ("check", "/dev/zero")),
    Known("debrief --from /dev/zero", "item 3", ("debrief", "1", "--from", "/dev/zero")),
    Known("--config /dev/zero", "item 3", ("--config", "/dev/zero", "today"), now=None),
    Known("check a FIFO", "item 3", ("check", "{file}"), special="fifo"),
    Known("debrief --from a FIFO", "item 3", ("debrief", "1", "--from", "{file}"), special="fifo"),
    # 5. A newline in a single-line field.
    Known("role with a newline", "item 5", ("app", "add", "Acme", "Role\nSecond line")),
    Known("company with a newline", "item 5", ("app", "edit", "1", "--company", "Acme\nLtd")),
    Known("contact name with a newline", "item 5", ("contact", "add", "1", "Jane\nDoe")),
    # 6. The database file.
    Known("database created private", "item 6", ("app", "list"), expect="private"),
    Known("foreign SQLite file", "item 6", ("app", "list"), special="foreign-db"),
    # Rough edges: `--now` after the command says where global options go.
    Known(
        "--now after the command", "rough edges", ("today", "--now", NOW), now=None, expect="hint"
    ),
)
