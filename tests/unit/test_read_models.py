"""The read model behind ``today --json`` and ``plan --json`` (DESIGN section 5)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import BadInput, NotFound
from followup.domain.read_rows import (
    AlertRow,
    ApplicationHeadRow,
    DueActionRow,
    EventRow,
    PlanActionRow,
)
from followup.services import read_models

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 7, 20, 10, 0, tzinfo=LONDON)
DUE = "2026-07-21T08:00:00.000000Z"
ACTION_KEYS = {
    "id", "kind", "application_id", "contact_id", "channel", "earliest", "due", "latest", "why",
}  # fmt: skip


def row(aid: str, kind: str, due: str, app: int = 1) -> PlanActionRow:
    return PlanActionRow(
        aid, kind, app, 5, "email", due, due, "2026-07-23T16:00:00.000000Z", "Because."
    )


class FakeViews:
    """Rows as the SQLite views hand them back; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[object, ...]] = []

    def close(self) -> None: ...

    def plan_basis(self) -> str | None:
        return "basis"

    def profile_timezone(self) -> str | None:
        return "Europe/London"

    def due_actions(self, until: datetime, now: datetime) -> list[DueActionRow]:
        self.asked.append(("due", until, now))
        return [
            DueActionRow(*row("1.thanks.i1.c5", "thank_you", DUE), "Acme", "Eng", None),
            DueActionRow(*row("2.debrief.i2", "debrief", DUE, 2), "Globex", "PM", None),
        ]  # neither expires

    def application(self, app_id: int) -> ApplicationHeadRow | None:
        if app_id != 1:
            return None
        return ApplicationHeadRow(1, "Acme", "Engineer", "active", "2026-07-17T10:00:00.000000Z")

    def plan_actions(self, app_id: int, now: datetime) -> list[PlanActionRow]:
        self.asked.append(("plan", app_id, now))
        return [row("1.follow-up.i1.1", "status_inquiry", "2026-07-27T08:00:00.000000Z")]

    def events(self, app_id: int) -> list[EventRow]:
        return [
            EventRow(
                3, "timeline", "2026-07-18T13:00:00.000000Z", 5, "2026-07-24", "By Friday", None
            ),
            EventRow(
                *(4, "action_snoozed", "2026-07-20T08:00:00.000000Z", None, None, None),
                "2026-07-27T00:00:00.000000Z",
            ),
        ]

    def alerts(self) -> list[AlertRow]:
        return [AlertRow(4, 1, "jo@acme.example", "Undelivered", "2026-07-20T09:00:00.000000Z")]


def test_today_lists_due_actions_with_company_and_role_in_the_users_zone() -> None:
    fake = FakeViews()
    out = read_models.today(fake, NOW, LONDON, days=7)
    assert fake.asked == [("due", datetime(2026, 7, 27, 10, 0, tzinfo=LONDON), NOW)]
    actions = out["actions"]
    assert isinstance(actions, list)
    assert [set(a) for a in actions] == [ACTION_KEYS | {"company", "role"}] * 2
    first = actions[0]
    assert first["kind"] == "thank-you"
    assert first["due"] == "2026-07-21T09:00:00+01:00"  # BST, the user's clock
    assert (first["company"], first["role"]) == ("Acme", "Eng")
    assert out["alerts"] == [
        {
            "kind": "bounce",
            "item_id": 4,
            "application_id": 1,
            "address": "jo@acme.example",
            "text": "mail to jo@acme.example bounced (application 1, inbox item 4): "
            "check the address before writing again",
        }
    ]
    json.dumps(out)


def test_plan_has_exactly_the_agreed_keys_and_the_status_at_now() -> None:
    out = read_models.plan(FakeViews(), 1, NOW, LONDON)
    assert set(out) == {"application", "actions", "events"}
    # Cached "active" with an interview behind it: awaiting, as the domain's rule says.
    assert out["application"] == {
        "id": 1,
        "company": "Acme",
        "role": "Engineer",
        "status": "awaiting",
    }
    actions = out["actions"]
    assert isinstance(actions, list)
    assert set(actions[0]) == ACTION_KEYS
    assert actions[0]["kind"] == "status-inquiry"
    assert out["events"] == [
        {
            "id": 3,
            "kind": "timeline",
            "at": "2026-07-18T14:00:00+01:00",
            "contact_id": 5,
            "on": "2026-07-24",
            "note": "By Friday",
        },
        {  # a snooze says until when; no other event has the key
            "id": 4,
            "kind": "action-snoozed",
            "at": "2026-07-20T09:00:00+01:00",
            "contact_id": None,
            "on": None,
            "note": None,
            "until": "2026-07-27T01:00:00+01:00",
        },
    ]


def test_unknown_application_and_bad_days_are_bad_input() -> None:
    with pytest.raises(NotFound, match="no application with id 9"):
        read_models.plan(FakeViews(), 9, NOW, LONDON)
    with pytest.raises(BadInput, match="--days must be from 0"):
        read_models.today(FakeViews(), NOW, LONDON, days=-1)


def test_today_groups_split_as_by_urgency_does_and_convert_only_what_is_shown() -> None:
    fake = FakeViews()
    now = datetime(2026, 7, 21, 9, 30, tzinfo=LONDON)  # after the first due, before latest
    whole = read_models.by_urgency(read_models.today(fake, now, LONDON, days=7), now)
    groups = read_models.today_groups(fake, now, LONDON, days=7)
    assert {name: items for name, (_, items) in groups.items()} == whole
    assert [n for n, _ in groups.values()] == [0, 2, 0, 0]
    first = read_models.today_groups(fake, now, LONDON, days=7, shown=1)
    assert first["due"][0] == 2
    assert [a["id"] for a in first["due"][1]] == ["1.thanks.i1.c5"]
    late = datetime(2026, 7, 24, 9, 0, tzinfo=LONDON)  # past latest (23 July 16:00 UTC)
    assert [n for n, _ in read_models.today_groups(fake, late, LONDON).values()] == [2, 0, 0, 0]
    early = datetime(2026, 7, 20, 9, 0, tzinfo=LONDON)
    assert [n for n, _ in read_models.today_groups(fake, early, LONDON).values()] == [0, 0, 2, 0]
