"""The rough edges a newcomer hit (issue 12): what the first hour with followup shows.

A global option typed after the command, the help texts, the template list, and stopping
``serve`` with Ctrl+C: real processes where the process is what matters, the click tree
in this process where only the help texts are read.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import click
import pytest

from followup.cli.group import cli
from tests.e2e.conftest import NOW, Followup


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["today", "--now", NOW], "`followup --now DATETIME today ...`"),
        (["today", "--json", "--now", NOW], "`followup --now DATETIME today ...`"),  # not fast
        (["app", "add", "--db", "x.db", "Acme", "Role"], "`followup --db PATH app add ...`"),
        (["app", "list", "--config=c.toml"], "`followup --config PATH app list ...`"),
        (["today", "--version"], "`followup --version`"),
    ],
)
def test_a_global_option_after_the_command_says_where_it_goes(
    interviewed: Followup, args: list[str], message: str
) -> None:
    before = interviewed.fingerprint()
    result = interviewed(*args)
    assert result.code == 2
    option = next(a for a in args if a.startswith("--") and a != "--json").partition("=")[0]
    assert result.err == f"error: {option} is a global option: " + (
        f"{message}\n" if option == "--version" else f"put it before the command, as in {message}\n"
    )
    assert interviewed.fingerprint() == before


def test_an_option_no_command_has_is_still_reported_as_such(interviewed: Followup) -> None:
    result = interviewed("today", "--bogus")
    assert result.code == 2
    assert result.err == "error: No such option '--bogus'. (see `followup today --help`)\n"


def commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from commands(sub, f"{path} {name}")


HELPS = {
    path: cmd.get_help(click.Context(cmd, info_name=path))
    for path, cmd in commands(cli, "followup")
}


@pytest.mark.parametrize("path", HELPS)
def test_no_help_shows_the_id_bound(path: str) -> None:
    assert "9223372036854775807" not in HELPS[path]
    assert "INTEGER RANGE" not in HELPS[path]  # a name for the number instead


def test_draft_help_names_the_contact_id_plainly() -> None:
    assert re.search(r"--contact CONTACT_ID +Write to them\.\n", HELPS["followup draft"])


def test_contact_add_explains_every_option() -> None:
    add = dict(commands(cli, "followup"))["followup contact add"]
    undocumented = [p.opts[0] for p in add.params if isinstance(p, click.Option) and not p.help]
    assert undocumented == []
    for option in ("--email ADDRESS", "--phone TEXT", "--linkedin URL"):
        assert option in HELPS["followup contact add"]


def test_an_out_of_range_id_is_refused_in_words(interviewed: Followup) -> None:
    for bad in ("0", "99999999999999999999999"):
        result = interviewed("plan", bad)
        assert result.code == 2
        assert f"{bad} is not an id; ids are the whole numbers (1, 2, 3 ...)" in result.err


def test_templates_list_shows_kinds_of_letter_not_partials(followup: Followup) -> None:
    listed = [line.split()[0] for line in followup.ok("templates", "list").splitlines()]
    assert "thank-you" in listed
    assert not [name for name in listed if name.startswith("_")]
    shown = followup("templates", "show", "_signoff")  # still there to read and override
    assert (shown.code, shown.err.endswith("_signoff.j2\n")) == (0, True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_serve_calmly(followup: Followup, sent: signal.Signals) -> None:
    port = free_port()
    argv = ["--db", str(followup.db), "--config", str(followup.config), "--now", NOW]
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", *argv, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=followup.env(),
    )
    try:
        assert proc.stdout is not None
        assert "followup is at http://127.0.0.1:" in proc.stdout.readline()
        for _ in range(100):  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        proc.send_signal(sent)  # what Ctrl+C sends; what systemd and docker stop send
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "stopped"
    assert err == ""
