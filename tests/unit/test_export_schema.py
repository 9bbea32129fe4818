"""The JSON export's description (``domain/export_schema.py``): the checks a file must pass
before a load writes anything, the JSON Schema shipped beside it, and the docs of every
field."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import export_schema
from followup.domain.export_schema import SECTIONS, Problem, json_schema, problems

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "followup" / "schemas" / "export-1.json"
DOC = ROOT / "docs" / "export.md"


def minimal() -> dict[str, Any]:
    """A valid export: one application with a contact, an interview and an event."""
    doc: dict[str, Any] = {
        "format": "followup-export",
        "version": 1,
        "exported_at": "2026-11-23T10:00:00.000000Z",
        "settings": {"mail_account": None, "digest": None, "caldav": None, "meta": []},
    }
    for s in SECTIONS:
        if len(s.path) == 1:
            doc[s.path[0]] = None if s.single else []
    doc["applications"] = [
        {
            "id": 3, "company": "Acme", "role": "Engineer", "agency": None, "url": None,
            "source": None, "notes": "=cmd|x", "documents": None,
            "created_at": "2026-11-02T09:00:00.000000Z",
        }
    ]  # fmt: skip
    doc["contacts"] = [
        {
            "id": 5, "application_id": 3, "name": "Jane", "email": None, "phone": None,
            "linkedin": None, "role": "recruiter", "timezone": None, "cadence_days": None,
            "prefers": None, "rapport": None, "title": None, "greet": None,
        }
    ]  # fmt: skip
    doc["interviews"] = [
        {
            "id": 1, "application_id": 3, "start_at": "2026-11-20T14:00:00.000000Z",
            "start_zone": "Europe/London", "minutes": 45, "format": "video", "cancelled": False,
            "debrief": None, "interviewers": [5],
        }
    ]  # fmt: skip
    doc["events"] = [
        {
            "id": 1, "application_id": 3, "kind": "applied", "at": "2026-11-02T09:00:00.000000Z",
            "contact_id": None, "on_date": None, "note": None, "action_id": None, "until": None,
        }
    ]  # fmt: skip
    return doc


def put(*path: Any) -> Any:
    """A change that sets the value at ``path`` (its last item is the value)."""
    *keys, last, value = path

    def change(doc: Any) -> None:
        for key in keys:
            doc = doc[key]
        doc[last] = value

    return change


def test_a_valid_file_has_no_problem() -> None:
    assert problems(minimal()) == []


def test_the_shipped_json_schema_is_the_description() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run `make schemas` after changing domain/export_schema.py"


def test_the_json_schema_agrees_with_the_checks_on_a_valid_file() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.validate(minimal(), json_schema())


@pytest.mark.parametrize(
    ("change", "pointer", "reason"),
    [
        (lambda d: d.update(format="other"), "/format", "not a followup export"),
        (lambda d: d.update(version=2), "/version", "newer followup"),
        (lambda d: d.update(version="1"), "/version", "whole number"),
        (lambda d: d.pop("contacts"), "/contacts", "missing"),
        (lambda d: d.update(extra=1), "/extra", "unknown key"),
        (lambda d: d["applications"][0].update(company=None), "/applications/0/company", "null"),
        (lambda d: d["applications"][0].update(id=0), "/applications/0/id", ">= 1"),
        (lambda d: d["applications"][0].update(id=True), "/applications/0/id", "whole number"),
        (lambda d: d["contacts"][0].update(role="boss"), "/contacts/0/role", "not one of"),
        (put("contacts", 0, "application_id", 9), "/contacts/0/application_id", "no applications"),
        (
            put("interviews", 0, "interviewers", [5, 6]), "/interviews/0/interviewers/1",
            "no contacts row",
        ),
        (put("interviews", 0, "cancelled", 0), "/interviews/0/cancelled", "true or false"),
        (put("interviews", 0, "start_at", "2026-11-20 14:00"), "/interviews/0/start_at", "instant"),
        (put("events", 0, "on_date", "2026-02-30"), "/events/0/on_date", "date"),
        (lambda d: d["events"].append(dict(d["events"][0])), "/events/1/id", "appears twice"),
        (put("applications", 0, "notes", "a\x00b"), "/applications/0/notes", "NUL"),
        (put("settings", "digest", {"at": "7", "port": 1}), "/settings/digest/at", "time"),
        (lambda d: d["settings"].update(digest=[]), "/settings/digest", "expected an object"),
        (lambda d: d.update(exported_at=None), "/exported_at", "instant"),
        (put("contacts", 0, "timezone", "Mars/Olympus"), "/contacts/0/timezone", "IANA"),
        (put("contacts", 0, "timezone", "../../etc/passwd"), "/contacts/0/timezone", "IANA"),
        (
            put("interviews", 0, "debrief", {"questions": 5}), "/interviews/0/debrief",
            "/questions: expected a list",
        ),
        (
            put("interviews", 0, "debrief", {"rapport": [[5, "great"]]}),
            "/interviews/0/debrief", "/rapport/0/1: 'great' is not one of",
        ),
        (
            put("interviews", 0, "debrief", {"questions": [{"answer": "x"}]}),
            "/interviews/0/debrief", "/questions/0/question: missing",
        ),
        (
            put("interviews", 0, "debrief", {"mood": 1}), "/interviews/0/debrief",
            "/mood: unknown key",
        ),
    ],
)  # fmt: skip
def test_each_problem_is_named_with_its_pointer(change: Any, pointer: str, reason: str) -> None:
    doc = minimal()
    change(doc)
    found = problems(doc)
    assert any(p.pointer == pointer and reason in p.reason for p in found), found


DEBRIEF = {
    "questions": [{"question": "Why us?", "answer": "", "confidence": 3}],
    "strengths": ["SQL"], "stumbles": [], "demeanour": 4, "topics": [[5, ["dbt"]]],
    "unaddressed": [], "cues": [], "rapport": [[5, "good"]], "next_steps": None,
    "decision_date": "2026-12-01",
}  # fmt: skip


def test_a_debrief_of_every_part_fits_both_the_checks_and_the_json_schema() -> None:
    import jsonschema

    doc = minimal()
    doc["interviews"][0]["debrief"] = DEBRIEF
    assert problems(doc) == []
    jsonschema.validate(doc, json_schema())
    doc["interviews"][0]["debrief"] = {**DEBRIEF, "topics": [[5, "dbt"]]}
    assert [p.pointer for p in problems(doc)] == ["/interviews/0/debrief"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())


def test_nan_is_not_a_number_here() -> None:
    doc = minimal()
    doc["inbox_items"] = [{"confidence": float("nan")}]
    assert any(
        p.pointer == "/inbox_items/0/confidence" and "finite" in p.reason for p in problems(doc)
    )


def test_not_an_object_is_refused_whole() -> None:
    assert problems([1, 2]) == [Problem("", "not a followup export (expected a JSON object)")]


def test_out_of_order_rows_are_refused_since_the_export_sorts_them() -> None:
    doc = minimal()
    second = copy.deepcopy(doc["applications"][0])
    second["id"] = 2
    doc["applications"].append(second)
    assert [p.pointer for p in problems(doc)] == ["/applications/1/id"]


def test_a_pointer_escapes_a_slash_in_a_key() -> None:
    doc = minimal()
    doc["a/b~"] = 1
    assert Problem("/a~1b~0", "unknown key") in problems(doc)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_value_gets_problems_or_none_never_an_exception(value: object) -> None:
    assert isinstance(problems(value), list)
    doc = minimal()
    doc["applications"][0]["company"] = value
    doc["settings"]["meta"] = value
    assert isinstance(problems(doc), list)


def test_counts_are_rows_per_section() -> None:
    counted = export_schema.counts(minimal())
    assert (counted["applications"], counted["profile"], counted["settings.meta"]) == (1, 0, 0)
    assert set(counted) == {s.name for s in SECTIONS}


def test_every_section_and_field_is_documented() -> None:
    """docs/export.md has a heading per section (its name in backticks) and a table row per
    field under it (the field's name in backticks, first cell)."""
    text = DOC.read_text(encoding="utf-8")
    headings = list(re.finditer(r"^#{2,4} .*$", text, re.MULTILINE))
    for s in SECTIONS:
        at = next((h for h in headings if f"`{s.name}`" in h.group(0)), None)
        assert at is not None, f"docs/export.md has no heading naming `{s.name}`"
        following = [h.start() for h in headings if h.start() > at.start()]
        body = text[at.end() : following[0] if following else len(text)]
        for f in s.fields:
            assert re.search(rf"^\| `{f.name}` \|", body, re.MULTILINE), (
                f"docs/export.md: `{s.name}` does not document `{f.name}`"
            )
