"""``followup inbox classify`` through the real command line: human and JSON output, and
bad input (exit 2, one line, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Followup

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"

TIMELINE = b"""From: Jane Doe <jane@acme.example>
To: Alex Morgan <alex@example.org>
Subject: Re: Thank you: Data Engineer interview
Date: Mon, 23 Nov 2026 10:12:00 +0000
Message-ID: <reply-1@acme.example>
In-Reply-To: <thanks-1@example.org>
Content-Type: text/plain; charset=utf-8

Hi Alex,

Thanks for your note. We are still interviewing and expect to make a decision by
Friday 4 December.

Jane

On Fri, 20 Nov 2026 at 17:01, Alex Morgan <alex@example.org> wrote:
> Thank you for meeting me today. I look forward to the next stage.
"""


def test_json_prints_exactly_the_four_keys(followup: Followup, tmp_path: Path) -> None:
    mail = tmp_path / "reply.eml"
    mail.write_bytes(TIMELINE)
    result = followup("inbox", "classify", str(mail), "--json")
    assert result.code == 0, result.err
    assert result.err == ""
    data = json.loads(result.out)
    assert list(data) == ["kind", "date", "confidence", "reasons"]
    assert data["kind"] == "timeline"
    assert data["date"] == "2026-12-04"
    assert 0 <= data["confidence"] <= 1
    assert all(isinstance(r, str) and r for r in data["reasons"])


def test_human_output_names_kind_date_confidence_and_reasons(
    followup: Followup, tmp_path: Path
) -> None:
    mail = tmp_path / "reply.eml"
    mail.write_bytes(TIMELINE)
    out = followup.ok("inbox", "classify", str(mail))
    lines = out.splitlines()
    assert lines[0].split() == ["kind:", "timeline"]
    assert lines[1].split() == ["date:", "2026-12-04"]
    assert lines[2].startswith("confidence: 0.")
    assert "reasons:" in lines
    assert any("Friday 4 December" in line for line in lines)


def test_the_labels_use_dashes_in_human_output_and_underscores_in_json(
    followup: Followup,
) -> None:
    mail = next((CORPUS / "auto_reply").glob("*.eml"))
    assert followup.ok("inbox", "classify", str(mail)).splitlines()[0].split()[1] == "auto-reply"
    assert followup.json("inbox", "classify", str(mail))["kind"] == "auto_reply"


def test_a_missing_file_is_bad_input(followup: Followup, tmp_path: Path) -> None:
    result = followup("inbox", "classify", str(tmp_path / "nope.eml"))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: no such file:")
    assert len(result.err.strip().splitlines()) == 1
    assert not followup.db.exists(), "classify needs no database and must not create one"


def test_a_folder_is_bad_input(followup: Followup, tmp_path: Path) -> None:
    result = followup("inbox", "classify", str(tmp_path), "--json")
    assert result.code == 2
    assert "folder" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_no_argument_is_a_usage_error(followup: Followup) -> None:
    result = followup("inbox", "classify")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_garbage_is_classified_not_crashed(followup: Followup, tmp_path: Path) -> None:
    """Any bytes are a mail of some kind: exit 0, never a traceback."""
    mail = tmp_path / "junk.eml"
    mail.write_bytes(bytes(range(256)) * 40 + b"\r\n\r\n=?x-bogus?b?####?=\n")
    data = followup.json("inbox", "classify", str(mail))
    assert data["kind"] == "reply"
