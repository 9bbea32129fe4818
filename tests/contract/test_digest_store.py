"""The ``DigestRepo`` part of the ``Store`` port (issue 15), held against every store."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup.domain.digest import DayStatus, DigestDay, DigestSetting
from followup.services.ports import Store

LONDON = ZoneInfo("Europe/London")


class Boom(Exception):
    pass


def test_the_setting_is_off_until_saved_and_then_kept(store: Store) -> None:
    assert store.get_digest_setting() == DigestSetting(at=None, port=8765)
    with store.transaction():
        store.save_digest_setting(DigestSetting(at=time(7, 30), port=9000))
    assert store.get_digest_setting() == DigestSetting(at=time(7, 30), port=9000)
    with store.transaction():
        store.save_digest_setting(DigestSetting(at=None, port=9000))
    assert store.get_digest_setting() == DigestSetting(at=None, port=9000)


def test_a_day_is_kept_by_its_date_with_instants_in_utc(store: Store) -> None:
    day = date(2026, 11, 23)
    assert store.digest_day(day) is None
    marked = datetime(2026, 11, 23, 7, 30, tzinfo=LONDON)
    claim = DigestDay(day, DayStatus.SENDING, marked, message_id="<a@b>", items=3)
    with store.transaction():
        store.save_digest_day(claim)
    got = store.digest_day(day)
    assert got == claim
    assert got is not None
    assert got.marked_at.utcoffset() == UTC.utcoffset(None)
    sent = DigestDay(day, DayStatus.SENT, marked, sent_at=marked, message_id="<a@b>", items=3)
    with store.transaction():
        store.save_digest_day(sent)  # replaces the day's row
    assert store.digest_day(day) == sent
    assert store.digest_day(date(2026, 11, 24)) is None


def test_a_claim_rolled_back_is_not_kept(store: Store) -> None:
    day = date(2026, 11, 23)

    def claim_then_fail() -> None:
        with store.transaction():
            store.save_digest_day(
                DigestDay(day, DayStatus.SENDING, datetime(2026, 11, 23, tzinfo=UTC))
            )
            raise Boom

    with pytest.raises(Boom):
        claim_then_fail()
    assert store.digest_day(day) is None
