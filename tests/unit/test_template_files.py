"""The user's own templates are read like every other file the user names: capped, and a
template Jinja cannot parse without exhausting the stack is refused, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.adapters.templates import JinjaTemplates
from followup.domain.errors import BadInput
from followup.domain.limits import TEMPLATE_FILE_BYTES


def test_a_template_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "thank-you.j2").write_bytes(b"Subject: x\n\n" + b"a" * TEMPLATE_FILE_BYTES)
    templates = JinjaTemplates(str(tmp_path))
    with pytest.raises(BadInput, match=r"thank-you\.j2 is larger than 1 MiB; a template"):
        templates.render("thank-you", {})
    with pytest.raises(BadInput, match="is larger than 1 MiB"):
        templates.source("thank-you")


def test_a_template_nested_past_the_stack_is_refused(tmp_path: Path) -> None:
    deep = "{% if true %}" * 5_000 + "x" + "{% endif %}" * 5_000
    (tmp_path / "thank-you.j2").write_text("Subject: x\n\n" + deep + "\n")
    with pytest.raises(BadInput, match="nests its tags too deeply"):
        JinjaTemplates(str(tmp_path)).render("thank-you", {})


def test_a_small_user_template_still_wins_over_the_package(tmp_path: Path) -> None:
    (tmp_path / "thank-you.j2").write_text("Subject: Thanks, {{ name }}\n\nBody.\n")
    subject, body = JinjaTemplates(str(tmp_path)).render("thank-you", {"name": "Jane"})
    assert (subject, body) == ("Thanks, Jane", "Body.\n")
