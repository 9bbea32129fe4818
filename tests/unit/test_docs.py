"""The docs cover what the code offers: every command, option, event and policy setting.

After datasette and sqlite-utils, whose tests fail when a command or a setting is added
without a word in the docs. These read the click group and the domain's tables directly, so
they stay in step with the code without running a process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from followup.cli.group import COMMANDS, cli
from followup.domain.model import DONE_EVENT, LOGGABLE_EVENTS, ActionKind
from followup.domain.policy import POLICY_DOCS, Policy

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = ROOT / "docs" / "cli.md"
CONFIG_DOC = ROOT / "docs" / "configuration.md"
README = ROOT / "README.md"

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.MULTILINE)
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def read(path: Path) -> str:
    assert path.exists(), f"{path} is missing"
    return path.read_text(encoding="utf-8")


def walk(
    command: click.Command, path: str, parent: click.Context | None = None
) -> Iterator[tuple[str, click.Command]]:
    """Every command under ``command`` (itself included) with its full name.

    The top-level group loads its commands lazily, so ask it through ``list_commands`` and
    ``get_command`` rather than its (empty) ``commands`` dict.
    """
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path.rsplit(" ", 1)[-1], parent=parent)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{path} lists {name} but cannot load it"
            yield from walk(sub, f"{path} {name}", ctx)


COMMAND_PATHS = dict(walk(cli, "followup"))
LEAVES = sorted(p for p, c in COMMAND_PATHS.items() if not isinstance(c, click.Group))


def long_options(command: click.Command) -> list[str]:
    """The ``--long`` spellings of a command's options (``--help`` is click's, not ours)."""
    return sorted(
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--")
    )


def names(text: str, path: str) -> bool:
    """``text`` (a heading, or a code span in one or in prose) starts with ``path``.

    So "`followup app add`" and "followup app add COMPANY ROLE" name ``followup app add``,
    and neither names ``followup app ad``.
    """
    return any(t == path or t.startswith(path + " ") for t in (text, *CODE_SPAN.findall(text)))


def section(doc: str, title: str) -> str:
    """The text under the first heading that names ``title``, up to the next heading."""
    matches = list(HEADING.finditer(doc))
    for i, match in enumerate(matches):
        if names(match.group(2), title):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(doc)
            return doc[match.end() : end]
    raise AssertionError(f"docs/cli.md has no heading for `{title}`")


def test_the_walk_finds_every_command() -> None:
    """Guard for the tests below: an empty walk would make them pass vacuously."""
    top = {p.split()[1] for p in COMMAND_PATHS if p != "followup"}
    assert top == set(COMMANDS)
    assert {"followup app add", "followup contact edit", "followup interview cancel"} <= set(LEAVES)


@pytest.mark.parametrize("path", sorted(COMMAND_PATHS))
def test_every_command_is_named_in_the_cli_doc(path: str) -> None:
    doc = read(CLI_DOC)
    headings = [m.group(2) for m in HEADING.finditer(doc)]
    spans = CODE_SPAN.findall(doc)
    assert any(names(text, path) for text in headings + spans), (
        f"docs/cli.md does not name `{path}` in a heading or in backticks"
    )


def test_every_global_option_is_in_the_cli_doc() -> None:
    text = section(read(CLI_DOC), "Global options")
    missing = [name for name in long_options(cli) if name not in text]
    assert not missing, f"docs/cli.md, 'Global options', does not mention {missing}"


@pytest.mark.parametrize("path", LEAVES)
def test_every_option_is_in_its_commands_section(path: str) -> None:
    text = section(read(CLI_DOC), path)
    missing = [
        name
        for name in long_options(COMMAND_PATHS[path])
        if not re.search(re.escape(name) + r"(?![\w-])", text)
    ]
    assert not missing, f"docs/cli.md, section `{path}`, does not mention {missing}"


def test_every_loggable_event_is_listed_under_log() -> None:
    text = section(read(CLI_DOC), "followup log")
    spans = set(CODE_SPAN.findall(text))
    missing = [kind.label for kind in LOGGABLE_EVENTS if kind.label not in spans]
    assert not missing, f"docs/cli.md, section `followup log`, does not list {missing}"


def test_what_done_logs_is_documented() -> None:
    """A table row per action kind that ``done`` maps, naming the event it logs."""
    rows = [line for line in section(read(CLI_DOC), "followup done").splitlines() if "|" in line]
    undocumented = [
        f"{kind.label} -> {event.label}"
        for kind, event in DONE_EVENT.items()
        if not any(f"`{kind.label}`" in row and f"`{event.label}`" in row for row in rows)
    ]
    assert not undocumented, f"docs/cli.md, section `followup done`, misses {undocumented}"
    others = [kind.label for kind in ActionKind if kind not in DONE_EVENT]
    unsaid = [label for label in others if not any(f"`{label}`" in row for row in rows)]
    assert not unsaid, f"docs/cli.md, section `followup done`, does not mention {unsaid}"
    assert any("`action-done`" in row for row in rows), "say that the rest log action-done"


def test_every_policy_setting_is_in_the_configuration_doc() -> None:
    spans = set(CODE_SPAN.findall(read(CONFIG_DOC)))
    keys = set(POLICY_DOCS) | set(Policy().as_dict())
    missing = sorted(keys - spans)
    assert not missing, f"docs/configuration.md does not document {missing}"


@pytest.mark.parametrize("target", ["make demo", "make test"])
def test_the_readme_names_the_make_targets(target: str) -> None:
    assert target in read(README), f"README.md does not name `{target}`"
