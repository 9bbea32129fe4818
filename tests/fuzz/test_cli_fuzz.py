"""Every ``followup`` command, driven with hostile values (docs/fuzzing.md).

One hypothesis test per command, found by walking the click group: a command added to
``followup.cli.group`` is fuzzed here without a line changed. Each example runs one command
line on a fresh copy of the seeded database and holds ``workspace.check``: exit 0 or 2,
one ``error:`` line on a refusal, no traceback, the database untouched on a refusal.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies
from tests.fuzz.strategies import Command, command_line
from tests.fuzz.workspace import Workspace, check, run

# Examples per command (ten times more under HYPOTHESIS_PROFILE=thorough, as the rest of
# the suite); docs/fuzzing.md records the count and the time.
EXAMPLES = 60 * (10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1)

COMMANDS = strategies.commands()


def test_every_command_of_the_group_is_fuzzed() -> None:
    """The walk finds the commands people know, so a broken walk cannot fuzz nothing."""
    names = {c.name for c in COMMANDS}
    assert {"app add", "debrief record", "debrief", "inbox classify", "outbox settle"} <= names
    assert {"send", "worker", "serve", "mail setup", "today", "plan"} <= names
    assert len(COMMANDS) >= 35


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name.replace(" ", "-") or "-")
@settings(
    derandomize=True,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(data=st.data())
def test_command_keeps_the_contract(
    command: Command, seed: Path, files: Path, data: st.DataObject
) -> None:
    argv = data.draw(command_line(command), label="argv")
    # In the workspace: a relative path the fuzz gives (``--out Zoë``) lands there, never
    # in the folder the tests were started from.
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder, contextlib.chdir(folder):
        space = Workspace(Path(folder), seed, files)
        before = space.fingerprint()
        done = run(space.resolve(argv), space.env())
        check(done, before, space.fingerprint())
        if command.path in strategies.NEVER_RUN:
            assert done.code == 2 or "--help" in argv or "-h" in argv, str(done)
