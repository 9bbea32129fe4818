"""The ``followup`` entry point: pick the path for the command line, and map every failure.

``run`` is the single place where failures become what the user sees: a ``FollowupError``
prints ``error: <message>`` on one line and exits with its status (2 bad input, 1 outside
failure); click's usage errors are folded into the same one-line form with status 2; anything
unexpected prints one line and exits 1 (``FOLLOWUP_DEBUG=1`` shows the traceback instead).

The two commands that scripts and status bars call all day, ``today --json`` and
``plan APP --json``, take a path that does not import click (``fast.py``); every other
command line, including any mistake in those two, goes through the click group.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from followup.domain.errors import BadInput, FollowupError

TYPE_CHECKING = False  # click is imported only once a command line needs it
if TYPE_CHECKING:
    import click


def _fail(message: str) -> None:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status, printing any error as one line."""
    from followup.cli import fast

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        _refuse_undecodable(args)
        job = fast.match(args)
        if job is not None:
            job()
            return 0
        from followup.cli.group import cli

        result = cli.main(args=args, prog_name="followup", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except FollowupError as exc:
        _fail(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _fail("interrupted; nothing was changed")
        return 130
    except BrokenPipeError:
        # The reader went away (``followup today | head``): not worth a message. Point
        # stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        return _unexpected(exc)


def _refuse_undecodable(args: Sequence[str]) -> None:
    """Refuse a word that is not UTF-8 (Python keeps its bytes as lone surrogates), unless it
    names a file: stored or printed, such text fails deep inside with an encoding error."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if not os.path.lexists(arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise BadInput(f"{shown!r} is not UTF-8 text; type it in UTF-8") from None


def _unexpected(exc: Exception) -> int:
    """Click's own exceptions (it is imported by then), else a bug: one line either way."""
    import click

    if isinstance(exc, click.NoSuchOption) and exc.ctx and exc.ctx.parent:
        misplaced = _global_option(exc.ctx, exc.option_name)
        if misplaced:
            _fail(misplaced)
            return exc.exit_code
    if isinstance(exc, click.UsageError):
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        _fail(exc.format_message() + hint)
        return exc.exit_code
    if isinstance(exc, click.ClickException):
        _fail(exc.format_message())
        return exc.exit_code
    if isinstance(exc, click.Abort):
        _fail("aborted; nothing was changed")
        return 1
    if os.environ.get("FOLLOWUP_DEBUG"):
        raise exc
    _fail(
        f"unexpected {type(exc).__name__}: {exc} "
        "(this is a bug; FOLLOWUP_DEBUG=1 shows the details)"
    )
    return 1


def _global_option(ctx: click.Context, name: str) -> str | None:
    """What to say when a command is given one of the group's own options (``followup today
    --now ...``): click only knows the command has no such option, so it would not say
    where the option goes."""
    import click

    root = ctx.find_root()
    for param in root.command.params:
        if isinstance(param, click.Option) and name in param.opts:
            if param.is_eager:  # --version: it stands alone
                return f"{name} is a global option: `{root.command_path} {name}`"
            usage = name if param.is_flag else f"{name} {param.metavar or 'VALUE'}"
            command = ctx.command_path.removeprefix(root.command_path).strip()
            return (
                f"{name} is a global option: put it before the command, as in "
                f"`{root.command_path} {usage} {command} ...`"
            )
    return None


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv))
