"""The JSON and CSV exports on real SQLite files, and a JSON export loaded into a new one
(issue 16): byte for byte round trips, the shipped JSON Schema, refusals that write
nothing, and the CSV read back by ``import``."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from contextlib import closing
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from followup import bootstrap
from followup.domain.errors import Conflict
from followup.domain.export_schema import CACHE_META_KEYS, SECTIONS
from followup.services import exporting, importing
from followup.services.profile import ProfileChanges, update_profile
from tests.export_data import NOW, build_demo, build_everything


def export(settings: bootstrap.Settings) -> str:
    with bootstrap.session(settings) as ctx:
        return exporting.export_json(ctx)


def load(settings: bootstrap.Settings, text: str, **kw: bool) -> exporting.Loaded:
    with bootstrap.session(settings) as ctx:
        return exporting.load_json(ctx, text, **kw)


def fresh(tmp_path: Path, name: str = "new.db") -> bootstrap.Settings:
    return bootstrap.Settings(db=str(tmp_path / name), config=None, now=NOW)


def rows(settings: bootstrap.Settings, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(settings.db)) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> tuple[bootstrap.Settings, str]:
    settings = build_everything(str(tmp_path_factory.mktemp("export") / "full.db"))
    return settings, export(settings)


def test_every_section_has_rows_and_the_round_trip_is_byte_for_byte(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    _, first = everything
    doc = json.loads(first)
    for section in SECTIONS:
        value = doc
        for part in section.path:
            value = value[part]
        assert value, f"the test data has no {section.name}: the round trip would not hold it"
    target = fresh(tmp_path)
    loaded = load(target, first)
    assert loaded.counts["applications"] == len(doc["applications"])
    assert export(target) == first


def test_the_demo_round_trips_and_plans_the_same(tmp_path: Path) -> None:
    demo = build_demo(str(tmp_path / "demo.db"))
    first = export(demo)
    target = fresh(tmp_path)
    load(target, first)
    assert export(target) == first
    plans = "SELECT id, application_id, kind, contact_id, due, latest, why FROM plan_action"
    assert rows(target, plans + " ORDER BY id") == rows(demo, plans + " ORDER BY id")
    status = "SELECT id, base_status, next_due FROM application ORDER BY id"
    assert rows(target, status) == rows(demo, status)


def test_only_exported_at_varies(everything: tuple[bootstrap.Settings, str]) -> None:
    settings, first = everything
    later = bootstrap.Settings(settings.db, None, now="2026-12-24T18:30")
    second = export(later)
    assert second != first
    a, b = json.loads(first), json.loads(second)
    assert b.pop("exported_at") == "2026-12-24T18:30:00.000000Z"
    a.pop("exported_at")
    assert a == b


def test_an_export_validates_against_the_shipped_json_schema(
    everything: tuple[bootstrap.Settings, str],
) -> None:
    shipped = resources.files("followup").joinpath("schemas/export-1.json").read_text("utf-8")
    jsonschema.validate(json.loads(everything[1]), json.loads(shipped))


def test_no_password_and_no_plan_cache_leave(everything: tuple[bootstrap.Settings, str]) -> None:
    text = everything[1]
    assert '"password"' not in text  # the CalDAV flag is "uses_password", a yes or no
    assert "plan_basis" not in text
    assert '"planned_rev"' not in text
    assert '"due"' not in text  # no planned action


def test_a_database_with_anything_in_it_is_refused_and_kept(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    target = fresh(tmp_path)
    with bootstrap.session(target) as ctx:
        update_profile(
            ctx, ProfileChanges(name="A B", email="a@b.example", timezone="Europe/Paris")
        )
    with pytest.raises(Conflict, match=re.escape("followup --db NEW.db import FILE --from json")):
        load(target, everything[1])
    with pytest.raises(Conflict):
        load(target, everything[1], dry_run=True)
    assert rows(target, "SELECT COUNT(*) FROM application") == [(0,)]
    assert rows(target, "SELECT name FROM profile") == [("A B",)]


def test_a_bad_file_is_refused_whole_with_pointers_and_nothing_written(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    doc = json.loads(everything[1])
    doc["events"][-1]["contact_id"] = 999
    doc["messages"][0]["status"] = "lost"
    target = fresh(tmp_path)
    with pytest.raises(exporting.ExportRefused) as refused:
        load(target, json.dumps(doc))
    pointers = {p.pointer for p in refused.value.problems}
    last = len(doc["events"]) - 1
    assert pointers == {f"/events/{last}/contact_id", "/messages/0/status"}
    assert refused.value.exit_code == 2
    for table in ("application", "profile", "event", "meta"):
        assert rows(target, f"SELECT COUNT(*) FROM {table}") == [(0,)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not JSON"),
        ("[]", "not a followup export"),
        ('{"format": "followup-export", "version": 2}', "newer followup"),
        ('{"format": "something-else", "version": 1}', "not a followup export"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_what_is_not_an_export_of_this_version_is_refused(
    tmp_path: Path, text: str, reason: str
) -> None:
    with pytest.raises(exporting.ExportRefused, match=reason):
        load(fresh(tmp_path), text)


def test_a_unique_column_the_checks_cannot_see_is_refused_with_nothing_written(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    """Two inbox items of one mail: the database's own constraint stops the load, and its
    transaction leaves nothing behind."""
    doc = json.loads(everything[1])
    twin = dict(doc["inbox_items"][0], id=doc["inbox_items"][0]["id"] + 1, invitation=None)
    doc["inbox_items"].append(twin)
    target = fresh(tmp_path)
    with pytest.raises(exporting.BadInput, match="/inbox_items: does not fit"):
        load(target, json.dumps(doc))
    assert rows(target, "SELECT COUNT(*) FROM application") == [(0,)]


def test_a_dry_run_counts_and_writes_nothing(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    target = fresh(tmp_path)
    loaded = load(target, everything[1], dry_run=True)
    assert loaded.dry_run
    assert loaded.as_dict()["loaded"]["inbox_items"] == 1  # type: ignore[index]
    assert rows(target, "SELECT COUNT(*) FROM application") == [(0,)]


def test_an_export_is_recognised_and_a_spreadsheet_is_not(
    everything: tuple[bootstrap.Settings, str],
) -> None:
    assert exporting.is_export(everything[1].encode())
    assert exporting.is_export(b"\xef\xbb\xbf" + everything[1].encode())
    assert not exporting.is_export(b"Company,Role\nAcme,Engineer\n")
    assert not exporting.is_export(b'{"format": "other"}')


# --- CSV ---------------------------------------------------------------------------------
def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def export_csv(settings: bootstrap.Settings) -> bytes:
    with bootstrap.session(settings) as ctx:
        return exporting.export_csv(ctx)


SAME = (
    "Company", "Role", "Status", "URL", "Location", "Salary", "Notes", "Contact", "Email",
    "Phone", "Interview date",
)  # fmt: skip


def test_the_csv_has_a_row_per_application_and_a_formula_comes_out_as_text(
    everything: tuple[bootstrap.Settings, str],
) -> None:
    table = csv_rows(export_csv(everything[0]))
    assert [r["ID"] for r in table] == [str(n) for n in range(1, 8)]
    acme = table[-1]
    assert acme["Notes"] == "'=cmd|x"  # imported as text, exported so no sheet runs it
    assert acme["Status"] == "applied"
    assert acme["Date applied"] == "2026-11-02"
    northwind = table[0]
    assert northwind["Status"] == "interviewing"
    assert northwind["Next action"]
    assert northwind["Other contacts"].count("<") == 2


def test_the_csv_imported_into_a_new_database_gives_the_same_applications(
    tmp_path: Path,
) -> None:
    source = fresh(tmp_path, "source.db")
    sheet = [
        ["Company", "Role", "Status", "Date applied", "URL", "Location", "Salary", "Notes",
         "Contact", "Email", "Phone", "Interview date"],
        ["Acme", "Engineer", "Interviewing", "2026-11-02", "https://acme.example/1", "Berlin",
         "€80k", "=cmd|' /C calc'!A0", "Jane Roe", "jane@acme.example", "+49 30 1234",
         "2026-11-20"],
        ["Globex", "Analyst", "Rejected", "2026-10-20", "", "", "", "-5% pay, ok\nsecond line",
         "", "", ""],
        ["Initech", "Developer", "Offer", "", "", "Remote", "", "", "", "", "", ""],
        ["Hooli", "ML Engineer", "Saved", "", "", "", "", "@home", "", "", "", ""],
        ["Vandelay", "Importer", "Withdrawn", "2026-09-01", "", "", "", "", "", "", "", ""],
        ["Stark", "Lead", "Accepted", "2026-09-01", "", "", "", "", "", "", "", ""],
        ["Wayne", "Butler", "Ghosted", "2026-08-01", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    for settings in (source, fresh(tmp_path, "target.db")):
        with bootstrap.session(settings) as ctx:
            update_profile(
                ctx, ProfileChanges(name="A B", email="a@b.example", timezone="Europe/Berlin")
            )
    with bootstrap.session(source) as ctx:
        importing.import_table(ctx, sheet)
    first = export_csv(source)
    target = fresh(tmp_path, "target.db")
    with bootstrap.session(target) as ctx:
        table = ctx.ports.spreadsheet(first, "export.csv")
        report = importing.import_table(ctx, table)
    assert report.applications.created == 7
    before, after = csv_rows(first), csv_rows(export_csv(target))
    assert [{k: r[k] for k in SAME} for r in after] == [{k: r[k] for k in SAME} for r in before]
    assert before[0]["Notes"] == "'=cmd|' /C calc'!A0"
    assert before[0]["Phone"] == "'+49 30 1234"
    assert [r["Status"] for r in before] == [
        "interviewing", "rejected", "offer", "saved", "withdrawn", "accepted", "ghosted",
    ]  # fmt: skip
    stored = rows(target, "SELECT notes FROM application ORDER BY id")
    assert stored[0] == ("=cmd|' /C calc'!A0\nLocation: Berlin\nSalary: €80k",)


def test_the_benchmark_peer_dumps_the_same_rows(
    everything: tuple[bootstrap.Settings, str], tmp_path: Path
) -> None:
    """``bench/export_peer.py`` (the yardstick of ``make bench-export``) reads every table
    the export carries: as many rows per table as the export has per section (``meta``
    also holds the plan cache's basis, which the export leaves out)."""
    import subprocess
    import sys

    out = tmp_path / "peer.json"
    peer = Path(__file__).resolve().parents[2] / "bench" / "export_peer.py"
    subprocess.run([sys.executable, str(peer), everything[0].db, str(out)], check=True)
    dumped = json.loads(out.read_text(encoding="utf-8"))
    doc = json.loads(everything[1])
    for section in SECTIONS:
        value = doc
        for part in section.path:
            value = value[part]
        tables = [r for r in dumped[section.table] if r.get("key") not in CACHE_META_KEYS]
        assert len(tables) == (1 if section.single else len(value)), section.name


# Never exported, each for its reason (None: the whole table).
NOT_EXPORTED: dict[str, set[str] | None] = {
    "plan_action": None,  # the plan cache: the planner makes it again
    "schema_migrations": None,  # the loading database has its own
    "application": {"rev", "planned_rev", "base_status", "next_due", "first_interview_end"},
    "interview_interviewer": None,  # exported as each interview's panel
    "inbox_invitation": None,  # exported as each inbox item's invitation
    "profile": {"id"},  # one row: its id is always 1
    "mail_account": {"id"},
    "digest_setting": {"id"},
    "caldav_account": {"id"},
    "message_attachment": None,  # exported as each message's attachments
}


def test_every_column_of_every_table_is_exported_or_named_as_derived(tmp_path: Path) -> None:
    """A migration that adds a column fails here until the export carries it (or it is
    named above as derived): the JSON export is the lossless backup format."""
    settings = fresh(tmp_path)
    with bootstrap.session(settings):
        pass
    exported: dict[str, set[str]] = {}
    for section in SECTIONS:
        exported.setdefault(section.table, set()).update(
            f.stored for f in section.fields if f.stored is not None
        )
    missing = []
    with closing(sqlite3.connect(settings.db)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            skipped = NOT_EXPORTED.get(table, set())
            if table in NOT_EXPORTED and skipped is None:
                continue
            columns = {c for (_, c, *_) in conn.execute(f"PRAGMA table_info({table})")}
            gaps = columns - exported.get(table, set()) - (skipped or set())
            missing += [f"{table}.{c}" for c in sorted(gaps)]
    assert missing == [], missing
