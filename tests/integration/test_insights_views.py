"""The Insights page's aggregate query gives the very figures of the history-by-history
definition (``insights.insights``), on real SQLite files: a generated search of the
benchmark's kind, and stores of any events hypothesis can think of (ties included)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import bootstrap
from followup.domain.kinds import EventKind, InterviewFormat
from followup.domain.model import Event, Interview
from followup.services import applications, insights, profile
from followup.services.planning import refresh

BENCH = Path(__file__).resolve().parents[2] / "bench"
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def both(at: bootstrap.Settings) -> tuple[insights.Insights, insights.Insights]:
    with bootstrap.session(at) as ctx:
        old = insights.insights(ctx)
    with bootstrap.read_session(at) as read:
        new = insights.from_views(read.views, read.now)
    return old, new


def test_a_generated_search_gives_the_same_figures(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(BENCH / "make_db.py"), "--applications", "120", "--years", "0.5",
         "--out", str(db), "--now", "2026-11-23T10:00:00+00:00"],
        check=True, capture_output=True,
    )  # fmt: skip
    for now in ("2026-11-23T10:00:00+00:00", "2026-06-01T00:00:00+00:00", "2027-03-01T12:00"):
        old, new = both(bootstrap.Settings(db=str(db), config=None, now=now))
        assert new == old, now
        assert old.answered > 0  # figures worth comparing, not all empty
        assert old.funnel[1].count > 0


KINDS = st.sampled_from(list(EventKind))
DAYS = st.integers(0, 40).map(lambda h: h / 4)  # quarter days: many ties
ROUND = st.tuples(DAYS, st.integers(15, 120), st.booleans())  # start, minutes, cancelled
APP = st.tuples(st.lists(st.tuples(KINDS, DAYS), max_size=8), st.lists(ROUND, max_size=3))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(APP, max_size=6), DAYS)
def test_any_store_gives_the_same_figures(
    apps: list[tuple[list[tuple[EventKind, float]], list[tuple[float, int, bool]]]], now: float
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        at = bootstrap.Settings(db=f"{folder}/f.db", config=None, now=str(T0 + timedelta(now)))
        with bootstrap.session(at) as ctx:
            profile.update_profile(
                ctx, profile.ProfileChanges(name="A", email="a@example.org", timezone="UTC")
            )
            for events, rounds in apps:
                app_id = applications.add_application(ctx, "Acme", "Engineer").id
                with ctx.store.transaction():
                    for kind, day in events:
                        ctx.store.add_event(
                            Event(id=0, application_id=app_id, kind=kind, at=T0 + timedelta(day))
                        )
                    for day, minutes, cancelled in rounds:
                        ctx.store.add_interview(
                            Interview(
                                id=0, application_id=app_id, start=T0 + timedelta(day),
                                minutes=minutes, format=InterviewFormat.VIDEO, cancelled=cancelled,
                            )
                        )  # fmt: skip
                    refresh(ctx, [app_id])
        old, new = both(at)
        assert new == old


def test_the_page_shows_the_figures_of_a_store_without_a_profile(tmp_path: Path) -> None:
    """No profile: nothing planned, no status columns kept, so the page reads histories."""
    from starlette.testclient import TestClient

    from followup.web.app import create_app

    at = bootstrap.Settings(db=str(tmp_path / "f.db"), config=None, now="2026-11-23T10:00")
    with bootstrap.session(at) as ctx:
        app_id = applications.add_application(ctx, "Acme", "Engineer").id
        with ctx.store.transaction():
            for kind, day in ((EventKind.APPLIED, 0), (EventKind.OFFER, 3)):
                ctx.store.add_event(Event(0, app_id, kind, T0 + timedelta(day)))
        assert insights.insights(ctx).funnel[2].count == 1
    token = "t" * 43
    client = TestClient(create_app(at, token), base_url="http://127.0.0.1:8765")
    page = client.get("/insights", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200, page.text
    assert "1 of 1 heard back" in page.text
