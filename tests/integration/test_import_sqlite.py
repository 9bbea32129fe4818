"""``import`` on a real SQLite file (issue 16): all or nothing, the stable key per row, a row
that moved on adding only what it lacks, through the composition root as the CLI goes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from followup import bootstrap
from followup.domain.errors import BadInput
from followup.services.applications import ApplicationChanges, edit_application, remove_application
from followup.services.importing import ImportRefused, Report, import_table
from followup.services.profile import ProfileChanges, update_profile

HEADER = ["Company", "Role", "Status", "Date applied", "URL"]


@pytest.fixture
def settings(tmp_path: Path) -> bootstrap.Settings:
    made = bootstrap.Settings(str(tmp_path / "f.db"), None, now="2026-11-30T10:00")
    with bootstrap.session(made) as ctx:
        update_profile(
            ctx,
            ProfileChanges(
                name="Alex Morgan", email="alex@example.org", timezone="Europe/London",
                country="GB",
            ),
        )  # fmt: skip
    return made


def run(settings: bootstrap.Settings, rows: list[list[str]], **kw: bool) -> Report:
    with bootstrap.session(settings) as ctx:
        return import_table(ctx, [HEADER, *rows], **kw)


def table(settings: bootstrap.Settings, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(settings.db)) as conn:
        return conn.execute(sql).fetchall()


def test_a_row_over_a_limit_refuses_the_file_and_writes_nothing(
    settings: bootstrap.Settings,
) -> None:
    with pytest.raises(ImportRefused) as refused:
        run(settings, [["Acme", "Engineer", "applied", "", ""], ["Globex", "x" * 201, "", "", ""]])
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "role")]
    assert isinstance(refused.value, BadInput)
    assert table(settings, "SELECT COUNT(*) FROM application") == [(0,)]
    assert table(settings, "SELECT COUNT(*) FROM import_key") == [(0,)]


def test_the_same_rows_again_change_nothing_and_a_moved_stage_adds_its_event(
    settings: bootstrap.Settings,
) -> None:
    rows = [["Acme", "Engineer", "applied", "2026-11-02", "https://acme.example/1"]]
    first = run(settings, rows)
    assert first.applications.created == 1
    again = run(settings, rows)
    assert (again.applications.unchanged, again.events.created) == (1, 0)
    moved = run(
        settings, [["ACME ", "engineer", "Rejected", "2026-11-02", "https://acme.example/1"]]
    )
    assert moved.applications.updated == 1
    assert moved.events.created == 1
    kinds = table(settings, "SELECT kind FROM event ORDER BY id")
    assert kinds == [("applied",), ("rejection",)]
    assert table(settings, "SELECT COUNT(*) FROM application") == [(1,)]


def test_a_row_twice_in_one_file_is_one_application(settings: bootstrap.Settings) -> None:
    row = ["Acme", "Engineer", "applied", "", ""]
    report = run(settings, [row, row])
    assert (report.applications.created, report.applications.unchanged) == (1, 1)


def test_a_removed_application_comes_back_on_the_next_import(
    settings: bootstrap.Settings,
) -> None:
    rows = [["Acme", "Engineer", "applied", "", ""]]
    run(settings, rows)
    with bootstrap.session(settings) as ctx:
        remove_application(ctx, 1)
    assert table(settings, "SELECT COUNT(*) FROM import_key") == [(0,)]
    assert run(settings, rows).applications.created == 1


def test_dry_run_counts_what_a_real_run_does_and_writes_nothing(
    settings: bootstrap.Settings,
) -> None:
    rows = [["Acme", "Engineer", "offer", "", ""], ["Globex", "Analyst", "saved", "", ""]]
    dry = run(settings, rows, dry_run=True)
    assert table(settings, "SELECT COUNT(*) FROM application") == [(0,)]
    real = run(settings, rows)
    assert dry.as_dict() == real.as_dict()


def test_the_plan_resumes_from_the_imported_stage(settings: bootstrap.Settings) -> None:
    run(settings, [["Initech", "Tester", "rejected", "2026-11-01", ""]])
    kinds = {k for (k,) in table(settings, "SELECT kind FROM plan_action")}
    assert kinds == {"reply_to_rejection"}


def _edit(settings: bootstrap.Settings, **changes: str) -> None:
    with bootstrap.session(settings) as ctx:
        edit_application(ctx, 1, ApplicationChanges(**changes))  # type: ignore[arg-type]


def _app(settings: bootstrap.Settings) -> tuple[object, ...]:
    (row,) = table(settings, "SELECT company, role, url FROM application")
    return row


def test_a_row_the_file_did_not_change_leaves_the_user_s_edits_alone(
    settings: bootstrap.Settings,
) -> None:
    rows = [["Acme", "Engineer", "applied", "2026-11-02", "https://acme.example/1"]]
    run(settings, rows)
    _edit(settings, role="Senior Engineer", url="https://acme.example/careers/1")
    again = run(settings, rows)
    assert (again.applications.unchanged, again.applications.updated) == (1, 0)
    assert _app(settings) == ("Acme", "Senior Engineer", "https://acme.example/careers/1")


def test_a_row_the_file_changed_updates_only_what_the_file_changed(
    settings: bootstrap.Settings,
) -> None:
    header = ["ID", *HEADER, "Notes"]

    def file(*rows: list[str]) -> Report:
        with bootstrap.session(settings) as ctx:
            return import_table(ctx, [header, *rows])

    file(["t-1", "Acme", "Engineer", "applied", "2026-11-02", "https://acme.example/1", "hi"])
    _edit(settings, role="Senior Engineer")
    moved = file(
        ["t-1", "Acme", "Engineer", "rejected", "2026-11-02", "https://acme.example/1b", "hi"]
    )
    assert (moved.applications.updated, moved.events.created) == (1, 1)
    # the tracker's row kept its id: the URL changed in the file, the role did not, so the
    # user's edit of the role stays
    assert _app(settings) == ("Acme", "Senior Engineer", "https://acme.example/1b")
    assert table(settings, "SELECT kind FROM event ORDER BY id") == [("applied",), ("rejection",)]
    # and the file as it is now is what the next import compares with
    again = file(
        ["t-1", "Acme", "Engineer", "rejected", "2026-11-02", "https://acme.example/1b", "hi"]
    )
    assert again.applications.unchanged == 1


def test_a_contact_the_file_names_later_is_added_once(settings: bootstrap.Settings) -> None:
    header = [*HEADER, "Recruiter", "Email"]
    row = ["Acme", "Engineer", "applied", "2026-11-02", "", "", ""]
    with bootstrap.session(settings) as ctx:
        import_table(ctx, [header, row])
    named = [*row[:5], "Ann Lee", "ann@acme.example"]
    for _ in range(2):
        with bootstrap.session(settings) as ctx:
            import_table(ctx, [header, named])
    assert table(settings, "SELECT name, email FROM contact") == [("Ann Lee", "ann@acme.example")]


def test_a_row_imported_before_fingerprints_gets_only_the_events_it_lacks(
    settings: bootstrap.Settings,
) -> None:
    run(settings, [["Acme", "Engineer", "applied", "", ""]])
    with closing(sqlite3.connect(settings.db)) as conn, conn:
        conn.execute("UPDATE import_key SET said = NULL")  # as 0013 left it
    _edit(settings, role="Senior Engineer")
    report = run(settings, [["ACME", "Engineer", "offer", "", ""]])
    assert (report.applications.updated, report.events.created) == (1, 1)
    assert _app(settings) == ("Acme", "Senior Engineer", None)  # no field was overwritten
    assert table(settings, "SELECT COUNT(*) FROM import_key WHERE said IS NULL") == [(0,)]


def test_the_new_rows_go_in_together_with_their_ids_in_order(
    settings: bootstrap.Settings,
) -> None:
    header = [*HEADER, "Recruiter"]
    rows = [[f"Company {i}", "Engineer", "interviewing", "", "", f"R {i}"] for i in range(30)]
    with bootstrap.session(settings) as ctx:
        import_table(ctx, [header, *rows])
    pairs = table(
        settings,
        "SELECT a.company, c.name FROM contact c JOIN application a ON a.id = c.application_id"
        " ORDER BY a.id",
    )
    assert pairs == [(f"Company {i}", f"R {i}") for i in range(30)]
    assert table(settings, "SELECT COUNT(*) FROM import_key") == [(30,)]
