"""The worker's CalDAV sync (issue 15): ``followup worker --once`` against the real mail
servers of tests/mailservers.py and a real Radicale (tests/calendarserver.py). A calendar
server down is one warning line, never a stopped pass; the next pass catches up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.calendarserver import PASSWORD, USER, Radicale, radicale
from tests.e2e.conftest import Followup, Result
from tests.integration.test_digest_servers import World
from tests.mailservers import MailServers

NOW = "2026-11-23T12:00"


@pytest.fixture
def calendar_server() -> Iterator[Radicale]:
    with radicale() as running:
        yield running


def run(world: World, *args: str, now: str = NOW) -> Result:
    f = world.followup
    return f.raw(
        "--db", str(f.db), "--config", str(f.config), "--now", now, *args,
        FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password,
        FOLLOWUP_CALDAV_PASSWORD=PASSWORD,
    )  # fmt: skip


def test_the_worker_syncs_and_a_server_down_is_one_warning(
    tmp_path: Path, mail_servers: MailServers, calendar_server: Radicale
) -> None:
    me, password = mail_servers.new_user()
    home = tmp_path / "home"
    home.mkdir()
    f = Followup(db=tmp_path / "f.db", config=tmp_path / "config.toml", home=home)
    world = World(f, mail_servers, me, password)
    world.ok("me", "--name", "Alex Morgan", "--email", me, "--timezone", "Europe/London")
    world.ok("app", "add", "Acme", "Data Engineer")
    world.ok("interview", "add", "1", "--at", "2026-11-23 08:30")
    world.setup_account()
    assert run(world, "calendar", "setup", "--url", calendar_server.url, "--user", USER).code == 0
    actions = len(f.json("plan", "1", now=NOW)["actions"])

    calendar_server.stop()
    try:
        down = run(world, "worker", "--once")
    finally:
        calendar_server.start()
    assert down.code == 0, down.err  # the pass went on: the inbox was still read
    assert "inbox:" in down.out
    (warning,) = [line for line in down.err.splitlines() if "calendar:" in line]
    assert "cannot be reached" in warning

    up = run(world, "worker", "--once")
    assert up.code == 0, up.err
    assert f"calendar followup: {actions} created, 0 updated, 0 deleted" in up.out
    again = run(world, "worker", "--once")
    assert f"0 created, 0 updated, 0 deleted, {actions} unchanged" in again.out
