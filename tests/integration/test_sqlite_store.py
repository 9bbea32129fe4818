"""The SQLite store against real database files: round trips, ordering, cascades,
transactions, migrations and the plan cache the hot path reads."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.sqlite import migrations
from followup.adapters.sqlite import store as sqlite_store
from followup.adapters.sqlite.store import DUE_ACTIONS_SQL, SqliteStore
from followup.domain.errors import BadInput, NotFound
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Contact,
    ContactRole,
    Debrief,
    Event,
    EventKind,
    History,
    Interview,
    InterviewFormat,
    Profile,
    QuestionAnswer,
    Rapport,
    Status,
    WorkingHours,
)
from followup.services.ports import ApplicationRow, DueAction, Store

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TABLES = (
    "application",
    "contact",
    "interview",
    "interview_interviewer",
    "event",
    "plan_action",
    "meta",
    "profile",
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "followup.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(db_path)
    yield s
    s.close()


def raw(db_path: Path) -> sqlite3.Connection:
    """A connection of our own, to look at the file without going through the store."""
    return sqlite3.connect(db_path, isolation_level=None)


def count(db_path: Path, table: str, where: str = "1 = 1") -> int:
    with raw(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])


def dump(db_path: Path) -> list[str]:
    conn = raw(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def add_app(store: SqliteStore, company: str = "Acme", role: str = "Engineer") -> Application:
    return store.add_application(Application(id=0, company=company, role=role))


def add_contact(store: SqliteStore, app_id: int, name: str, **kw: object) -> Contact:
    return store.add_contact(Contact(id=0, application_id=app_id, name=name, **kw))  # type: ignore[arg-type]


def action(app_id: int, aid: str, due: datetime, **kw: object) -> Action:
    fields: dict[str, object] = {
        "kind": ActionKind.THANK_YOU,
        "contact_id": None,
        "channel": Channel.EMAIL,
        "earliest": due - timedelta(hours=2),
        "latest": due + timedelta(hours=24),
        "why": f"because {aid}",
    }
    fields.update(kw)
    return Action(id=aid, application_id=app_id, due=due, **fields)  # type: ignore[arg-type]


def full_debrief(c1: int, c2: int) -> Debrief:
    return Debrief(
        questions=(
            QuestionAnswer("Tell me about a hard bug", "The clock-skew one", 4),
            QuestionAnswer("Why us?", "", None),
        ),
        strengths=("systems thinking", "clear trade-offs"),
        stumbles=("SQL window functions",),
        demeanour=3,
        topics=((c1, ("observability", "on-call")), (c2, ())),
        unaddressed=("salary range", "team size"),
        cues=("nodded at the migration story",),
        rapport=((c1, Rapport.GOOD), (c2, Rapport.NEUTRAL)),
        next_steps="They decide after the last candidate, «next week»",
        decision_date=date(2026, 11, 27),
    )


# --- opening, pragmas, migrations --------------------------------------------------------
def test_satisfies_the_store_port(store: SqliteStore) -> None:
    port: Store = store  # checked by mypy where it matters (bootstrap); here at runtime
    assert port.schema_version() == migrations.MIGRATIONS[-1].name


def test_wal_foreign_keys_and_busy_timeout_are_on(store: SqliteStore, db_path: Path) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # SQLite waits one second per statement; the store retries up to its budget in Python.
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1000
    assert store.busy_timeout == 30
    from followup import bootstrap  # the composition root's default is the store's

    assert bootstrap.BUSY_TIMEOUT_SECONDS == sqlite_store.BUSY_TIMEOUT_SECONDS
    assert conn.isolation_level is None
    # WAL is a property of the file: a fresh connection sees it too.
    with raw(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_recorded_and_not_rerun_on_reopen(db_path: Path) -> None:
    SqliteStore(db_path).close()
    with raw(db_path) as conn:
        first = conn.execute(
            "SELECT name, applied_at FROM schema_migrations ORDER BY name"
        ).fetchall()
    assert [name for name, _ in first] == [m.name for m in migrations.MIGRATIONS]
    assert all(applied_at.endswith("Z") for _, applied_at in first)

    with SqliteStore(db_path) as again:
        app = add_app(again)
        assert again.schema_version() == migrations.MIGRATIONS[-1].name
    with SqliteStore(db_path) as third:
        assert third.get_application(app.id) == app
    with raw(db_path) as conn:
        after = conn.execute(
            "SELECT name, applied_at FROM schema_migrations ORDER BY name"
        ).fetchall()
    assert after == first


def test_a_new_migration_is_applied_on_open(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    SqliteStore(db_path).close()
    extra = migrations.Migration("9000_test_extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY);")
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    with SqliteStore(db_path) as s:
        assert s.schema_version() == "9000_test_extra"
    assert count(db_path, "extra") == 0
    assert count(db_path, "schema_migrations") == len(migrations.MIGRATIONS) + 1


def test_plans_cached_before_revisions_existed_start_fresh(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0008: the plans an older followup cached were written in the same
    transaction as every change, so they are current; an application added afterwards
    is stale until planned."""
    with monkeypatch.context() as patch:
        before = tuple(m for m in migrations.MIGRATIONS if m.name < "0008")
        patch.setattr(sqlite_store, "MIGRATIONS", before)
        SqliteStore(db_path).close()
    with raw(db_path) as conn, conn:
        conn.execute("INSERT INTO application (id, company, role) VALUES (1, 'Acme', 'Eng')")
    with SqliteStore(db_path) as store:
        assert store.schema_version() == migrations.MIGRATIONS[-1].name
        assert store.stale_plans() == []
        added = add_app(store, "Globex")
        assert store.stale_plans() == [(added.id, 0)]


def test_a_failing_migration_leaves_nothing_behind(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteStore(db_path).close()
    before = dump(db_path)
    broken = migrations.Migration(
        "9000_test_broken",
        "CREATE TABLE half (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n",
    )
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        SqliteStore(db_path)
    assert dump(db_path) == before


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    SqliteStore(db_path).close()
    with raw(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', '2030-01-01T00:00:00Z')")
    with pytest.raises(BadInput, match="newer followup"):
        SqliteStore(db_path)


def test_a_file_that_is_not_a_database_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database, just some notes " * 100)
    with pytest.raises(BadInput, match="not a followup database"):
        SqliteStore(path)


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "followup" / "followup.db"
    with SqliteStore(str(path)) as s:
        add_app(s)
    assert count(path, "application") == 1


def test_in_memory_database_works() -> None:
    with SqliteStore(":memory:") as s:
        app = add_app(s)
        assert s.get_application(app.id) == app
        assert s.schema_version() == migrations.MIGRATIONS[-1].name


def test_migration_statements_split_on_statement_ends() -> None:
    m = migrations.Migration(
        "x", "CREATE TABLE a (t TEXT DEFAULT ';');\n\nCREATE TABLE b (\n  id INTEGER\n);\n"
    )
    assert m.statements() == [
        "CREATE TABLE a (t TEXT DEFAULT ';');",
        "CREATE TABLE b (\n  id INTEGER\n);",
    ]
    with pytest.raises(ValueError, match="unfinished"):
        migrations.Migration("y", "CREATE TABLE c (id INTEGER)").statements()


# --- round trips -------------------------------------------------------------------------
def test_profile_round_trip(store: SqliteStore) -> None:
    assert store.get_profile() is None
    profile = Profile(
        name="Ada Lovelace",
        email="ada@example.org",
        timezone="Europe/London",
        country="GB",
        phone="+44 20 7946 0000",
        signature="Ada\n+44 20 7946 0000",
        hours=WorkingHours(start=time(8, 30), end=time(16, 45), weekdays=frozenset({0, 2, 4})),
    )
    store.save_profile(profile)
    assert store.get_profile() == profile
    changed = dataclasses.replace(profile, country=None, phone=None, hours=WorkingHours())
    store.save_profile(changed)
    assert store.get_profile() == changed
    assert count(store_path(store), "profile") == 1


def store_path(store: SqliteStore) -> Path:
    return Path(store.path)


def test_application_round_trip_ids_and_update(store: SqliteStore) -> None:
    created = datetime(2026, 11, 2, 9, 15, 30, 123456, tzinfo=NEW_YORK)
    app = Application(
        id=0,
        company="Acme Ltd",
        role="Staff Engineer",
        agency="Hays",
        url="https://acme.example/jobs/42",
        source="LinkedIn",
        notes="Referred by Sam",
        documents="cv-v3.pdf",
        created_at=created,
    )
    first = store.add_application(app)
    second = add_app(store, "Globex", "SRE")
    assert first.id > 0
    assert second.id > first.id
    assert first == dataclasses.replace(app, id=first.id)

    got = store.get_application(first.id)
    assert got == first
    assert got.created_at == created  # the same instant ...
    assert got.created_at is not None
    assert got.created_at.tzinfo == UTC  # ... given back in UTC

    updated = dataclasses.replace(first, role="Principal Engineer", agency=None, created_at=None)
    store.update_application(updated)
    assert store.get_application(first.id) == updated
    assert store.get_application(second.id) == second
    assert store.application_ids() == [first.id, second.id]


def test_contact_round_trip_and_order(store: SqliteStore) -> None:
    app = add_app(store)
    full = Contact(
        id=0,
        application_id=app.id,
        name="Grace Hopper",
        email="grace@acme.example",
        phone="+1 555 0100",
        linkedin="https://linkedin.com/in/grace",
        role=ContactRole.HIRING_MANAGER,
        timezone="America/New_York",
        cadence_days=10,
        prefers=Channel.PHONE,
        rapport=Rapport.GOOD,
    )
    c1 = store.add_contact(full)
    c2 = add_contact(store, app.id, "Bare Minimum")
    assert c1 == dataclasses.replace(full, id=c1.id)
    assert store.get_contact(c1.id) == c1
    assert store.get_contact(c2.id) == Contact(id=c2.id, application_id=app.id, name="Bare Minimum")
    assert [c.id for c in store.list_contacts(app.id)] == [c1.id, c2.id]

    changed = dataclasses.replace(c1, email=None, prefers=None, rapport=Rapport.POOR)
    store.update_contact(changed)
    assert store.get_contact(c1.id) == changed


def test_interview_round_trip_keeps_zone_panel_order_and_debrief(store: SqliteStore) -> None:
    app = add_app(store)
    a, b, c = (add_contact(store, app.id, n) for n in ("Ann", "Bob", "Cy"))
    start = datetime(2026, 11, 17, 14, 0, tzinfo=NEW_YORK)
    interview = Interview(
        id=0,
        application_id=app.id,
        start=start,
        minutes=45,
        format=InterviewFormat.IN_PERSON,
        interviewer_ids=(c.id, a.id, b.id),
        cancelled=False,
        debrief=full_debrief(a.id, b.id),
    )
    added = store.add_interview(interview)
    assert added.id > 0
    assert added == dataclasses.replace(interview, id=added.id)

    got = store.get_interview(added.id)
    assert got == added
    assert got.interviewer_ids == (c.id, a.id, b.id)
    assert isinstance(got.start.tzinfo, ZoneInfo)
    assert got.start.tzinfo.key == "America/New_York"
    assert got.start.utcoffset() == timedelta(hours=-5)
    assert (got.start.hour, got.start.minute) == (14, 0)
    assert got.start.astimezone(UTC) == utc(2026, 11, 17, 19, 0)
    assert got.debrief is not None
    assert got.debrief.rapport_with(a.id) is Rapport.GOOD
    assert got.debrief.topics[1] == (b.id, ())
    assert isinstance(got.debrief.topics[0][1], tuple)


def test_debrief_json_covers_every_field(store: SqliteStore) -> None:
    """A field added to Debrief later must be added to the store too, or it would be lost."""
    app = add_app(store)
    added = store.add_interview(
        Interview(
            id=0, application_id=app.id, start=utc(2026, 1, 5, 10), debrief=full_debrief(1, 2)
        )
    )
    with raw(store_path(store)) as conn:
        text = conn.execute("SELECT debrief FROM interview WHERE id = ?", (added.id,)).fetchone()[0]
    assert set(json.loads(text)) == {f.name for f in dataclasses.fields(Debrief)}


def test_interview_zones_other_than_zoneinfo_come_back_in_utc(store: SqliteStore) -> None:
    app = add_app(store)
    fixed = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    added = store.add_interview(Interview(id=0, application_id=app.id, start=fixed))
    got = store.get_interview(added.id)
    assert got.start == fixed
    assert got.start.tzinfo == UTC
    assert got.start.hour == 7
    assert got.debrief is None
    assert got.interviewer_ids == ()


def test_interview_in_the_repeated_hour_keeps_its_instant(store: SqliteStore) -> None:
    app = add_app(store)
    # 01:30 happens twice in New York on 1 November 2026; fold=1 is the second, in EST.
    second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    added = store.add_interview(Interview(id=0, application_id=app.id, start=second))
    got = store.get_interview(added.id)
    assert got.start.astimezone(UTC) == utc(2026, 11, 1, 6, 30)
    assert got.start.utcoffset() == timedelta(hours=-5)


def test_update_interview_replaces_panel_and_debrief(store: SqliteStore) -> None:
    app = add_app(store)
    a, b = add_contact(store, app.id, "Ann"), add_contact(store, app.id, "Bob")
    added = store.add_interview(
        Interview(
            id=0,
            application_id=app.id,
            start=datetime(2026, 3, 2, 10, tzinfo=LONDON),
            interviewer_ids=(a.id,),
        )
    )
    changed = dataclasses.replace(
        added,
        start=datetime(2026, 3, 30, 10, tzinfo=LONDON),  # after the clocks went forward
        minutes=90,
        format=InterviewFormat.AI,
        interviewer_ids=(b.id, a.id),
        cancelled=True,
        debrief=Debrief(strengths=("calm",)),
    )
    store.update_interview(changed)
    got = store.get_interview(added.id)
    assert got == changed
    assert got.start.utcoffset() == timedelta(hours=1)
    assert count(store_path(store), "interview_interviewer") == 2

    store.update_interview(dataclasses.replace(changed, interviewer_ids=(), debrief=None))
    assert store.get_interview(added.id).interviewer_ids == ()
    assert store.get_interview(added.id).debrief is None


def test_event_round_trip(store: SqliteStore) -> None:
    app = add_app(store)
    recruiter = add_contact(store, app.id, "Rita", role=ContactRole.RECRUITER)
    event = Event(
        id=0,
        application_id=app.id,
        kind=EventKind.TIMELINE,
        at=datetime(2026, 11, 18, 16, 5, 7, 891, tzinfo=LONDON),
        contact_id=recruiter.id,
        on=date(2026, 11, 27),
        note="Decision by the 27th",
        action_id="1.thanks.i1.c1",
    )
    added = store.add_event(event)
    assert added.id > 0
    assert added == dataclasses.replace(event, id=added.id)
    (got,) = store.list_events(app.id)
    assert got == added
    assert got.at.tzinfo == UTC
    bare = store.add_event(
        Event(id=0, application_id=app.id, kind=EventKind.NOTE, at=utc(2026, 11, 19))
    )
    assert store.list_events(app.id)[-1] == bare
    snoozed = store.add_event(
        Event(id=0, application_id=app.id, kind=EventKind.ACTION_SNOOZED, at=utc(2026, 11, 20),
              action_id="1.thanks.i1.c1", until=datetime(2026, 11, 23, 9, tzinfo=LONDON))
    )  # fmt: skip
    (got_snooze,) = [e for e in store.list_events(app.id) if e.until is not None]
    assert got_snooze == snoozed
    assert got_snooze.until == datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_an_event_can_be_removed_once(store: SqliteStore) -> None:
    app = add_app(store)
    keep = store.add_event(
        Event(id=0, application_id=app.id, kind=EventKind.NOTE, at=utc(2026, 11, 19))
    )
    gone = store.add_event(
        Event(id=0, application_id=app.id, kind=EventKind.AUTO_REPLY, at=utc(2026, 11, 20))
    )
    store.remove_event(gone.id)
    assert store.list_events(app.id) == [keep]
    with pytest.raises(NotFound, match=f"no event with id {gone.id}"):
        store.remove_event(gone.id)


def test_history_gathers_everything_for_one_application(store: SqliteStore) -> None:
    app = add_app(store)
    other = add_app(store, "Other", "Other")
    a = add_contact(store, app.id, "Ann")
    b = add_contact(store, app.id, "Bob", email="bob@acme.example")
    add_contact(store, other.id, "Not me")
    i2 = store.add_interview(
        Interview(id=0, application_id=app.id, start=utc(2026, 2, 10, 15), interviewer_ids=(b.id,))
    )
    i1 = store.add_interview(
        Interview(
            id=0,
            application_id=app.id,
            start=datetime(2026, 2, 3, 9, tzinfo=NEW_YORK),
            interviewer_ids=(b.id, a.id),  # not in id order: the panel's order is kept
            debrief=full_debrief(a.id, b.id),
        )
    )
    store.add_interview(Interview(id=0, application_id=other.id, start=utc(2026, 2, 1)))
    e1 = store.add_event(
        Event(id=0, application_id=app.id, kind=EventKind.APPLIED, at=utc(2026, 1, 20))
    )
    store.add_event(
        Event(id=0, application_id=other.id, kind=EventKind.APPLIED, at=utc(2026, 1, 1))
    )

    history = store.history(app.id)
    assert history == History(application=app, contacts=(a, b), interviews=(i1, i2), events=(e1,))
    with pytest.raises(NotFound, match="no application with id 999"):
        store.history(999)


# --- ids that name nothing ---------------------------------------------------------------
def test_unknown_ids_raise_not_found_naming_kind_and_id(store: SqliteStore) -> None:
    app = add_app(store)
    cases = [
        (lambda: store.get_application(7), "no application with id 7"),
        (lambda: store.get_contact(8), "no contact with id 8"),
        (lambda: store.get_interview(9), "no interview with id 9"),
        (lambda: store.remove_application(10), "no application with id 10"),
        (lambda: store.update_application(Application(11, "X", "Y")), "no application with id 11"),
        (
            lambda: store.update_contact(Contact(12, app.id, "Nobody")),
            "no contact with id 12",
        ),
        (
            lambda: store.update_interview(Interview(13, app.id, utc(2026, 1, 1))),
            "no interview with id 13",
        ),
        (lambda: add_contact(store, 14, "Orphan"), "no application with id 14"),
        (
            lambda: store.add_event(Event(0, 15, EventKind.NOTE, utc(2026, 1, 1))),
            "no application with id 15",
        ),
        (
            lambda: store.add_interview(
                Interview(0, app.id, utc(2026, 1, 1), interviewer_ids=(16,))
            ),
            f"no contact with id 16 on application {app.id}",
        ),
        (lambda: store.replace_plan(17, [], Status.ACTIVE, None), "no application with id 17"),
    ]
    for call, message in cases:
        with pytest.raises(NotFound) as caught:
            call()
        assert caught.value.message == message
        assert caught.value.exit_code == 2
    assert store.cached_action("nope") is None


def test_contacts_of_another_application_are_refused(store: SqliteStore) -> None:
    mine, theirs = add_app(store), add_app(store, "Other", "Other")
    stranger = add_contact(store, theirs.id, "Stranger")
    before = dump(store_path(store))
    with pytest.raises(NotFound, match=f"no contact with id {stranger.id} on application"):
        store.add_event(Event(0, mine.id, EventKind.REPLY, utc(2026, 1, 2), contact_id=stranger.id))
    with pytest.raises(NotFound):
        store.add_interview(Interview(0, mine.id, utc(2026, 1, 2), interviewer_ids=(stranger.id,)))
    assert dump(store_path(store)) == before


def test_add_refuses_a_model_that_already_has_an_id(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="id 0"):
        store.add_application(Application(id=5, company="A", role="B"))


def test_naive_datetimes_are_refused(store: SqliteStore) -> None:
    app = add_app(store)
    with pytest.raises(ValueError, match="naive"):
        store.add_event(Event(0, app.id, EventKind.NOTE, datetime(2026, 1, 1, 9)))


# --- ordering ----------------------------------------------------------------------------
def test_events_are_ordered_by_instant_then_id(store: SqliteStore) -> None:
    app = add_app(store)

    def log(at: datetime, note: str) -> Event:
        return store.add_event(Event(0, app.id, EventKind.NOTE, at, note=note))

    # Inserted out of order; local clock readings disagree with the instants on purpose.
    late = log(datetime(2026, 5, 1, 10, 0, tzinfo=NEW_YORK), "14:00Z")  # 14:00 UTC
    early = log(datetime(2026, 5, 1, 14, 0, tzinfo=LONDON), "13:00Z")  # 13:00 UTC
    tie_b = log(utc(2026, 5, 1, 13, 30), "13:30Z second")
    tie_a_frac = log(utc(2026, 5, 1, 13, 30, 0) + timedelta(microseconds=500_000), "13:30:00.5Z")
    tie_c = log(utc(2026, 5, 1, 13, 30), "13:30Z third")
    assert [e.note for e in store.list_events(app.id)] == [
        early.note,
        tie_b.note,
        tie_c.note,
        tie_a_frac.note,
        late.note,
    ]


def test_interviews_are_ordered_by_start_then_id(store: SqliteStore) -> None:
    app = add_app(store)
    third = store.add_interview(Interview(0, app.id, datetime(2026, 4, 3, 9, tzinfo=NEW_YORK)))
    first = store.add_interview(Interview(0, app.id, datetime(2026, 4, 3, 9, tzinfo=LONDON)))
    second_a = store.add_interview(Interview(0, app.id, utc(2026, 4, 3, 12)))
    second_b = store.add_interview(Interview(0, app.id, utc(2026, 4, 3, 12)))
    assert [i.id for i in store.list_interviews(app.id)] == [
        first.id,
        second_a.id,
        second_b.id,
        third.id,
    ]


# --- cascade -----------------------------------------------------------------------------
def test_remove_application_cascades_to_everything_it_owns(store: SqliteStore) -> None:
    path = store_path(store)
    doomed, kept = add_app(store, "Doomed", "X"), add_app(store, "Kept", "Y")
    for app in (doomed, kept):
        c = add_contact(store, app.id, "Ann")
        i = store.add_interview(Interview(0, app.id, utc(2026, 1, 5, 10), interviewer_ids=(c.id,)))
        store.add_event(Event(0, app.id, EventKind.THANK_YOU_SENT, utc(2026, 1, 6), c.id))
        store.replace_plan(
            app.id,
            [action(app.id, f"{app.id}-a", utc(2026, 1, 7), contact_id=c.id, interview_id=i.id)],
            Status.ACTIVE,
            i.end,
        )
    store.remove_application(doomed.id)

    with pytest.raises(NotFound):
        store.get_application(doomed.id)
    for table in ("contact", "interview", "event", "plan_action"):
        assert count(path, table, f"application_id = {doomed.id}") == 0
        assert count(path, table, f"application_id = {kept.id}") == 1
    assert count(path, "interview_interviewer") == 1
    assert store.history(kept.id).interviews[0].interviewer_ids != ()


def test_foreign_keys_are_enforced_on_the_store_connection(store: SqliteStore) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store._conn.execute(
            "INSERT INTO contact (application_id, name, role) VALUES (424242, 'x', 'recruiter')"
        )


# --- transactions ------------------------------------------------------------------------
class Boom(Exception):
    pass


def test_an_exception_inside_transaction_rolls_everything_back(store: SqliteStore) -> None:
    path = store_path(store)
    app = add_app(store)
    store.set_plan_basis("v1")
    before = dump(path)

    def half_done() -> None:
        with store.transaction():
            other = add_app(store, "Half", "Done")
            add_contact(store, other.id, "Ann")
            store.add_event(Event(0, app.id, EventKind.REPLY, utc(2026, 2, 1), note="hi"))
            store.update_application(dataclasses.replace(app, notes="changed"))
            store.replace_plan(app.id, [action(app.id, "x", utc(2026, 2, 2))], Status.OFFER, None)
            store.set_plan_basis("v2")
            store.remove_application(app.id)
            assert count(path, "application") == 1  # another connection sees nothing yet
            raise Boom

    with pytest.raises(Boom):
        half_done()

    assert dump(path) == before
    assert store.get_application(app.id) == app
    assert store.plan_basis() == "v1"
    # The store is usable afterwards and the next transaction commits.
    with store.transaction():
        add_app(store, "After", "Z")
    assert count(path, "application") == 2


def test_nested_transactions_join_the_outer_one(store: SqliteStore) -> None:
    path = store_path(store)
    before = dump(path)

    def inner_then_boom() -> None:
        with store.transaction():
            with store.transaction():
                add_app(store, "Inner", "X")
            assert count(path, "application") == 0  # not committed: the outer block decides
            raise Boom

    with pytest.raises(Boom):
        inner_then_boom()
    assert dump(path) == before

    with store.transaction():
        with store.transaction():
            add_app(store, "Inner", "X")
        add_app(store, "Outer", "Y")
    assert count(path, "application") == 2


def test_two_stores_on_one_file_see_each_others_commits(db_path: Path) -> None:
    with SqliteStore(db_path) as one, SqliteStore(db_path) as two:
        with one.transaction():
            app = add_app(one)
            assert two.application_ids() == []  # uncommitted writes stay private
        assert two.get_application(app.id) == app

        c = add_contact(two, app.id, "Ann")
        assert one.list_contacts(app.id) == [c]
        two.set_plan_basis("basis-2")
        assert one.plan_basis() == "basis-2"


def test_a_writer_waits_for_the_other_writer_then_fails_cleanly(db_path: Path) -> None:
    from followup.domain.errors import Busy, OutsideFailure

    with SqliteStore(db_path) as one, SqliteStore(db_path, busy_timeout=0.3) as two:
        with one.transaction():
            add_app(one)
            started = monotonic()
            waited = pytest.raises(Busy, match=r"stayed locked by another writer for 0\.3 s")
            with waited, two.transaction():
                add_app(two)
            assert 0.3 <= monotonic() - started < 2
            assert issubclass(Busy, OutsideFailure)  # exit status 1
        with two.transaction():
            add_app(two)
        assert len(one.application_ids()) == 2


def test_a_write_inside_a_read_snapshot_is_refused(store: SqliteStore) -> None:
    """A deferred read that turns into a write fails at once under load (SQLITE_BUSY with
    no wait): every write is an IMMEDIATE transaction of its own, never inside ``reading``."""
    with store.reading(), pytest.raises(RuntimeError, match="inside a read snapshot"):
        add_app(store)
    add_app(store)  # the snapshot ended; the store works
    assert len(store.application_ids()) == 1


def test_a_lock_released_within_the_budget_is_waited_for(db_path: Path) -> None:
    import threading

    holding = threading.Event()

    def hold() -> None:  # another process's write, as long as one try in SQLite's handler
        with SqliteStore(db_path) as one, one.transaction():
            add_app(one, "First")
            holding.set()
            threading.Event().wait(1.5)

    SqliteStore(db_path).close()  # the schema, before either writes
    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(5)
    with SqliteStore(db_path, busy_timeout=10) as two:
        started = monotonic()
        add_app(two, "Second")
        assert monotonic() - started >= 1.0
        thread.join()
        assert [r.application.company for r in two.list_applications()] == ["First", "Second"]


# --- plan cache --------------------------------------------------------------------------
def test_every_change_to_a_history_makes_its_plan_stale(store: SqliteStore) -> None:
    """The revision moves in the transaction of every change the planner reads, for the
    application changed and no other; a plan records the revision it was made from."""
    app, other = add_app(store), add_app(store, "Globex")
    assert store.stale_plans() == [(app.id, 0), (other.id, 0)]  # never planned
    store.replace_plan(other.id, [], Status.ACTIVE, None)
    store.replace_plan(app.id, [], Status.ACTIVE, None)
    assert store.stale_plans() == []
    jane = add_contact(store, app.id, "Jane")
    interview = store.add_interview(
        Interview(0, app.id, datetime(2026, 11, 20, 14, tzinfo=NEW_YORK), 60,
                  InterviewFormat.VIDEO, (jane.id,))
    )  # fmt: skip
    event = store.add_event(Event(0, app.id, EventKind.REPLY, utc(2026, 11, 21)))
    writes = [
        lambda: store.update_application(dataclasses.replace(app, notes="agency now")),
        lambda: store.update_contact(dataclasses.replace(jane, phone="+1 555 0100")),
        lambda: store.update_interview(dataclasses.replace(interview, cancelled=True)),
        lambda: store.remove_event(event.id),
    ]
    rev = 3  # the contact, the interview and the event so far
    for write in writes:
        [(stale, seen)] = store.stale_plans()
        assert (stale, seen) == (app.id, rev)
        store.replace_plan(app.id, [], Status.ACTIVE, None)
        assert store.stale_plans() == []
        write()
        rev += 1
    assert store.stale_plans() == [(app.id, rev)]
    assert other.id not in dict(store.stale_plans())


def test_a_plan_of_an_older_revision_is_refused(store: SqliteStore) -> None:
    app = add_app(store)
    [(_, rev)] = store.stale_plans()
    store.add_event(Event(0, app.id, EventKind.REPLY, utc(2026, 11, 21)))  # meanwhile
    late = [action(app.id, "late", utc(2026, 12, 1))]
    assert store.replace_plan(app.id, late, Status.ACTIVE, None, rev=rev) is False
    assert store.cached_plan(app.id) == []
    assert store.stale_plans() == [(app.id, rev + 1)]
    assert store.replace_plan(app.id, late, Status.ACTIVE, None, rev=rev + 1) is True
    assert store.cached_plan(app.id) == late
    assert store.stale_plans() == []
    # An application removed meanwhile: nothing to write, and no error.
    store.remove_application(app.id)
    assert store.replace_plan(app.id, late, Status.ACTIVE, None, rev=rev + 1) is False


def test_invalidating_makes_every_plan_stale_and_refuses_plans_in_flight(
    store: SqliteStore,
) -> None:
    ids = [add_app(store, f"Company {n}").id for n in range(5)]
    for app_id in ids:
        store.replace_plan(app_id, [], Status.ACTIVE, None)
    in_flight = dict(store.stale_plans()) or dict.fromkeys(ids, 0)
    store.invalidate_plans()
    assert [app_id for app_id, _ in store.stale_plans()] == ids
    assert not store.replace_plan(ids[0], [], Status.ACTIVE, None, rev=in_flight[ids[0]])
    # Read in pages, and among some ids only.
    assert [a for a, _ in store.stale_plans(after=ids[1], limit=2)] == ids[2:4]
    assert [a for a, _ in store.stale_plans([ids[4], ids[0]])] == [ids[0], ids[4]]
    assert store.stale_plans([]) == []


def test_replace_plan_round_trips_every_action_field(store: SqliteStore) -> None:
    app = add_app(store)
    c = add_contact(store, app.id, "Ann")
    i = store.add_interview(Interview(0, app.id, utc(2026, 3, 2, 14), interviewer_ids=(c.id,)))
    rich = Action(
        id=f"{app.id}-fu2",
        kind=ActionKind.PHONE_FOLLOW_UP,
        application_id=app.id,
        contact_id=c.id,
        channel=Channel.PHONE,
        earliest=datetime(2026, 3, 20, 9, tzinfo=NEW_YORK),
        due=datetime(2026, 3, 20, 10, 30, tzinfo=NEW_YORK),
        latest=datetime(2026, 3, 24, 17, tzinfo=NEW_YORK),
        why="Follow-up 2: a short call stands out.",
        expires=utc(2026, 4, 1),
        interview_id=i.id,
        step=2,
    )
    bare = action(app.id, f"{app.id}-ty", utc(2026, 3, 3, 9), kind=ActionKind.DEBRIEF)
    store.replace_plan(app.id, [rich, bare], Status.ACTIVE, i.end)

    assert store.cached_plan(app.id) == [bare, rich]  # by due
    assert store.cached_action(rich.id) == rich
    got = store.cached_action(rich.id)
    assert got is not None
    assert got.due.tzinfo == UTC
    (row,) = store.list_applications()
    assert row == ApplicationRow(
        application=app, base_status=Status.ACTIVE, first_interview_end=i.end, next_due=bare.due
    )


def test_replace_plan_replaces_and_clears(store: SqliteStore) -> None:
    app, other = add_app(store), add_app(store, "Other", "Other")
    theirs = action(other.id, "o-1", utc(2026, 1, 1))
    store.replace_plan(other.id, [theirs], Status.ACTIVE, None)
    store.replace_plan(
        app.id,
        [action(app.id, "a-1", utc(2026, 1, 3)), action(app.id, "a-2", utc(2026, 1, 2))],
        Status.ACTIVE,
        None,
    )
    store.replace_plan(app.id, [action(app.id, "a-3", utc(2026, 1, 9))], Status.OFFER, None)
    assert [a.id for a in store.cached_plan(app.id)] == ["a-3"]
    assert store.cached_action("a-1") is None
    rows = {r.application.id: r for r in store.list_applications()}
    assert rows[app.id].base_status is Status.OFFER
    assert rows[app.id].next_due == utc(2026, 1, 9)

    store.replace_plan(app.id, [], Status.REJECTED, utc(2026, 1, 1, 11))
    assert store.cached_plan(app.id) == []
    rows = {r.application.id: r for r in store.list_applications()}
    assert rows[app.id] == ApplicationRow(app, Status.REJECTED, utc(2026, 1, 1, 11), None)
    assert store.cached_plan(other.id) == [theirs]  # untouched


def test_list_applications_defaults_before_any_plan(store: SqliteStore) -> None:
    a, b = add_app(store, "A", "x"), add_app(store, "B", "y")
    assert store.list_applications() == [
        ApplicationRow(a, Status.ACTIVE, None, None),
        ApplicationRow(b, Status.ACTIVE, None, None),
    ]


def test_replace_plan_refuses_actions_of_another_application(store: SqliteStore) -> None:
    app = add_app(store)
    with pytest.raises(ValueError, match="belongs to application"):
        store.replace_plan(app.id, [action(app.id + 1, "z", utc(2026, 1, 1))], Status.ACTIVE, None)


def test_due_actions_filters_by_due_and_expiry_and_orders_by_due_then_id(
    store: SqliteStore,
) -> None:
    now = utc(2026, 6, 10, 12)
    until = utc(2026, 6, 10, 23, 59, 59)
    acme, globex = add_app(store, "Acme", "Engineer"), add_app(store, "Globex", "SRE")
    ann = add_contact(store, acme.id, "Ann")
    store.replace_plan(
        acme.id,
        [
            action(acme.id, "a-b", utc(2026, 6, 9, 9), contact_id=ann.id),  # overdue, no expiry
            action(acme.id, "a-a", utc(2026, 6, 9, 9)),  # same due: id decides
            action(acme.id, "a-expired", utc(2026, 6, 8), expires=utc(2026, 6, 9)),
            action(acme.id, "a-expires-now", utc(2026, 6, 8), expires=now),  # expires == now
            action(acme.id, "a-live", utc(2026, 6, 10, 13), expires=now + timedelta(seconds=1)),
            action(acme.id, "a-at-until", until),  # due == until counts
            action(acme.id, "a-tomorrow", until + timedelta(microseconds=1)),
        ],
        Status.ACTIVE,
        None,
    )
    store.replace_plan(
        globex.id,
        # 10:00 in New York is 14:00 UTC: after a-live (13:00 UTC) despite the wall clock.
        [action(globex.id, "g-1", datetime(2026, 6, 10, 10, tzinfo=NEW_YORK))],
        Status.ACTIVE,
        None,
    )

    due = list(store.due_actions(until, now))
    assert [d.action.id for d in due] == ["a-a", "a-b", "a-live", "g-1", "a-at-until"]
    assert due[1] == DueAction(
        action=store.cached_action("a-b"),  # type: ignore[arg-type]
        company="Acme",
        role="Engineer",
        contact_name="Ann",
    )
    assert (due[3].company, due[3].role, due[3].contact_name) == ("Globex", "SRE", None)
    assert due[3].action.due == datetime(2026, 6, 10, 10, tzinfo=NEW_YORK)
    assert list(store.due_actions(utc(2026, 1, 1), now)) == []


def test_the_due_query_uses_the_due_index(store: SqliteStore) -> None:
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN " + DUE_ACTIONS_SQL, ("2026-01-01T00:00:00.000000Z",) * 2
    ).fetchall()
    details = " | ".join(str(step[-1]) for step in plan)
    assert "plan_action_due" in details
    assert "TEMP B-TREE" not in details  # already in (due, id) order: no sort
    assert "USING INTEGER PRIMARY KEY" in details  # the joins are primary-key lookups


def test_plan_basis_round_trip(store: SqliteStore, db_path: Path) -> None:
    assert store.plan_basis() is None
    store.set_plan_basis("planner=1;policy=abc")
    assert store.plan_basis() == "planner=1;policy=abc"
    store.set_plan_basis("planner=2;policy=abc")
    assert store.plan_basis() == "planner=2;policy=abc"
    assert count(db_path, "meta") == 1
    with SqliteStore(db_path) as again:
        assert again.plan_basis() == "planner=2;policy=abc"


def test_instants_are_stored_as_fixed_width_utc_text(store: SqliteStore, db_path: Path) -> None:
    app = add_app(store)
    store.add_event(Event(0, app.id, EventKind.NOTE, datetime(2026, 7, 1, 9, tzinfo=LONDON)))
    with raw(db_path) as conn:
        (at,) = conn.execute("SELECT at FROM event").fetchone()
    assert at == "2026-07-01T08:00:00.000000Z"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_exists(store: SqliteStore, db_path: Path, table: str) -> None:
    assert count(db_path, table) == 0
