"""The morning digest (issue 15): the day on the user's clock, when it is due, which items
it names and how it reads, and "at most one a day" over any sequence of worker passes.

The selection and the send run over the fake store with a transport written here: what is
tested is the order of the writes (the day claimed before the server hears of the letter)
and the rule; the real SMTP server is in tests/integration/test_digest_servers.py.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.adapters.mail.compose import EmailComposer
from followup.domain import digest as rules
from followup.domain.digest import (
    DayStatus,
    Digest,
    DigestDay,
    DigestDraft,
    DigestSetting,
)
from followup.domain.errors import BadInput, MaybeSent, OutsideFailure
from followup.domain.kinds import ActionKind, Channel
from followup.domain.mail import Endpoint, MailAccount, Security
from followup.domain.messages import Message, MessageKind
from followup.domain.model import Action, Application, Profile
from followup.domain.rows import DueAction
from followup.services import digest, worker
from tests.hypothesis_profiles import examples
from tests.unit.fakes import FakeStore, context

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
ACCOUNT = MailAccount(
    address="alex@example.org",
    username="alex",
    smtp=Endpoint("smtp.example.org", 465, Security.TLS),
    imap=Endpoint("imap.example.org", 993, Security.TLS),
)
AT = time(7, 30)


def local(text: str, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


# --- the clock ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["07:30", "7:30", " 23:59 ", "00:00"])
def test_a_time_of_day_is_accepted(text: str) -> None:
    assert rules.parse_at(text) == time.fromisoformat(text.strip().zfill(5))


@pytest.mark.parametrize("text", ["24:00", "7", "07:60", "7.30", "07:30pm", "", "tomorrow"])
def test_anything_else_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput, match="not a time of day"):
        rules.parse_at(text)


def test_the_day_is_the_users_not_utcs() -> None:
    instant = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert rules.local_day(instant, LONDON) == date(2026, 11, 24)
    assert rules.local_day(instant, NEW_YORK) == date(2026, 11, 23)  # 22:00 the evening before
    late = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert rules.local_day(late, AUCKLAND) == date(2026, 11, 24)  # 01:00 the next morning


def test_the_moment_is_on_the_users_clock_in_summer_and_winter() -> None:
    assert rules.moment(date(2026, 7, 1), AT, LONDON) == datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    assert rules.moment(date(2026, 12, 1), AT, LONDON) == datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def test_a_time_the_clocks_skip_still_comes_that_day() -> None:
    # London goes from 01:00 GMT to 02:00 BST on 29 March 2026: 01:30 never shows.
    skipped = rules.moment(date(2026, 3, 29), time(1, 30), LONDON)
    assert skipped == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST, the same day
    assert rules.local_day(skipped, LONDON) == date(2026, 3, 29)


def test_a_time_the_clocks_repeat_is_taken_once_the_first_time() -> None:
    # London goes back from 02:00 BST to 01:00 GMT on 25 October 2026: 01:30 happens twice.
    twice = rules.moment(date(2026, 10, 25), time(1, 30), LONDON)
    assert twice == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    setting = DigestSetting(at=time(1, 30))
    sent = DigestDay(date(2026, 10, 25), DayStatus.SENT, twice)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT, the second time
    assert not rules.is_due(second, setting, LONDON, sent)


def test_due_from_the_chosen_time_until_the_day_is_recorded() -> None:
    setting = DigestSetting(at=AT)
    day = date(2026, 11, 23)
    assert not rules.is_due(local("2026-11-23 07:29"), setting, LONDON, None)
    assert rules.is_due(local("2026-11-23 07:30"), setting, LONDON, None)
    assert rules.is_due(local("2026-11-23 23:59"), setting, LONDON, None)  # late, not never
    for status in (DayStatus.SENDING, DayStatus.SENT, DayStatus.EMPTY):
        record = DigestDay(day, status, local("2026-11-23 07:30"))
        assert not rules.is_due(local("2026-11-23 09:00"), setting, LONDON, record)
    failed = DigestDay(day, DayStatus.FAILED, local("2026-11-23 07:30"))
    assert rules.is_due(local("2026-11-23 09:00"), setting, LONDON, failed)
    yesterday = DigestDay(date(2026, 11, 22), DayStatus.SENT, local("2026-11-22 07:30"))
    assert rules.is_due(local("2026-11-23 09:00"), setting, LONDON, yesterday)
    assert not rules.is_due(local("2026-11-23 09:00"), DigestSetting(at=None), LONDON, None)


# --- which items, and the words -------------------------------------------------------------
NOW = local("2026-11-23 08:00")


def due_action(
    kind: ActionKind, due: str, latest: str, *, who: str | None = "Jane Doe", app: int = 1
) -> DueAction:
    action = Action(
        id=f"{app}.{kind.value}.{due}",
        kind=kind,
        application_id=app,
        contact_id=1 if who else None,
        channel=Channel.EMAIL if kind is ActionKind.THANK_YOU else Channel.NONE,
        earliest=local(due) - timedelta(days=1),
        due=local(due),
        latest=local(latest),
        why="because",
    )
    return DueAction(action, "acme", "Data Engineer", who)


def test_selection_splits_overdue_today_and_leaves_the_rest() -> None:
    rows = [
        due_action(ActionKind.THANK_YOU, "2026-11-20 09:00", "2026-11-21 17:00"),  # overdue
        due_action(ActionKind.STATUS_INQUIRY, "2026-11-22 09:00", "2026-11-24 17:00"),  # due
        due_action(ActionKind.FOLLOW_UP, "2026-11-23 14:00", "2026-11-25 17:00"),  # later today
        due_action(ActionKind.LINKEDIN_CONNECT, "2026-11-24 09:00", "2026-11-30 17:00"),
        due_action(ActionKind.DEBRIEF, "2026-09-01 09:00", "2026-09-02 09:00"),  # lapsed
    ]
    overdue, today = digest.select(rows, NOW, LONDON)
    assert [a.kind for a in overdue] == [ActionKind.THANK_YOU]
    assert [a.kind for a in today] == [ActionKind.STATUS_INQUIRY, ActionKind.FOLLOW_UP]
    assert overdue[0].company == "Acme"  # as a letter writes it, not as typed


def test_today_ends_at_midnight_on_the_users_clock() -> None:
    evening = due_action(ActionKind.FOLLOW_UP, "2026-11-23 23:59", "2026-11-25 17:00")
    morning = due_action(ActionKind.FOLLOW_UP, "2026-11-24 00:00", "2026-11-25 17:00")
    assert [a.due for a in digest.select([evening, morning], NOW, LONDON)[1]] == [
        evening.action.due
    ]


def a_digest(**parts: object) -> Digest:
    base: dict[str, object] = {
        "day": date(2026, 11, 23),
        "now": NOW,
        "zone": LONDON,
        "name": "Alex",
        "base_url": "http://127.0.0.1:8765",
    }
    return Digest(**{**base, **parts})  # type: ignore[arg-type]


def test_the_note_reads_like_a_note() -> None:
    overdue, today = digest.select(
        [
            due_action(ActionKind.THANK_YOU, "2026-11-20 09:00", "2026-11-21 17:00"),
            due_action(ActionKind.FOLLOW_UP, "2026-11-23 14:00", "2026-11-25 17:00", who=None),
        ],
        NOW,
        LONDON,
    )
    draft = DigestDraft(7, MessageKind.THANK_YOU, 1, "Acme", "Jane Doe", "Thank you")
    note = a_digest(overdue=overdue, today=today, drafts=(draft,))
    text = rules.body(note)
    flat = " ".join(text.split())  # as read aloud: the wrapping does not matter
    assert text.startswith("Good morning, Alex.\n\nHere is your day: one thing is overdue, ")
    assert "one thing is due today and one draft is ready to send." in flat
    assert "Thank Jane Doe by email, for the Data Engineer role at Acme. It was due" in flat
    assert "Friday 20 November at 09:00; the window closed Saturday 21 November" in flat
    assert "Follow up with your contact, for the Data Engineer role at Acme. Due at 14:00" in flat
    assert 'Your thank-you to Jane Doe at Acme: "Thank you".' in flat
    assert "    http://127.0.0.1:8765/applications/1\n" in text
    assert "    http://127.0.0.1:8765/drafts/7\n" in text
    assert "http://127.0.0.1:8765/\n" in text
    assert all(len(line) <= 76 for line in text.splitlines())
    assert rules.subject(note) == (
        "Your follow-ups for Monday 23 November: 1 overdue, 1 for today, 1 draft ready"
    )
    assert "Hello, Alex." in rules.body(dataclasses.replace(note, now=local("2026-11-23 15:00")))


def test_a_long_list_names_the_first_ten_and_counts_the_rest() -> None:
    rows = [
        due_action(ActionKind.FOLLOW_UP, "2026-11-23 14:00", "2026-11-25 17:00", app=n)
        for n in range(1, 13)
    ]
    note = a_digest(today=digest.select(rows, NOW, LONDON)[1])
    text = rules.body(note)
    assert text.count("Follow up with Jane Doe") == rules.LISTED
    assert "  • and 2 more, on your Today page: http://127.0.0.1:8765/\n" in text
    assert "/applications/10\n" in text
    assert "/applications/11\n" not in text
    assert "Here is your day: 12 things are due today." in text
    assert rules.subject(note).endswith(": 12 for today")


def test_nothing_to_do_is_an_empty_digest() -> None:
    assert a_digest().empty
    assert a_digest().count == 0


# --- sending, over the fake store -----------------------------------------------------------
class Transport:
    def __init__(self, servers: Servers) -> None:
        self.servers = servers

    def check(self) -> None:
        pass

    def send(
        self,
        raw: bytes,
        *,
        sender: str,
        recipients: Sequence[str],
        before_dot: Callable[[], None] | None = None,
    ) -> None:
        # What the store holds the moment the server hears of the letter.
        self.servers.claims_seen.append(self.servers.claims())
        outcome = self.servers.outcomes.pop(0) if self.servers.outcomes else "ok"
        if outcome == "refused":
            raise OutsideFailure("SMTP smtp.example.org: recipient refused")
        self.servers.delivered.append((raw, list(recipients)))
        if outcome == "lost":  # the server has it; its answer never comes
            raise MaybeSent("SMTP smtp.example.org closed the connection before it answered")

    def close(self) -> None:
        pass


class Servers:
    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.account = ACCOUNT
        self.delivered: list[tuple[bytes, list[str]]] = []
        self.claims_seen: list[dict[date, DayStatus]] = []
        self.outcomes: list[str] = []  # per send: ok, refused (before the dot), lost (after)
        self.down = False

    def claims(self) -> dict[date, DayStatus]:
        return {d: r.status for d, r in self.store._state.digest_days.items()}

    def transport(self) -> Transport:
        if self.down:
            raise OutsideFailure("cannot reach smtp.example.org:465: connection refused")
        return Transport(self)

    def mailbox(self):  # type: ignore[no-untyped-def]
        raise OutsideFailure("no IMAP in these tests")

    def reader(self):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        yield


def a_store(zone: str = "Europe/London", *, with_draft: bool = True) -> FakeStore:
    store = FakeStore()
    with store.transaction():
        store.save_profile(Profile(name="alex morgan", email=ACCOUNT.address, timezone=zone))
        app = store.add_application(Application(id=0, company="Acme", role="Data Engineer"))
        if with_draft:
            store.add_message(
                Message(
                    id=0,
                    application_id=app.id,
                    kind=MessageKind.STATUS_INQUIRY,
                    contact_id=None,
                    to="jane@acme.example",
                    subject="Checking in",
                    body="Dear Jane, ...",
                    created_at=NOW,
                )
            )
    store.save_digest_setting(DigestSetting(at=AT))
    return store


def send(store: FakeStore, servers: Servers, now: datetime) -> digest.Outcome | None:
    return digest.send_if_due(context(store, now=now), servers, EmailComposer())


def test_a_pass_sends_one_note_to_the_user_and_claims_the_day_first() -> None:
    store = a_store()
    servers = Servers(store)
    assert send(store, servers, local("2026-11-23 07:29")) is None  # not yet
    done = send(store, servers, local("2026-11-23 07:31"))
    assert done is not None
    assert done.day.status is DayStatus.SENT
    [(raw, recipients)] = servers.delivered
    assert recipients == [ACCOUNT.address]
    letter = message_from_bytes(raw, policy=policy.default)
    assert letter["To"] == ACCOUNT.address
    assert letter["From"] == f"followup <{ACCOUNT.address}>"
    assert "Checking in" in letter.get_content()
    # The day was claimed, and committed, before the server heard a byte.
    assert servers.claims_seen == [{date(2026, 11, 23): DayStatus.SENDING}]
    assert send(store, servers, local("2026-11-23 18:00")) is None
    assert len(servers.delivered) == 1
    assert send(store, servers, local("2026-11-24 07:30")) is not None  # the next day
    assert len(servers.delivered) == 2


def test_nothing_to_do_sends_nothing_and_says_so_once() -> None:
    store = a_store(with_draft=False)
    servers = Servers(store)
    done = send(store, servers, local("2026-11-23 07:30"))
    assert done is not None
    assert done.day.status is DayStatus.EMPTY
    assert servers.delivered == []
    assert send(store, servers, local("2026-11-23 12:00")) is None


def test_refused_before_the_dot_gives_the_day_back() -> None:
    store = a_store()
    servers = Servers(store)
    servers.down = True
    done = send(store, servers, local("2026-11-23 07:30"))
    assert done is not None
    assert done.day.status is DayStatus.FAILED
    assert "connection refused" in (done.day.last_error or "")
    servers.down = False
    servers.outcomes = ["refused"]
    assert send(store, servers, local("2026-11-23 07:35")).day.status is DayStatus.FAILED  # type: ignore[union-attr]
    assert send(store, servers, local("2026-11-23 07:40")).day.status is DayStatus.SENT  # type: ignore[union-attr]
    assert len(servers.delivered) == 1


def test_a_lost_answer_keeps_the_day_claimed_never_a_second_note() -> None:
    store = a_store()
    servers = Servers(store)
    servers.outcomes = ["lost"]
    done = send(store, servers, local("2026-11-23 07:30"))
    assert done is not None
    assert done.day.status is DayStatus.SENDING
    assert send(store, servers, local("2026-11-23 08:00")) is None
    assert len(servers.delivered) == 1


def test_a_crash_after_the_claim_loses_the_day_and_sends_nothing_more() -> None:
    store = a_store()
    with store.transaction():  # what a crash between the claim and the hand-over leaves
        store.save_digest_day(
            DigestDay(date(2026, 11, 23), DayStatus.SENDING, local("2026-11-23 07:30"))
        )
    servers = Servers(store)
    assert send(store, servers, local("2026-11-23 09:00")) is None
    assert servers.delivered == []
    assert send(store, servers, local("2026-11-24 07:30")) is not None


def test_the_worker_pass_reports_the_digest() -> None:
    store = a_store()
    servers = Servers(store)
    report = worker.one_pass(
        context(store, now=local("2026-11-23 07:30")), servers, EmailComposer()
    )
    assert report.digest == "sent to alex@example.org (1 item)"
    assert len(servers.delivered) == 1


def test_setup_refuses_before_writing() -> None:
    store = a_store()
    ctx = context(store, now=NOW)
    for at, off in (("25:00", False), ("07:30", True), (None, False)):
        with pytest.raises(BadInput):
            digest.setup(ctx, at=at, off=off)
    assert store.get_digest_setting() == DigestSetting(at=AT)
    assert digest.setup(ctx, at=None, off=True) == DigestSetting(at=None)
    assert digest.setup(ctx, at="6:05", off=False, port=9000) == DigestSetting(time(6, 5), 9000)


@pytest.mark.parametrize(
    ("zone", "day", "at"),
    [
        ("Europe/London", date(2026, 3, 29), time(1, 30)),  # in the hour the clocks skip
        ("Europe/London", date(2026, 10, 25), time(1, 30)),  # in the hour that comes twice
        ("America/New_York", date(2026, 3, 8), time(2, 15)),
        ("America/New_York", date(2026, 11, 1), time(1, 45)),
        ("Europe/London", date(2026, 3, 29), AT),
    ],
)
def test_a_day_the_clocks_change_gets_exactly_one(zone: str, day: date, at: time) -> None:
    store = a_store(zone)
    store.save_digest_setting(DigestSetting(at=at))
    servers = Servers(store)
    tz = ZoneInfo(zone)
    now = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    while now < end:  # a pass every five minutes of real time, all day long
        send(store, servers, now)
        now += timedelta(minutes=5)
    [(raw, _)] = servers.delivered
    went = message_from_bytes(raw, policy=policy.default)["Date"].datetime
    assert rules.local_day(went, tz) == day
    assert went >= rules.moment(day, at, tz)
    assert went - rules.moment(day, at, tz) < timedelta(minutes=5)


ZONES = st.sampled_from(["Europe/London", "America/New_York", "Pacific/Auckland", "UTC"])
# Steps between passes: minutes to two days, so days are skipped, revisited and crossed.
STEPS = st.lists(st.integers(min_value=1, max_value=2 * 24 * 60), min_size=1, max_size=40)
OUTCOMES = st.lists(st.sampled_from(["ok", "ok", "refused", "lost"]), max_size=40)


@settings(max_examples=examples(100), deadline=None)
@given(
    zone=ZONES,
    start=st.sampled_from([date(2026, 3, 26), date(2026, 10, 22)]),  # before a clock change
    steps=STEPS,
    outcomes=OUTCOMES,
    restarts=st.sets(st.integers(0, 39)),
)
def test_never_two_notes_for_one_day(
    zone: str, start: date, steps: list[int], outcomes: list[str], restarts: set[int]
) -> None:
    """Over any sequence of passes (across the March and October clock changes, with sends
    refused or lost, and the process restarted between passes: a fresh ``Servers`` and
    context over the same store), at most one note per day on the user's clock reaches the
    server; and a day with a pass after its time and every send going through gets one."""
    store = a_store(zone)
    tz = ZoneInfo(zone)
    servers = Servers(store)
    servers.outcomes = list(outcomes)
    delivered: list[tuple[bytes, list[str]]] = []
    now = datetime.combine(start, time(0), tzinfo=tz).astimezone(UTC)
    passes: list[datetime] = []
    for i, step in enumerate(steps):
        now += timedelta(minutes=step)
        if i in restarts:
            left = servers.outcomes
            delivered += servers.delivered
            servers = Servers(store)
            servers.outcomes = left
        send(store, servers, now)
        passes.append(now)
    delivered += servers.delivered
    days = Counter(
        rules.local_day(message_from_bytes(raw, policy=policy.default)["Date"].datetime, tz)
        for raw, _ in delivered
    )
    assert all(n == 1 for n in days.values()), days
    if not outcomes:  # every send went through: each day with a pass after its time has one
        wanted = {
            rules.local_day(p, tz)
            for p in passes
            if p >= rules.moment(rules.local_day(p, tz), AT, tz)
        }
        assert set(days) == wanted


def test_an_action_whose_letter_is_drafted_links_to_the_draft_said_once() -> None:
    overdue, today = digest.select(
        [
            due_action(ActionKind.THANK_YOU, "2026-11-23 09:00", "2026-11-24 17:00"),
            due_action(ActionKind.FOLLOW_UP, "2026-11-23 14:00", "2026-11-25 17:00", who=None),
        ],
        NOW,
        LONDON,
    )
    thanks = today[0]
    drafted = DigestDraft(
        7, MessageKind.THANK_YOU, 1, "Acme", "Jane Doe", "Thank you", thanks.action_id
    )
    other = DigestDraft(8, MessageKind.THANK_YOU, 1, "Acme", "Sam Lee", "Thanks, Sam")
    text = rules.body(a_digest(overdue=overdue, today=today, drafts=(drafted, other)))
    flat = " ".join(text.split())
    assert "Thank Jane Doe by email, for the Data Engineer role at Acme." in flat
    assert "Your draft is ready to send. http://127.0.0.1:8765/drafts/7" in flat
    assert flat.count("/drafts/7") == 1  # not listed again among the drafts
    assert 'Other drafts ready to send: • Your thank-you to Sam Lee at Acme: "Thanks, Sam".' in flat


def test_dates_are_written_in_the_user_s_english() -> None:
    note = a_digest(drafts=(DigestDraft(7, MessageKind.THANK_YOU, 1, "Acme", "Jane", "Thanks"),))
    assert rules.subject(note).startswith("Your follow-ups for Monday 23 November:")
    american = a_digest(drafts=note.drafts, locale="en_US")
    assert rules.subject(american).startswith("Your follow-ups for Monday, November 23:")
    assert rules.day_words(date(2026, 11, 26), date(2026, 11, 23), "en_US") == (
        "Thursday, November 26"
    )
    assert rules.day_words(date(2027, 1, 4), date(2026, 11, 23)) == "Monday 4 January 2027"
