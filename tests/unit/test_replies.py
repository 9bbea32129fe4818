"""The reply rules one signal at a time: headers, negations, mixed signals, dates from the
mail's own Date. Built from ``InboundMail`` values directly: no parser, no clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.mail import InboundMail
from followup.domain.replies import Classification, ReplyKind, classify

WED = datetime(2026, 11, 25, 10, tzinfo=UTC)


def inbound(
    text: str,
    subject: str = "Re: Thank you",
    headers: tuple[tuple[str, str], ...] = (),
    sent: datetime | None = WED,
    sender: str = "jane@acme.example",
    name: str = "Jane Doe",
) -> InboundMail:
    return InboundMail(
        folder="INBOX",
        uid=1,
        message_id="<m@acme.example>",
        in_reply_to=(),
        references=(),
        from_address=sender,
        from_name=name,
        to=("alex@example.org",),
        subject=subject,
        date=sent,
        headers=headers,
        text=text,
    )


def kind(text: str, **kw: object) -> ReplyKind:
    return classify(inbound(text, **kw)).kind  # type: ignore[arg-type]


# --- machines -----------------------------------------------------------------------------


def test_x_auto_response_suppress_is_not_an_auto_reply() -> None:
    mail = inbound("Thanks, great to meet you.", headers=(("x-auto-response-suppress", "All"),))
    assert classify(mail).kind is ReplyKind.REPLY


def test_auto_submitted_no_is_a_human() -> None:
    assert (
        kind("Thanks, great to meet you.", headers=(("auto-submitted", "no"),)) is ReplyKind.REPLY
    )


@pytest.mark.parametrize(
    "header",
    [
        ("auto-submitted", "auto-replied"),
        ("auto-submitted", "auto-replied; owner-email=jane@acme.example"),
        ("x-autoreply", "yes"),
        ("x-autorespond", "Jane Doe"),
        ("precedence", "auto_reply"),
    ],
)
def test_auto_reply_headers_decide_whatever_the_body_says(header: tuple[str, str]) -> None:
    got = classify(inbound("Unfortunately we have decided not to proceed.", headers=(header,)))
    assert got.kind is ReplyKind.AUTO_REPLY
    assert got.confidence >= 0.9


@pytest.mark.parametrize(
    "header", [("auto-submitted", "auto-generated"), ("precedence", "bulk"), ("precedence", "junk")]
)
def test_machine_sent_mail_is_an_auto_reply_unless_it_states_a_decision(
    header: tuple[str, str],
) -> None:
    assert kind("Thanks for applying! We received your application.", headers=(header,)) is (
        ReplyKind.AUTO_REPLY
    )
    got = classify(
        inbound("We regret to inform you that the position has been filled.", headers=(header,))
    )
    assert got.kind is ReplyKind.REJECTION
    assert any("sent by a machine" in r for r in got.reasons)


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: Thank you",
        "Out of Office: Thank you",
        "Abwesenheitsnotiz: Danke",
        "Automatische Antwort: Danke",
        "Réponse automatique : Merci",
        "Respuesta automática: Gracias",
        "Risposta automatica: Grazie",
        "Automatisch antwoord: Bedankt",
        "Resposta automática: Obrigado",
        "AUTO: Jane Doe is out of the office (returning 12/07/2026)",
    ],
)
def test_auto_reply_subjects_in_seven_languages(subject: str) -> None:
    assert kind("Thank you for your message.", subject=subject) is ReplyKind.AUTO_REPLY


def test_out_of_office_wording_alone_is_an_auto_reply_with_its_return_date() -> None:
    got = classify(inbound("Unfortunately I am out of the office until Monday 30 November."))
    assert got.kind is ReplyKind.AUTO_REPLY
    assert got.date == date(2026, 11, 30)


def test_a_strong_human_answer_beats_out_of_office_wording_without_headers() -> None:
    text = (
        "I'm away from the office next week, so before I go: we have decided to move forward "
        "with other candidates."
    )
    assert kind(text) is ReplyKind.REJECTION


@pytest.mark.parametrize(
    ("sender", "name", "subject"),
    [
        (
            "mailer-daemon@mx.example.org",
            "Mail Delivery System",
            "Undelivered Mail Returned to Sender",
        ),
        ("postmaster@acme.example", "", "Delivery Status Notification (Failure)"),
        ("noreply@acme.example", "", "Mail delivery failed: returning message to sender"),
        ("noreply@acme.example", "", "Undeliverable: Thank you"),
        ("noreply@acme.example", "", "Unzustellbar: Danke"),
    ],
)
def test_bounces_by_sender_or_subject(sender: str, name: str, subject: str) -> None:
    got = classify(inbound("", subject=subject, sender=sender, name=name))
    assert got.kind is ReplyKind.BOUNCE
    assert got.date is None


def test_a_delivery_status_notification_beats_an_auto_reply_header() -> None:
    mail = replace(
        inbound("Could not deliver.", headers=(("auto-submitted", "auto-replied"),)),
        delivery_status=True,
        failed_recipients=("jane@acme.example",),
    )
    got = classify(mail)
    assert got.kind is ReplyKind.BOUNCE
    assert any("jane@acme.example" in r for r in got.reasons)


# --- humans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will not be moving forward with your application.", ReplyKind.REJECTION),
        ("We are moving forward with your application and will be in touch.", ReplyKind.NEXT_ROUND),
        ("We are not able to offer you the position.", ReplyKind.REJECTION),
        ("We won't be extending an offer this time.", ReplyKind.REJECTION),
        ("We are pleased to offer you the position of Data Engineer.", ReplyKind.OFFER),
        ("Unfortunately I can't make Tuesday. Does Wednesday work instead?", ReplyKind.REPLY),
        ("Unfortunately, the role has been filled.", ReplyKind.REJECTION),
        ("Thanks for attending the second interview yesterday!", ReplyKind.REPLY),
        ("We'd like to invite you to a second interview.", ReplyKind.NEXT_ROUND),
        ("No need to send references, we have everything.", ReplyKind.REPLY),
        ("Could you send two references?", ReplyKind.INFO_REQUEST),
        ("We expect to make a decision by Friday 4 December.", ReplyKind.TIMELINE),
        ("Thanks, great to meet you. We'll be in touch soon.", ReplyKind.REPLY),
        # an offer spoken of as a condition is no offer; the question is the point
        (
            "What would your earliest start date be if we were to make an offer?",
            ReplyKind.INFO_REQUEST,
        ),
        # "if" does not undo an invitation
        ("Let me know if you'd be free for a second interview.", ReplyKind.NEXT_ROUND),
        # the role offered to someone else is a rejection, not an offer
        ("We decided to offer the role to a candidate with more experience.", ReplyKind.REJECTION),
        ("We will not be inviting you to interview.", ReplyKind.REJECTION),
        ("We won't be taking your application any further.", ReplyKind.REJECTION),
        ("We'll be taking your application further.", ReplyKind.NEXT_ROUND),
    ],
)
def test_negations_and_mixed_signals(text: str, expected: ReplyKind) -> None:
    got = classify(inbound(text))
    assert got.kind is expected, got.reasons


def test_a_promise_of_news_with_a_date_is_a_timeline() -> None:
    got = classify(inbound("The panel meets on Thursday and I'll write to you straight after."))
    assert got.kind is ReplyKind.TIMELINE
    assert got.date == date(2026, 11, 26)  # the Thursday after Wednesday 25 November
    got = classify(inbound("Realistically we won't have a decision until early January."))
    assert got.kind is ReplyKind.TIMELINE
    assert got.date == date(2027, 1, 10)  # the last day of "early January"


def test_the_date_comes_from_the_mails_date_not_the_clock() -> None:
    text = "We expect to make a decision by the end of next week."
    assert classify(inbound(text, sent=WED)).date == date(2026, 12, 4)
    later = datetime(2027, 3, 3, 9, tzinfo=UTC)  # a Wednesday too
    assert classify(inbound(text, sent=later)).date == date(2027, 3, 12)
    undated = classify(inbound(text, sent=None))
    assert undated.kind is ReplyKind.TIMELINE
    assert undated.date is None


def test_an_offers_date_is_its_deadline_not_its_start_date() -> None:
    text = (
        "We are delighted to offer you the role, starting on 4 January 2027. "
        "Please let us know your decision by 11 December."
    )
    got = classify(inbound(text))
    assert (got.kind, got.date) == (ReplyKind.OFFER, date(2026, 12, 11))


def test_a_fresh_mails_subject_counts_but_a_replys_does_not() -> None:
    assert kind("Please see attached.", subject="Offer of employment - Data Engineer") is (
        ReplyKind.OFFER
    )
    # A reply's subject is the user's own words ("Re: Thank you for the second interview").
    assert kind("Thanks!", subject="Re: Thank you for the second interview") is ReplyKind.REPLY


def test_reasons_say_which_signals_fired() -> None:
    got = classify(inbound("We have decided to move forward with another candidate."))
    assert got.kind is ReplyKind.REJECTION
    assert "they went with someone else" in got.reasons


def test_as_dict_is_the_json_shape() -> None:
    got = Classification(ReplyKind.TIMELINE, date(2026, 12, 4), 0.8567, ("x",))
    assert got.as_dict() == {
        "kind": "timeline",
        "date": "2026-12-04",
        "confidence": 0.86,
        "reasons": ["x"],
    }
    assert Classification(ReplyKind.REPLY, None, 0.5, ()).as_dict()["date"] is None


HEADER_NAMES = st.sampled_from(
    ["auto-submitted", "precedence", "x-autoreply", "x-auto-response-suppress", "content-type"]
)


@given(
    st.text(max_size=600),
    st.text(max_size=80),
    st.lists(st.tuples(HEADER_NAMES, st.text(max_size=30)), max_size=4),
    st.one_of(st.none(), st.datetimes(timezones=st.just(UTC))),
    st.booleans(),
)
def test_any_mail_gets_a_well_formed_classification(
    text: str,
    subject: str,
    headers: list[tuple[str, str]],
    sent: datetime | None,
    report: bool,
) -> None:
    mail = replace(
        inbound(text, subject=subject, headers=tuple(headers), sent=sent), delivery_status=report
    )
    got = classify(mail)
    assert got == classify(mail)  # deterministic
    assert isinstance(got.kind, ReplyKind)
    assert 0.0 <= got.confidence <= 1.0
    assert got.reasons
    if got.kind not in (ReplyKind.AUTO_REPLY, ReplyKind.TIMELINE, ReplyKind.OFFER):
        assert got.date is None
    if report:
        assert got.kind is ReplyKind.BOUNCE
