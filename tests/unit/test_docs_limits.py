"""docs/configuration.md's "Limits" table says what ``domain/limits.py`` enforces.

Like tests/unit/test_docs.py: the doc is read as text and checked against the code, so a
limit changed (or added) without a word in the docs fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from followup.domain import limits

CONFIG_DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"

# The table's first column (its start) for each limit; every constant of limits.py is here.
FIELDS = {
    "COMPANY_CHARS": "company",
    "ROLE_CHARS": "role",
    "AGENCY_CHARS": "agency",
    "SOURCE_CHARS": "source",
    "URL_CHARS": "job posting URL",
    "PERSON_NAME_CHARS": "name",
    "TITLE_CHARS": "title",
    "GREET_CHARS": "greet",
    "EMAIL_CHARS": "email address",
    "PHONE_CHARS": "phone",
    "LINKEDIN_CHARS": "LinkedIn profile",
    "TIMEZONE_CHARS": "time zone name",
    "SUBJECT_CHARS": "a letter's subject",
    "NOTE_CHARS": "notes",
    "DEBRIEF_ITEM_CHARS": "one debrief item",
    "DEBRIEF_TEXT_CHARS": "a debrief's next steps",
    "SIGNATURE_CHARS": "signature",
    "LETTER_CHARS": "a letter's body",
    "DOCUMENT_NAME_CHARS": "the file name of a document",
}
SIZES = {
    "DEBRIEF_FILE_BYTES": "a debrief file",
    "LETTER_FILE_BYTES": "a letter to check",
    "MAIL_FILE_BYTES": "a saved message",
    "ICS_FILE_BYTES": "a calendar invitation",
    "IMPORT_FILE_BYTES": "a spreadsheet or tracker export",
    "EXPORT_FILE_BYTES": "a followup JSON export",
    "DOCUMENT_FILE_BYTES": "a document",
    "CONFIG_FILE_BYTES": "the config file",
    "TEMPLATE_FILE_BYTES": "a template of your own",
    "REQUEST_BYTES": "a web request's body",
}
RANGES = {
    ("EARLIEST_DATE", "LATEST_DATE"): "dates and times",
    ("ID_MIN", "ID_MAX"): "ids",
    (None, "INTERVIEW_MINUTES_MAX"): "interview length",
    (None, "CADENCE_DAYS_MAX"): "a contact's cadence",
    (None, "POLICY_VALUE_MAX"): "a `[policy]` number",
    (None, "TOML_DEPTH"): "TOML nesting",
    (None, "MIB"): None,  # a unit, not a limit
}


def table() -> dict[str, str]:
    """The Limits section's rows: first column -> second column."""
    text = CONFIG_DOC.read_text(encoding="utf-8")
    section = text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("field", "---"):
            rows[cells[0]] = cells[1]
    return rows


def row(rows: dict[str, str], field: str) -> str:
    found = [limit for name, limit in rows.items() if re.match(rf"{re.escape(field)}\b", name)]
    assert len(found) == 1, f"the Limits table has {len(found)} rows for {field!r}"
    return found[0]


def test_every_length_in_limits_py_is_in_the_table_with_its_number() -> None:
    rows = table()
    constants = {k for k, v in vars(limits).items() if k.isupper() and isinstance(v, int)}
    ranged = {name for pair in RANGES for name in pair if name}
    assert constants - ranged == set(FIELDS) | set(SIZES), "a limit without a row (or the reverse)"
    for constant, field in FIELDS.items():
        number = getattr(limits, constant)
        assert row(rows, field).startswith(f"{number} characters"), (field, number)
    for constant, field in SIZES.items():
        mib = getattr(limits, constant) / limits.MIB
        assert row(rows, field) == f"{mib:g} MiB", (field, mib)


def test_the_ranges_are_the_ones_the_table_names() -> None:
    rows = table()
    dates = row(rows, "dates and times")
    assert dates == f"{limits.EARLIEST_DATE.isoformat()} to {limits.LATEST_DATE.isoformat()}"
    assert row(rows, "ids") == f"{limits.ID_MIN} to {limits.ID_MAX}"
    assert row(rows, "interview length") == f"1 to {limits.INTERVIEW_MINUTES_MAX} minutes"
    assert row(rows, "a contact's cadence") == f"1 to {limits.CADENCE_DAYS_MAX} days"
    assert row(rows, "a `[policy]` number") == f"0 to {limits.POLICY_VALUE_MAX}"
    assert row(rows, "TOML nesting") == f"{limits.TOML_DEPTH} levels"


def test_the_table_has_no_row_the_code_does_not_know() -> None:
    known = [*FIELDS.values(), *SIZES.values(), *filter(None, RANGES.values())]
    for name in table():
        assert any(re.match(rf"{re.escape(field)}\b", name) for field in known), name
