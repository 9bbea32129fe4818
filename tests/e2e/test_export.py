"""``followup export`` and ``followup import --from json`` as a person runs them (issue 16):
standard output or an atomic, private ``--out``; refusals that are exit 2, one message, no
traceback, nothing written."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.e2e.conftest import Followup, make_profile


def seeded(followup: Followup) -> None:
    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer", "--notes", '=HYPERLINK("x")')
    followup.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    followup.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")


def other(followup: Followup, name: str) -> Followup:
    return Followup(db=followup.db.parent / name, config=followup.config, home=followup.home)


def test_export_to_a_file_loads_into_a_new_database_and_exports_the_same(
    followup: Followup,
) -> None:
    seeded(followup)
    out = followup.db.parent / "followup.json"
    assert followup.ok("export", "--out", str(out)).strip() == f"exported to {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8") == followup.ok("export")  # the same as stdout
    fresh = other(followup, "fresh.db")
    dry = fresh.json("import", str(out), "--from", "json", "--dry-run")
    assert dry["dry_run"] is True
    assert dry["loaded"]["applications"] == 1
    assert not fresh.db.exists() or fresh.counts()["application"] == 0
    loaded = fresh.ok("import", str(out))  # --from auto
    assert loaded.startswith("Loaded: profile 1, applications 1, contacts 1, interviews 1")
    assert fresh.ok("export") == out.read_text(encoding="utf-8")
    assert fresh.json("plan", "1") == followup.json("plan", "1")


def test_an_existing_out_file_is_kept_unless_force(followup: Followup) -> None:
    seeded(followup)
    out = followup.db.parent / "mine.csv"
    out.write_text("keep me\n")
    refused = followup("export", "--format", "csv", "--out", str(out))
    assert refused.code == 2
    assert "--force" in refused.err
    assert "Traceback" not in refused.err
    assert out.read_text() == "keep me\n"
    followup.ok("export", "--format", "csv", "--out", str(out), "--force")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfID,Company,Role,Status")
    assert b"'=HYPERLINK" in data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_bad_out_is_refused_before_anything_is_read(followup: Followup, tmp_path: Path) -> None:
    seeded(followup)
    result = followup("export", "--out", str(tmp_path / "no-such-folder" / "x.json"))
    assert result.code == 2
    assert "does not exist" in result.err


def test_a_bad_file_is_exit_2_with_its_pointers_and_nothing_written(followup: Followup) -> None:
    seeded(followup)
    doc = json.loads(followup.ok("export"))
    doc["interviews"][0]["interviewers"] = [7]
    doc["applications"][0]["id"] = "one"
    bad = followup.db.parent / "bad.json"
    bad.write_text(json.dumps(doc))
    fresh = other(followup, "fresh.db")
    result = fresh("import", str(bad), "--from", "json")
    assert result.code == 2
    assert result.err.startswith("error: nothing loaded:")
    assert "/applications/0/id: expected a whole number" in result.err
    assert "/interviews/0/interviewers/0: no contacts row has id 7" in result.err
    assert "Traceback" not in result.err
    assert fresh.counts()["application"] == 0
    assert fresh.counts()["profile"] == 0
    problems = json.loads(fresh("import", str(bad), "--from", "json", "--json").out)["problems"]
    assert {"pointer": "/applications/0/id", "reason": "expected a whole number"} in problems
    newer = followup.db.parent / "newer.json"
    newer.write_text(json.dumps({**doc, "version": 2}))
    result = fresh("import", str(newer), "--from", "json")
    assert result.code == 2
    assert "newer followup" in result.err


def test_loading_into_a_database_in_use_is_refused(followup: Followup) -> None:
    seeded(followup)
    out = followup.db.parent / "followup.json"
    followup.ok("export", "--out", str(out))
    before = followup.fingerprint()
    result = followup("import", str(out), "--from", "json")
    assert result.code == 2
    assert "followup --db NEW.db import FILE --from json" in result.err
    assert followup.fingerprint() == before
    spreadsheet_options = followup("import", str(out), "--from", "json", "--skip-bad")
    assert spreadsheet_options.code == 2
