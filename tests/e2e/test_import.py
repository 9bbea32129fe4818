"""``followup import FILE`` as a subprocess (issue 16) on every sample in tests/data/imports:
the right applications and stages, exit statuses, nothing written on a refusal, and the same
file twice changing nothing."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.conftest import Followup, make_profile

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"
NOW = "2026-11-30T10:00"

# file -> {(company, role): the stored kinds of event}, interviews expected
EXPECTED: dict[str, tuple[dict[tuple[str, str], list[str]], int]] = {
    "plain.csv": (
        {
            ("Acme", "Senior Engineer"): ["applied"],
            ("Globex", "Data Analyst"): ["applied"],
            ("Initech", "Backend Developer"): ["applied", "rejection"],
            ("Umbrella", "Platform Engineer"): [],
        },
        0,
    ),
    "european_cp1252.csv": (
        {
            ("Café Müller GmbH", "Entwickler"): ["applied"],
            ("Señor Datos SL", "Analista de datos"): ["applied", "rejection"],
            ("Øresund AB", "Backend Engineer"): ["applied"],
        },
        0,
    ),
    "excel_unicode.txt": (
        {
            ("Globex", "Data Analyst"): ["applied", "offer"],
            ("Hooli", "SRE"): ["applied", "closed"],
            ("Initrode", "QA Lead"): [],
        },
        0,
    ),
    "bom_title_formulas.csv": (
        {
            ("Acme", "Senior Engineer"): ["applied"],
            ("Stark Industries", "Engineer II"): ["applied"],
            ("Wayne Enterprises", "Analyst"): ["applied", "offer", "accepted"],
        },
        0,
    ),
    "dots_interview.csv": (
        {
            ("Initech", "Backend Developer"): ["applied"],
            ("Vandelay Industries", "Importer"): ["applied"],
        },
        1,
    ),
    "us_dates_notes.csv": (
        {
            ("Pied Piper", "Compression Engineer"): ["applied"],
            ("Aviato", "Product Manager"): ["applied", "closed"],
            ("Hooli", "Engineer"): ["applied", "withdrawn"],
        },
        0,
    ),
    "jobsync.csv": (
        {
            ("Acme", "Frontend Developer"): ["applied"],
            ("Globex", "Data Engineer"): ["applied"],
            ("Initech", "Platform Engineer"): [],
            ("Hooli", "SRE"): ["applied", "offer", "accepted"],
            ("Soylent", "Chemist"): ["applied", "closed"],
        },
        0,
    ),
    "injection.csv": ({("=cmd|' /C calc'!A0", "Engineer"): ["applied"]}, 0),
    "merged_header.csv": (
        {
            ("Acme", "Senior Engineer"): ["applied"],
            ("Globex", "Data Analyst"): ["applied", "offer"],
        },
        0,
    ),
    "huntr.csv": (
        {
            ("Acme", "Engineer, Payments Platform"): ["applied"],
            ("Globex", "Data Engineer"): ["applied"],
            ("Initech", "Site Reliability Engineer"): [],
            ("Hooli", "Backend Developer"): ["applied", "rejection"],
            ("Umbrella", "Staff Engineer"): ["applied", "offer"],
        },
        0,
    ),
    "teal.csv": (
        {
            ("Acme", "Frontend Engineer"): [],
            ("Globex", "Product Designer"): ["applied"],
            ("Initech", "Data Scientist"): ["applied"],
            ("Hooli", "Platform Engineer"): ["applied", "offer"],
            ("Vandelay Industries", "QA Lead"): ["applied", "offer", "accepted"],
            ("Soylent", "Support Engineer"): [],
        },
        0,
    ),
}


@pytest.fixture
def ready(followup: Followup) -> Followup:
    followup.now = NOW
    make_profile(followup)
    return followup


def _stored(followup: Followup) -> tuple[dict[tuple[str, str], list[str]], int]:
    with closing(sqlite3.connect(followup.db)) as conn:
        apps = conn.execute("SELECT id, company, role FROM application ORDER BY id").fetchall()
        result = {}
        for app_id, company, role in apps:
            kinds = conn.execute(
                "SELECT kind FROM event WHERE application_id = ? ORDER BY at, id", (app_id,)
            ).fetchall()
            result[(company, role)] = [k for (k,) in kinds]
        interviews = conn.execute("SELECT COUNT(*) FROM interview").fetchone()[0]
    return result, interviews


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_imports_with_its_stages_and_twice_changes_nothing(
    ready: Followup, name: str
) -> None:
    path = str(SAMPLES / name)
    counts = ready.json("import", path)
    apps, interviews = EXPECTED[name]
    assert counts["applications"] == {"created": len(apps), "updated": 0, "unchanged": 0}
    assert _stored(ready) == (apps, interviews)
    before = ready.fingerprint()
    again = ready.json("import", path)
    assert again["applications"] == {"created": 0, "updated": 0, "unchanged": len(apps)}
    assert again["events"]["created"] == 0
    assert ready.fingerprint() == before


def test_the_dates_are_read_from_the_whole_column(ready: Followup) -> None:
    ready.ok("import", str(SAMPLES / "european_cp1252.csv"))  # 23/10/2026 makes it day first
    ready.ok("import", str(SAMPLES / "dots_interview.csv"))
    with closing(sqlite3.connect(ready.db)) as conn:
        applied = dict(conn.execute(
            "SELECT a.company, substr(e.at, 1, 10) FROM event e JOIN application a "
            "ON a.id = e.application_id WHERE e.kind = 'applied'"
        ).fetchall())  # fmt: skip
        start = conn.execute("SELECT start_at FROM interview").fetchone()[0]
    assert applied["Café Müller GmbH"] == "2026-11-05"
    assert applied["Initech"] == "2026-11-01"
    assert start.startswith("2026-12-09")


def test_a_bad_row_refuses_the_whole_file_listing_every_problem(ready: Followup) -> None:
    before = ready.fingerprint()
    result = ready("import", str(SAMPLES / "bad_rows.csv"))
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("error: nothing imported: 3 problem(s)")
    assert "row 3, Company: '': the company is empty" in lines[1]
    assert "row 4, Status: 'Daydreaming'" in lines[2]
    assert "row 5, Date applied: '31/31/2026': not a date" in lines[3]
    assert "Traceback" not in result.err
    assert ready.fingerprint() == before


def test_skip_bad_imports_the_good_rows_and_names_the_rest(ready: Followup) -> None:
    counts = ready.json("import", str(SAMPLES / "bad_rows.csv"), "--skip-bad")
    assert counts["applications"]["created"] == 1
    assert [s["row"] for s in counts["skipped"]] == [3, 4, 5]


def test_dry_run_shows_each_row_and_writes_nothing(ready: Followup) -> None:
    before = ready.fingerprint()
    out = ready.ok("import", str(SAMPLES / "plain.csv"), "--dry-run")
    assert "row 4: created Initech - Backend Developer (rejected)" in out
    assert out.splitlines()[-1].startswith("Would import: 4 new")
    assert ready.fingerprint() == before


def test_unknown_headers_need_map(ready: Followup) -> None:
    path = str(SAMPLES / "needs_map.csv")
    refused = ready("import", path)
    assert refused.code == 2
    assert "no company column" in refused.err
    counts = ready.json(
        "import", path, "--map", "Firma=company", "--map", "Stelle=role", "--map", "Stand=status"
    )
    assert counts["applications"]["created"] == 2
    bad = ready("import", path, "--map", "Firma=employer")
    assert bad.code == 2
    assert "unknown field 'employer'" in bad.err


@pytest.mark.parametrize("name", ["binary.csv"])
def test_a_file_that_is_no_spreadsheet_is_refused(ready: Followup, name: str) -> None:
    before = ready.fingerprint()
    result = ready("import", str(SAMPLES / name))
    assert result.code == 2
    assert "not a spreadsheet saved as text" in result.err
    assert ready.fingerprint() == before


def test_a_file_over_the_cap_is_refused_unread(ready: Followup, tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # 200 MB, sparse
    result = ready("import", str(big))
    assert result.code == 2
    assert "larger than 32 MiB" in result.err  # judged by its size, before reading
    assert "Traceback" not in result.err


def test_five_thousand_rows(ready: Followup, tmp_path: Path) -> None:
    big = tmp_path / "five_thousand.csv"
    lines = ["Company,Role,Status,Date applied"]
    lines += [f"Company {i},Role {i % 7},Applied,{(i % 28) + 1:02d}/11/2026" for i in range(5000)]
    big.write_text("\n".join(lines), encoding="utf-8")
    counts = ready.json("import", str(big))
    assert counts["applications"]["created"] == 5000
    assert ready.counts()["application"] == 5000


def test_a_spreadsheet_read_as_a_json_export_is_refused_and_nothing_written(
    ready: Followup,
) -> None:
    before = ready.fingerprint()
    result = ready("import", str(SAMPLES / "plain.csv"), "--from", "json")
    assert result.code == 2
    assert "not JSON" in result.err
    assert "Traceback" not in result.err
    assert ready.fingerprint() == before


def test_json_output_has_the_counts_shape(ready: Followup) -> None:
    counts = json.loads(ready.ok("import", str(SAMPLES / "dots_interview.csv"), "--json"))
    assert set(counts) == {"applications", "contacts", "interviews", "events", "skipped"}
    assert counts["interviews"]["created"] == 1
    assert counts["contacts"]["created"] == 1


def _applied_at(followup: Followup) -> dict[str, str]:
    with closing(sqlite3.connect(followup.db)) as conn:
        rows = conn.execute(
            "SELECT a.company, e.at FROM event e JOIN application a ON a.id = e.application_id"
            " WHERE e.kind = 'applied'"
        ).fetchall()
    return {company: at[:10] for company, at in rows}


def test_a_tracker_s_export_is_read_by_its_own_columns(ready: Followup) -> None:
    out = ready.ok("import", str(SAMPLES / "huntr.csv"))
    assert "Read as a Huntr export." in out
    # Huntr's createdAt is when the card was made, not when the person applied
    assert _applied_at(ready)["Acme"] == NOW[:10]
    ready.ok("import", str(SAMPLES / "teal.csv"), "--from", "teal")
    assert _applied_at(ready)["Hooli"] == "2026-09-04"  # Date Applied, not Date Saved


def test_from_csv_reads_a_tracker_s_export_by_its_headers_alone(ready: Followup) -> None:
    ready.ok("import", str(SAMPLES / "huntr.csv"), "--from", "csv")
    assert _applied_at(ready)["Acme"] == "2026-09-14"  # createdAt, as any spreadsheet's


@pytest.mark.parametrize("kind", ["huntr", "teal", "jobsync"])
def test_from_a_tracker_refuses_a_file_that_is_not_its_export(ready: Followup, kind: str) -> None:
    before = ready.fingerprint()
    result = ready("import", str(SAMPLES / "plain.csv"), "--from", kind, "--skip-bad")
    assert result.code == 2
    assert "does not look like a" in result.err
    assert "--from csv" in result.err
    assert ready.fingerprint() == before


def test_a_file_without_a_header_row_is_refused_saying_so(ready: Followup) -> None:
    result = ready("import", str(SAMPLES / "no_header.csv"))
    assert result.code == 2
    assert "no header row" in result.err
    assert ready.counts()["application"] == 0
