"""The invitations port (issue 15) behaves the same on the fake and on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import NotFound
from followup.domain.inbox import InboxItem
from followup.domain.invitation import Invitation, Method, Person, Recorded
from followup.domain.matching import Strength
from followup.domain.model import Application, Interview, InterviewFormat
from followup.services.ports import Store

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 12, 14, 10, 0, tzinfo=BERLIN)


def setup(store: Store) -> tuple[int, int]:
    with store.transaction():
        app = store.add_application(Application(0, "Initech", "Engineer"))
        interview = store.add_interview(Interview(0, app.id, START))
        item = store.add_inbox_item(
            InboxItem(
                id=0, mail_id="<m@x>", folder="INBOX", uid=1, application_id=app.id,
                contact_id=None, strength=Strength.PROBABLE, match_reason="r", from_address=None,
                from_name=None, subject="s", date=None, kind="invitation", on=None,
                confidence=1.0, reasons=(), found_at=datetime(2026, 12, 1, tzinfo=UTC),
            )
        )  # fmt: skip
    return interview.id, item.id


def test_recorded_invitations_insert_replace_and_go_with_their_interview(store: Store) -> None:
    interview_id, _ = setup(store)
    assert store.recorded_invitation("u-1") is None
    store.record_invitation(Recorded("u-1", interview_id, 0))
    store.record_invitation(Recorded("u-1", interview_id, 3))
    assert store.recorded_invitation("u-1") == Recorded("u-1", interview_id, 3)
    with pytest.raises(NotFound):
        store.record_invitation(Recorded("u-2", 999, 0))
    assert store.recorded_invitation("u-2") is None
    with store.transaction():
        store.remove_application(1)
    assert store.recorded_invitation("u-1") is None


def test_a_proposed_invitation_round_trips_with_its_zone(store: Store) -> None:
    _, item_id = setup(store)
    invitation = Invitation(
        uid="u-1", sequence=2, method=Method.REQUEST, start=START,
        end=START + timedelta(minutes=90), zone="Europe/Berlin", summary="Gespräch \u2013 Initech",
        organizer=Person("k@initech.de", "Katrin Vogel"),
        attendees=(Person("j@initech.de", None), Person("l@initech.de", "Dr. Leila Haddad")),
        location="Friedrichstraße 123", format=InterviewFormat.IN_PERSON, cancelled=False,
    )  # fmt: skip
    assert store.proposed_invitation(item_id) is None
    store.propose_invitation(item_id, invitation)
    back = store.proposed_invitation(item_id)
    assert back == invitation
    assert back is not None
    assert str(back.start.tzinfo) == "Europe/Berlin"
    with pytest.raises(NotFound):
        store.propose_invitation(item_id + 100, invitation)
