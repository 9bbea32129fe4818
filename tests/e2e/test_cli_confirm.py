"""``app rm`` asks before deleting when someone is at a terminal (click's runner, in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli.commands import app as app_cmd
from followup.cli.group import cli
from tests.e2e.conftest import NOW


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "f.db"), "--config", str(tmp_path / "none.toml"), "--now", NOW]


def test_delete_asks_and_a_no_keeps_everything(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, [*args, "app", "add", "Acme", "Engineer"]).exit_code == 0
    monkeypatch.setattr(app_cmd, "interactive", lambda: True)

    declined = runner.invoke(cli, [*args, "app", "rm", "1"], input="n\n")
    assert "Delete application 1 (Acme · Engineer)" in declined.output
    assert declined.exit_code != 0
    assert "Acme" in runner.invoke(cli, [*args, "app", "list", "--json"]).output

    accepted = runner.invoke(cli, [*args, "app", "rm", "1"], input="y\n")
    assert accepted.exit_code == 0
    assert "Deleted application 1" in accepted.output
    assert '"applications": []' in runner.invoke(cli, [*args, "app", "list", "--json"]).output
