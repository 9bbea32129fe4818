"""``draft`` asks for missing facts when someone is at a terminal (click's runner, in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli.commands import draft as draft_cmd
from followup.cli.group import cli
from tests.e2e.conftest import NOW


def test_a_terminal_is_asked_for_what_the_record_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", str(tmp_path / "f.db"), "--config", str(tmp_path / "none.toml"), "--now", NOW]
    runner = CliRunner()
    for line in (
        ["me", "--name", "Alex Morgan", "--email", "alex@example.org", "--timezone", "UTC"],
        ["app", "add", "Acme", "Data Engineer"],
        ["contact", "add", "1", "Jane Doe", "--email", "jane@acme.example"],
        ["interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1"],
    ):
        assert runner.invoke(cli, [*args, *line]).exit_code == 0
    monkeypatch.setattr(draft_cmd, "interactive", lambda: True)

    result = runner.invoke(
        cli,
        [*args, "draft", "1", "thank-you", "--json"],
        input="the data platform\nmy Airflow work\n",
    )
    assert result.exit_code == 0, result.output
    assert "A topic you discussed" in result.output
    payload = result.output[result.output.index("{") :]
    (message,) = json.loads(payload)["messages"]
    assert "the data platform" in message["body"]
    assert "my Airflow work" in message["body"]
