"""The outbox's pure rules: P9 spacing, header values, threads, the event a letter logs,
the envelope that asks for a receipt and what an interrupted send means."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import BadInput, Conflict
from followup.domain.mail import Endpoint, MailAccount, Security
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application, Event, EventKind, History, Interview
from followup.domain.outbox import (
    UNSOLICITED_MESSAGES,
    Verdict,
    check_header,
    envelope,
    may_send,
    pushiness,
    sent_event_kind,
    settlement,
    thread_of,
)

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday
APP = Application(id=1, company="Acme", role="Engineer")
GAP = 7


def history(*events: Event, interviews: tuple[datetime, ...] = ()) -> History:
    rounds = tuple(
        Interview(id=i + 1, application_id=1, start=s, minutes=60) for i, s in enumerate(interviews)
    )
    return History(application=APP, interviews=rounds, events=events)


def event(kind: EventKind, at: datetime, eid: int = 1) -> Event:
    return Event(id=eid, application_id=1, kind=kind, at=at)


# --- P9 -----------------------------------------------------------------------------------
@given(days=st.integers(min_value=0, max_value=30), minutes=st.integers(0, 24 * 60 - 1))
def test_a_follow_up_within_the_gap_of_another_is_crowding(days: int, minutes: int) -> None:
    earlier = event(EventKind.FOLLOW_UP_SENT, T0)
    at = T0 + timedelta(days=days, minutes=minutes)
    found = pushiness(history(earlier), MessageKind.FOLLOW_UP, at, GAP)
    if at < T0 + timedelta(days=GAP):
        assert found is not None
        assert found.previous == T0
        assert found.allowed_from == T0 + timedelta(days=GAP)
    else:
        assert found is None


@given(kind=st.sampled_from(sorted(set(MessageKind) - UNSOLICITED_MESSAGES)))
def test_answers_are_never_crowding(kind: MessageKind) -> None:
    """A reply to an offer or a rejection is not pushing: they wrote first."""
    earlier = event(EventKind.FOLLOW_UP_SENT, T0)
    assert pushiness(history(earlier), kind, T0 + timedelta(hours=1), GAP) is None


def test_the_thank_yous_of_one_round_count_as_one() -> None:
    start = T0 - timedelta(hours=3)
    first = event(EventKind.THANK_YOU_SENT, T0)
    h = history(first, interviews=(start,))
    assert pushiness(h, MessageKind.THANK_YOU, T0 + timedelta(hours=2), GAP) is None
    # ... but a follow-up the next day is crowding the thank-you.
    crowd = pushiness(h, MessageKind.FOLLOW_UP, T0 + timedelta(days=1), GAP)
    assert crowd is not None
    assert crowd.kind is EventKind.THANK_YOU_SENT


def test_a_thank_you_of_an_earlier_round_does_count() -> None:
    """A new round's thank-you the day after another letter: the new round resets the clock
    because the interview came after the earlier letter."""
    earlier = event(EventKind.FOLLOW_UP_SENT, T0)
    second_round = T0 + timedelta(days=2)
    h = history(earlier, interviews=(T0 - timedelta(days=10), second_round))
    assert pushiness(h, MessageKind.THANK_YOU, second_round + timedelta(hours=3), GAP) is None
    # Without the new round, the same letter crowds the follow-up.
    h = history(earlier, interviews=(T0 - timedelta(days=10),))
    assert pushiness(h, MessageKind.THANK_YOU, T0 + timedelta(days=2), GAP) is not None


@given(reset=st.sampled_from([EventKind.REPLY, EventKind.TIMELINE, EventKind.NEXT_ROUND]))
def test_anything_they_say_resets_the_clock(reset: EventKind) -> None:
    sent = event(EventKind.FOLLOW_UP_SENT, T0, 1)
    answer = event(reset, T0 + timedelta(days=1), 2)
    h = history(sent, answer)
    assert pushiness(h, MessageKind.FOLLOW_UP, T0 + timedelta(days=2), GAP) is None


def test_letters_after_the_moment_do_not_count() -> None:
    later = event(EventKind.FOLLOW_UP_SENT, T0 + timedelta(days=3))
    assert pushiness(history(later), MessageKind.FOLLOW_UP, T0, GAP) is None


# --- headers ------------------------------------------------------------------------------
@given(st.text(alphabet=st.characters(exclude_categories=["Cc"]), max_size=80))
def test_one_line_values_pass_unchanged(value: str) -> None:
    assert check_header("subject", value) == value


@given(
    st.text(max_size=20),
    st.sampled_from(["\r", "\n", "\r\n", "\0", "\x0b", "\x1b"]),
    st.text(max_size=20),
)
def test_a_line_break_or_control_character_is_bad_input(head: str, bad: str, tail: str) -> None:
    with pytest.raises(BadInput, match="subject"):
        check_header("subject", head + bad + tail)


# --- state, threads, events ---------------------------------------------------------------
def message(mid: int = 1, **kw: object) -> Message:
    base = Message(
        id=mid,
        application_id=1,
        kind=MessageKind.FOLLOW_UP,
        contact_id=None,
        to="Jane@Acme.example",
        subject="s",
        body="b",
        created_at=T0,
    )
    import dataclasses

    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def test_sent_and_sending_messages_may_not_be_sent_again() -> None:
    for status in (MessageStatus.SENT, MessageStatus.SENDING):
        with pytest.raises(Conflict):
            may_send(message(status=status))
    with pytest.raises(BadInput, match="not an email"):
        may_send(message(kind=MessageKind.PHONE_SCRIPT))
    for status in (MessageStatus.DRAFT, MessageStatus.FAILED, MessageStatus.SCHEDULED):
        may_send(message(status=status))


def test_a_follow_up_threads_under_the_earlier_letters_to_the_same_person() -> None:
    thanks = message(
        1,
        kind=MessageKind.THANK_YOU,
        status=MessageStatus.SENT,
        message_id="<a@x.example>",
        sent_at=T0,
    )
    nudge = message(
        2, status=MessageStatus.SENT, message_id="<b@x.example>", sent_at=T0 + timedelta(days=8)
    )
    other_person = message(
        3, to="bob@acme.example", status=MessageStatus.SENT, message_id="<c@x.example>"
    )
    other_app = message(4, application_id=2, status=MessageStatus.SENT, message_id="<d@x.e>")
    unsent = message(5, message_id="<e@x.example>")
    now = message(6, to=" jane@acme.example ")
    everything = [nudge, thanks, other_person, other_app, unsent, now]
    assert thread_of(now, everything) == ("<b@x.example>", ("<a@x.example>", "<b@x.example>"))
    assert thread_of(thanks, [thanks]) == (None, ())


def test_each_letter_logs_the_event_the_planner_expects() -> None:
    assert sent_event_kind(MessageKind.THANK_YOU, "1.thanks") is EventKind.THANK_YOU_SENT
    assert sent_event_kind(MessageKind.STATUS_INQUIRY, None) is EventKind.FOLLOW_UP_SENT
    assert sent_event_kind(MessageKind.FOLLOW_UP, None) is EventKind.FOLLOW_UP_SENT
    assert sent_event_kind(MessageKind.CLOSING_NOTE, None) is EventKind.CLOSED
    assert sent_event_kind(MessageKind.REPLY_TO_UPDATE, "1.x") is EventKind.ACTION_DONE
    assert sent_event_kind(MessageKind.REPLY_TO_UPDATE, None) is EventKind.NOTE


# --- evidence -----------------------------------------------------------------------------
ACCOUNT = MailAccount(
    address="alex@example.org",
    username="alex",
    smtp=Endpoint("smtp.example.org", 465, Security.TLS),
    imap=Endpoint("imap.example.org", 993, Security.TLS),
    bcc_self=True,
)


def test_the_envelope_asks_for_a_receipt_only_where_followup_files_sent() -> None:
    assert envelope(" jane@acme.example ", ACCOUNT) == (
        ["jane@acme.example", "alex@example.org"],
        True,
    )
    # To oneself: the letter's own copy is the receipt, and it stays in INBOX to be read.
    assert envelope("Alex@Example.org", ACCOUNT) == (["Alex@Example.org"], False)
    provider = replace(ACCOUNT, provider_files_sent=True)
    assert envelope("jane@acme.example", provider) == (["jane@acme.example"], False)
    off = replace(ACCOUNT, bcc_self=False)
    assert envelope("jane@acme.example", off) == (["jane@acme.example"], False)


def interrupted(**kw: object) -> Message:
    base = Message(
        id=7,
        application_id=1,
        kind=MessageKind.THANK_YOU,
        contact_id=None,
        to="jane@acme.example",
        subject="Thanks",
        body="Thank you.",
        created_at=T0,
        status=MessageStatus.SENDING,
        message_id="<x@example.org>",
        sent_at=T0,
        handed_over=True,
        receipt_asked=True,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


@given(
    status=st.sampled_from([MessageStatus.SENDING, MessageStatus.UNSETTLED]),
    handed_over=st.booleans(),
    receipt_asked=st.booleans(),
    seen=st.booleans(),
    provider=st.booleans(),
    later=st.integers(min_value=0, max_value=10 * 24 * 3600),
    grace=st.integers(min_value=1, max_value=3600),
    found=st.sampled_from([None, "Sent", "INBOX", "Junk"]),
)
def test_an_interrupted_send_is_never_sent_again_while_it_may_have_gone(
    status: MessageStatus,
    handed_over: bool,
    receipt_asked: bool,
    seen: bool,
    provider: bool,
    later: int,
    grace: int,
    found: str | None,
) -> None:
    """Evidence wins; "safe to send again" only when the dot never went, or the copy that
    always comes (a receipt that came before, the provider's Sent copy) has not come past
    the grace; "ask" is the only other way out of ``sending``, and says "--sent"."""
    message = interrupted(status=status, handed_over=handed_over, receipt_asked=receipt_asked)
    account = replace(
        ACCOUNT, receipt_seen=seen, provider_files_sent=provider, receipt_grace_seconds=grace
    )
    now = T0 + timedelta(seconds=later)
    verdict = settlement(message, account, found=found, now=now).verdict
    if found is not None:
        assert verdict is Verdict.SENT
    elif status is MessageStatus.UNSETTLED:
        assert verdict is Verdict.KEEP
    elif not handed_over:
        assert verdict is Verdict.SAFE
    elif later < grace:
        assert verdict is Verdict.WAIT
    elif provider or (receipt_asked and seen):
        assert verdict is Verdict.SAFE
    else:
        assert verdict is Verdict.ASK


def test_the_question_tells_the_truth_and_the_default_answer() -> None:
    later = T0 + timedelta(hours=1)
    asked = settlement(interrupted(), ACCOUNT, found=None, now=later)
    assert asked.verdict is Verdict.ASK
    text = asked.reason
    assert "handed over to your server on 2026-11-02 10:00 UTC" in text
    assert "very probably went" in text
    assert "your server's copy to you has not come, but none ever has yet" in text
    assert "A reply from jane@acme.example would tell" in text
    assert "your Sent folder would not" in text
    assert "answer `followup outbox settle 7 --sent`" in text
    plain = settlement(interrupted(receipt_asked=False), ACCOUNT, found=None, now=later).reason
    assert "receipts are off" in plain


def test_a_letter_cut_off_before_its_dot_is_safe_at_once() -> None:
    cut = settlement(interrupted(handed_over=False), ACCOUNT, found=None, now=T0)
    assert cut.verdict is Verdict.SAFE
    assert "cannot have it" in cut.reason
