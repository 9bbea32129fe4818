"""What the fuzz suite knows to be broken today, each fixed on another branch of issue 12.

Two kinds of entries, both meant to be deleted by whoever merges the fix:

- ``KNOWN_FAILURES``: one reproduction per failure the issue lists, each an explicit test in
  ``test_known_failures.py`` marked ``xfail(strict=True)``. When the fix lands the test
  passes, strict turns that XPASS into a failure, and the entry (with its mark) goes.
- The ``KNOWN_BROKEN_*`` switches: areas the hypothesis strategies stay out of, so that
  the known crash there does not hide every other bug. Flip one to ``False`` once its fix
  is merged; the strategies then reach the area again (see ``strategies.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

NOW = "2026-11-23 10:00"

# Issue 12, item 1: a date far from now (year 1, year 9999) overflows inside the planner or
# the calendar ("unexpected OverflowError ... this is a bug", exit 1). While True, generated
# dates stay within years 1000-9000 and the edge list leaves out years 1 and 9999.
KNOWN_BROKEN_DATES = True

# Issue 12, items 2 and 3: every file the CLI reads (--config, check FILE, debrief --from)
# is read whole, so /dev/zero grows without end and a FIFO blocks forever; a deeply nested
# TOML file overflows the parser's recursion. While True, the path strategy offers no
# never-ending or never-opening file (/dev/zero, a FIFO) and no deeply nested TOML.
# Flip it only after the fix: in-process, a FIFO blocks for good and /dev/zero eats memory.
KNOWN_BROKEN_SPECIAL_FILES = True

# Issue 12, item 6: ``--db`` naming something that is not followup's database (a folder,
# /dev/zero, another program's SQLite file, a text file) is exit 1 ("something outside
# failed") or, worse, gets followup's tables written into it. While True, ``--db`` is
# always a copy of the seeded database; the hostile ``--db`` values are only tried once
# this is False.
KNOWN_BROKEN_DB_FILES = True


@dataclass(frozen=True)
class Known:
    """One reproduction from the issue: the command line after ``followup --db DB``.

    ``now`` is the ``--now`` put before the command (None: the line carries its own);
    ``special`` names a file the test makes (see ``test_known_failures.make``), whose path
    replaces ``{file}`` in ``argv``.
    ``expect`` says what fixed looks like: ``"refused"`` is exit 2, one ``error:`` line, the
    database unchanged; ``"private"`` is a new database 0600 in a 0700 folder; ``"hint"`` is
    a refusal whose line tells that global options go before the command.
    """

    name: str
    issue_item: str
    argv: tuple[str, ...]
    now: str | None = NOW
    expect: str = "refused"
    special: str | None = None

    @property
    def reason(self) -> str:
        return f"issue 12, {self.issue_item}: fixed on another branch; remove once merged"


KNOWN_FAILURES: tuple[Known, ...] = (
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
