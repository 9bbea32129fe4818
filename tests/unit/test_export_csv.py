"""The CSV export's Status column is the application's status (``domain/status.py``) in the
importer's words, so the spreadsheet and every other view agree on where an application is."""

from __future__ import annotations

import pytest

from followup.domain.export_csv import safe, stage

CASES = [
    ((), False, "saved"),
    (("applied",), False, "applied"),
    (("applied",), True, "interviewing"),
    (("applied", "rejection"), True, "rejected"),
    (("applied", "rejection", "offer"), True, "offer"),  # a renewed offer reopens it
    (("applied", "closed"), False, "ghosted"),
    (("applied", "closed", "reply"), False, "applied"),  # they answered after we moved on
    (("applied", "offer", "declined"), True, "withdrawn"),
    (("applied", "offer", "accepted"), True, "accepted"),
]


@pytest.mark.parametrize(("kinds", "interviewed", "expected"), CASES)
def test_the_stage_follows_the_status_rule(
    kinds: tuple[str, ...], interviewed: bool, expected: str
) -> None:
    assert stage(kinds, interviewed) == expected


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(cell: str) -> None:
    assert safe(cell) == "'" + cell


def test_other_cells_are_as_typed() -> None:
    assert safe("Acme Ltd") == "Acme Ltd"
