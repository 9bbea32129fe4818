"""Which overdue actions have lapsed (``domain.lapse``): a pure rule of kind, window, stage
and ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.kinds import ActionKind, Status
from followup.domain.lapse import LAPSED_AFTER, STILL_OWED, lapsed

CLOSED = datetime(2026, 11, 10, 17, 0, tzinfo=UTC)


def test_a_linkedin_note_lapses_at_the_offer_stage_once_its_window_closed() -> None:
    after = CLOSED + timedelta(hours=1)
    assert lapsed(ActionKind.LINKEDIN_CONNECT, CLOSED, after, Status.OFFER)
    assert not lapsed(ActionKind.LINKEDIN_CONNECT, CLOSED, after, Status.AWAITING)
    assert not lapsed(ActionKind.LINKEDIN_CONNECT, CLOSED, CLOSED, Status.OFFER)  # still open


def test_anything_lapses_two_weeks_after_its_window_closed_except_what_is_owed() -> None:
    late = CLOSED + LAPSED_AFTER
    assert lapsed(ActionKind.STATUS_INQUIRY, CLOSED, late, None)
    assert not lapsed(ActionKind.STATUS_INQUIRY, CLOSED, late - timedelta(minutes=1), None)
    for kind in STILL_OWED:
        assert not lapsed(kind, CLOSED, late + timedelta(days=365), Status.OFFER)


@given(
    st.sampled_from(list(ActionKind)),
    st.timedeltas(timedelta(days=-60), timedelta(days=60)),
    st.sampled_from([None, *Status]),
)
def test_lapsed_only_once_closed_and_never_unlapses_later(
    kind: ActionKind, offset: timedelta, status: Status | None
) -> None:
    now = CLOSED + offset
    if lapsed(kind, CLOSED, now, status):
        assert now > CLOSED
        assert lapsed(kind, CLOSED, now + timedelta(days=1), status)


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.AWAITING])
def test_a_fresh_overdue_action_at_an_early_stage_stays_in_view(status: Status) -> None:
    assert not lapsed(ActionKind.THANK_YOU, CLOSED, CLOSED + timedelta(days=2), status)
