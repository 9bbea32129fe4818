"""The quick header look that a sync matches on (``adapters.mail_headers.peek``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.headers import peek


def test_folded_threading_headers_and_the_sender() -> None:
    raw = (
        b"From: =?utf-8?q?Zo=C3=AB?= <Zoe@Acme.Example>\r\n"
        b"Message-ID: <m1@acme.example>\r\n"
        b"In-Reply-To:\r\n <a@alex.example>\r\n"
        b"References: <x@alex.example>\r\n\t<a@alex.example>\r\n"
        b"Subject: Re: Thank you\r\n\r\n"
        b"Body quoting <not-a-header@alex.example>\r\n"
    )
    seen = peek(raw)
    assert seen.message_id == "<m1@acme.example>"
    assert seen.in_reply_to == ("<a@alex.example>",)
    assert seen.references == ("<x@alex.example>", "<a@alex.example>")
    assert seen.from_address == "zoe@acme.example"
    assert seen.quoted_ids == ()  # a person's mail: the body is not searched


def test_a_delivery_report_quotes_the_ids_in_its_body_but_not_its_own() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example\nMessage-ID: <dsn@mx.example>\n"
        b"Content-Type: multipart/report; report-type=delivery-status\n\n"
        b"...\nMessage-ID: <ours@alex.example>\nIn-Reply-To: <dsn@mx.example>\n"
    )
    assert peek(raw).quoted_ids == ("<ours@alex.example>",)


def test_the_first_of_a_repeated_header_wins_and_missing_ones_are_empty() -> None:
    seen = peek(b"From: a@b.example\nFrom: c@d.example\n\nhi")
    assert seen.from_address == "a@b.example"
    assert (seen.message_id, seen.in_reply_to, seen.references) == (None, (), ())


@given(st.binary(max_size=2000))
def test_any_bytes_give_an_answer(raw: bytes) -> None:
    seen = peek(raw)
    assert all(m.startswith("<") and m.endswith(">") for m in seen.references)


def test_reply_to_is_read_as_an_address() -> None:
    raw = (
        b"From: Calendly <notifications@calendly.com>\r\n"
        b'Reply-To: "Rosa Lindqvist" <Rosa@NorthwindTraders.co.uk>\r\n'
        b"Subject: New event\r\n\r\nbody"
    )
    assert peek(raw).reply_to == "rosa@northwindtraders.co.uk"
    assert peek(b"From: a@b.example\r\n\r\n").reply_to is None
