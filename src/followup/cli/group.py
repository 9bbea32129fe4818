"""The ``followup`` click group: global options and lazily loaded commands.

Commands live in their own modules and are imported only when invoked, so ``followup log``
loads the code for ``log`` and not for everything else (start-up time is a feature here).
Errors are not handled here but in ``main.run``, the one place that maps them.
"""

from __future__ import annotations

import importlib

import click

from followup import __version__
from followup.cli.session import GlobalOptions

# name -> (module in cli/commands/, attribute, one-line help for ``followup --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "me": ("profile", "me", "Show or set your profile (name, zone, hours)."),
    "app": ("app", "app", "Add, list, show, edit or remove applications."),
    "contact": ("contact", "contact", "Add, list or edit contacts."),
    "interview": (
        "interview",
        "interview",
        "Add, import, list, edit or cancel interviews.",
    ),
    "debrief": ("debrief", "debrief", "Capture how an interview went."),
    "doc": ("doc", "doc", "Keep résumés, work samples ... for an application."),
    "log": ("log", "log", "Record something that happened."),
    "today": ("agenda", "today", "What to do now and in the days ahead."),
    "plan": (
        "agenda",
        "plan",
        "One application's next actions and timeline.",
    ),
    "done": ("log", "done", "Mark an action as done."),
    "skip": ("log", "skip", "Decide not to do an action."),
    "snooze": ("log", "snooze", "Put an action off until later."),
    "draft": ("draft", "draft", "Draft a personal message for an action."),
    "drafts": ("draft", "drafts", "List your drafts, or show one."),
    "check": (
        "check",
        "check",
        "Proofread a letter: placeholders, tone, length ...",
    ),
    "templates": (
        "templates",
        "templates",
        "List, show or locate the message templates.",
    ),
    "inbox": (
        "inbox",
        "inbox",
        "Read replies: what an employer's mail means.",
    ),
    "mail": ("mail", "mail", "Set up, show or test your mail account."),
    "send": ("send", "send", "Send a draft now, or schedule it."),
    "outbox": (
        "send",
        "outbox_group",
        "What is scheduled, sending, failed or unsettled.",
    ),
    "worker": ("send", "worker", "Send what is due and read the inbox."),
    "digest": (
        "digest",
        "digest_group",
        "Set up or preview the morning digest the worker mails you.",
    ),
    "serve": ("serve", "serve", "Run the web app in your browser."),
    "import": (
        "importing",
        "import_file",
        "Import applications from a tracker's export or a spreadsheet.",
    ),
    "export": (
        "exporting",
        "export",
        "Everything as JSON (the full backup format), or applications as CSV.",
    ),
    "calendar": (
        "calendar",
        "calendar",
        "Your plan as an .ics file, or a feed for your calendar app.",
    ),
    "backup": ("backup", "backup", "Copy the database to a file, safely while in use."),
    "restore": ("backup", "restore", "Replace the database by a backup (the old one is kept)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands from the table, without importing every command module."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, spec[2]) for name, spec in COMMANDS.items()])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        command = getattr(importlib.import_module("followup.cli.commands." + spec[0]), spec[1])
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
            raise TypeError(f"{spec[0]}.{spec[1]} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH",
    help="Database file. Default: $FOLLOWUP_DB, else followup.db in your user data folder.",
)
@click.option(
    "--now",
    metavar="DATETIME",
    help="Pretend it is this time (e.g. '2026-11-24 09:00'); default: the real clock.",
)
@click.option(
    "--config",
    metavar="PATH",
    help="Config file (TOML). Default: $FOLLOWUP_CONFIG, else config.toml in your user "
    "config folder. A missing file means the defaults.",
)
@click.version_option(__version__, prog_name="followup")
@click.pass_context
def cli(ctx: click.Context, db: str | None, now: str | None, config: str | None) -> None:
    """Follow up after job interviews: the right message, to the right person, on time.

    Times you type without an offset are on your profile's clock; a date alone means
    09:00 that day. Accepted: 2026-11-17 14:00, 2026-11-17T14:00+01:00, 17 Nov 2026 14:00.
    """
    ctx.obj = GlobalOptions(db=db, config=config, now=now)
