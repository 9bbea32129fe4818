"""Status is derived from events; policy values validate themselves."""

from __future__ import annotations

import pytest

from followup.domain.errors import BadInput
from followup.domain.model import EventKind, Status
from followup.domain.policy import POLICY_DOCS, Policy
from followup.domain.status import derive_status

from .builders import Scenario, at


def test_status_follows_events_and_the_clock() -> None:
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    assert derive_status(s.history(), at("2026-11-17 09:00")) is Status.ACTIVE
    assert derive_status(s.history(), at("2026-11-17 11:00")) is Status.AWAITING
    s.log(EventKind.OFFER, at("2026-11-20 10:00"))
    assert derive_status(s.history(), at("2026-11-21 10:00")) is Status.OFFER
    s.log(EventKind.DECLINED, at("2026-11-22 10:00"))
    assert derive_status(s.history(), at("2026-11-23 10:00")) is Status.DECLINED


def test_closed_reopens_on_an_answer() -> None:
    s = Scenario()
    s.log(EventKind.CLOSED, at("2026-12-01 10:00"))
    assert derive_status(s.history(), at("2026-12-02 10:00")) is Status.CLOSED
    s.log(EventKind.REPLY, at("2026-12-05 10:00"))
    assert derive_status(s.history(), at("2026-12-06 10:00")) is Status.ACTIVE


def test_policy_from_mapping_validates() -> None:
    assert Policy.from_mapping({"cadence_days": 10}).cadence_days == 10
    with pytest.raises(BadInput, match="unknown policy setting cadense_days"):
        Policy.from_mapping({"cadense_days": 10})
    with pytest.raises(BadInput, match="whole number"):
        Policy.from_mapping({"cadence_days": "ten"})
    with pytest.raises(BadInput, match="at least 1"):
        Policy(max_follow_ups=0)
    with pytest.raises(BadInput, match="less than"):
        Policy(thank_you_earliest_hours=48, thank_you_latest_hours=24)


def test_every_policy_value_is_documented() -> None:
    assert set(POLICY_DOCS) == set(Policy().as_dict())


def test_enum_parse_accepts_dashes_and_lists_choices() -> None:
    assert EventKind.parse("Thank-You-Sent") is EventKind.THANK_YOU_SENT
    with pytest.raises(ValueError, match="use one of: applied, thank-you-sent"):
        EventKind.parse("thanked")
