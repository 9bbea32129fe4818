"""The ``followup`` command: global options, lazily loaded commands, and the one error map.

Commands live in their own modules and are imported only when invoked, so ``followup today``
loads the code for ``today`` and not for everything else (start-up time is a feature here).

``run`` is the single place where failures become what the user sees: a ``FollowupError``
prints ``error: <message>`` on one line and exits with its status (2 bad input, 1 outside
failure); click's usage errors are folded into the same one-line form with status 2; anything
unexpected prints one line and exits 1 (``FOLLOWUP_DEBUG=1`` shows the traceback instead).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

import click

from followup import __version__
from followup.cli.session import GlobalOptions
from followup.domain.errors import FollowupError

# name -> (module, attribute, one-line help for ``followup --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "me": ("followup.cli.profile_cmd", "me", "Show or set your profile (name, zone, hours)."),
    "app": ("followup.cli.app_cmd", "app", "Add, list, show, edit or remove applications."),
    "contact": ("followup.cli.contact_cmd", "contact", "Add, list or edit contacts."),
    "interview": (
        "followup.cli.interview_cmd",
        "interview",
        "Add, list, edit or cancel interviews.",
    ),
    "log": ("followup.cli.log_cmd", "log", "Record something that happened."),
    "today": ("followup.cli.agenda_cmd", "today", "What to do now and in the days ahead."),
    "plan": ("followup.cli.agenda_cmd", "plan", "One application's next actions and timeline."),
    "done": ("followup.cli.log_cmd", "done", "Mark an action as done."),
    "skip": ("followup.cli.log_cmd", "skip", "Decide not to do an action."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        command = getattr(importlib.import_module(spec[0]), spec[1])
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


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(message.split())}", err=True)


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status, printing any error as one line."""
    try:
        result = cli.main(args=argv, prog_name="followup", standalone_mode=False)
    except FollowupError as exc:
        _fail(exc.message)
        return exc.exit_code
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        _fail(exc.format_message() + hint)
        return exc.exit_code
    except click.ClickException as exc:
        _fail(exc.format_message())
        return exc.exit_code
    except click.Abort:
        _fail("aborted; nothing was changed")
        return 1
    except KeyboardInterrupt:
        _fail("interrupted; nothing was changed")
        return 130
    except BrokenPipeError:
        # The reader went away (``followup today | head``): not worth a message. Point
        # stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if os.environ.get("FOLLOWUP_DEBUG"):
            raise
        _fail(
            f"unexpected {type(exc).__name__}: {exc} "
            "(this is a bug; FOLLOWUP_DEBUG=1 shows the details)"
        )
        return 1
    return result if isinstance(result, int) else 0


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv))
