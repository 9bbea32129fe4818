"""The ``CaldavRepo`` part of the ``Store`` port (issue 15), held against every store."""

from __future__ import annotations

import pytest

from followup.domain.caldav import CaldavAccount, PushedEvent
from followup.services.ports import Store

ACCOUNT = CaldavAccount("https://dav.example/", "ada", "followup", "https://dav.example/ada/f/")


class Boom(Exception):
    pass


def pushed(uid: str, sequence: int = 1) -> PushedEvent:
    return PushedEvent(uid, f"https://dav.example/ada/f/{uid}.ics", '"e1"', sequence, "fp")


def test_the_account_is_none_until_saved_then_kept(store: Store) -> None:
    assert store.get_caldav_account() is None
    store.save_caldav_account(ACCOUNT)
    assert store.get_caldav_account() == ACCOUNT
    nopass = CaldavAccount(ACCOUNT.url, "bob", "work", ACCOUNT.calendar_url, password=False)
    store.save_caldav_account(nopass)
    assert store.get_caldav_account() == nopass


def test_the_record_of_pushed_events_adds_replaces_and_forgets(store: Store) -> None:
    store.save_caldav_account(ACCOUNT)
    store.record_caldav([pushed("a@x.followup"), pushed("b@x.followup")], [])
    store.record_caldav([pushed("a@x.followup", 5)], ["b@x.followup", "never@x.followup"])
    assert store.caldav_events() == {"a@x.followup": pushed("a@x.followup", 5)}
    # The same calendar again keeps the record; another calendar starts it afresh.
    store.save_caldav_account(ACCOUNT)
    assert list(store.caldav_events()) == ["a@x.followup"]
    store.save_caldav_account(CaldavAccount(ACCOUNT.url, "ada", "other", "https://dav.example/o/"))
    assert store.caldav_events() == {}


def test_a_failed_transaction_records_nothing(store: Store) -> None:
    def record_then_fail() -> None:
        with store.transaction():
            store.record_caldav([pushed("a@x.followup")], [])
            raise Boom

    with pytest.raises(Boom):
        record_then_fail()
    assert store.caldav_events() == {}
