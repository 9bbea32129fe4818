"""``domain.caldav``: which events a sync puts and deletes, and under which SEQUENCE."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.caldav import ForeignEvent as Foreign
from followup.domain.caldav import PushedEvent, changes, fingerprint, foreign, is_ours
from followup.domain.calendar_rows import CalendarEvent

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def event(n: int, *, rev: int = 1, shift: int = 0) -> CalendarEvent:
    start = T0 + timedelta(hours=n, minutes=shift)
    return CalendarEvent(
        uid=f"action-{n}.thanks@abc.followup",
        sequence=rev,
        start=start,
        end=start + timedelta(minutes=15),
        summary=f"Thank-you {n}",
        description="why",
        url="http://127.0.0.1:8765/applications/1",
        alarm=timedelta(0),
        what="action",
        application_id=1,
        kind="thank-you",
        company="Acme",
        role="Data Engineer",
    )


def record(e: CalendarEvent) -> PushedEvent:
    return PushedEvent(e.uid, f"/cal/{e.uid}.ics", '"x"', e.sequence, fingerprint(e))


def test_new_events_are_put_and_a_second_look_puts_nothing() -> None:
    events = [event(1), event(2)]
    first = changes(events, {})
    assert [p.event for p in first.puts] == events
    assert all(p.before is None for p in first.puts)
    assert changes(events, {e.uid: record(e) for e in events}).empty


def test_a_new_revision_alone_sends_nothing_a_move_does_with_a_higher_sequence() -> None:
    kept = {event(1).uid: record(event(1, rev=3))}
    assert changes([event(1, rev=7)], kept).empty  # a sibling changed: same content
    (moved,) = changes([event(1, rev=7, shift=30)], kept).puts
    assert moved.event.sequence == 7
    # content changed without a new revision (a draft's link): still one more than before
    (linked,) = changes([dataclasses.replace(event(1, rev=3), url="http://x/drafts/4")], kept).puts
    assert linked.event.sequence == 4


def test_gone_events_are_deleted_and_only_ours() -> None:
    kept = {e.uid: record(e) for e in (event(1), event(2))}
    kept["someone-else@example.org"] = PushedEvent("someone-else@example.org", "/x", None, 1, "")
    todo = changes([event(2)], kept)
    assert [d.uid for d in todo.deletes] == [event(1).uid]
    assert not todo.puts


def test_only_our_domain_is_ours() -> None:
    assert is_ours("action-1@abc.followup")
    assert not is_ours("dinner@example.org")
    assert not is_ours("x.followup@example.org")
    seen = [
        Foreign("interview-3@abc.followup", "ours", T0, 60, ()),
        Foreign("mine@example.org", "mine", T0, 60, ()),
    ]
    assert [e.uid for e in foreign(seen)] == ["mine@example.org"]


@given(
    st.sets(st.integers(0, 30)),
    st.sets(st.integers(0, 30)),
    st.dictionaries(st.integers(0, 30), st.integers(-60, 60)),
)
def test_after_a_sync_the_record_is_the_plan(
    before: set[int], now: set[int], shifts: dict[int, int]
) -> None:
    """Whatever was pushed, applying the changes leaves exactly the plan's events recorded,
    each SEQUENCE never lower than the server's copy, and a second look finds nothing."""
    kept = {event(n).uid: record(event(n)) for n in before}
    plan = [event(n, shift=shifts.get(n, 0)) for n in sorted(now)]
    todo = changes(plan, kept)
    after = dict(kept)
    for p in todo.puts:
        if p.before is not None:
            assert p.event.sequence > p.before.sequence
        after[p.event.uid] = dataclasses.replace(record(p.event), fingerprint=p.fingerprint)
    for d in todo.deletes:
        del after[d.uid]
    assert set(after) == {e.uid for e in plan}
    assert changes(plan, after).empty
