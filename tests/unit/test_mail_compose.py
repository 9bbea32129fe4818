"""Composing a letter: headers only through ``email``; injection and bad addresses refused."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.mail.compose import compose, new_message_id
from followup.domain.errors import BadInput

WHEN = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def letter(**kw: object) -> bytes:
    args: dict[str, object] = {
        "from_name": "Alex Morgan",
        "from_address": "alex@example.org",
        "to": "jane@acme.example",
        "subject": "Thank you for today",
        "body": "Dear Jane,\n\nThank you.\n",
        "message_id": "<1@example.org>",
        "date": WHEN,
    }
    args.update(kw)
    return compose(**args)  # type: ignore[arg-type]


def test_the_headers_a_letter_carries() -> None:
    raw = letter(in_reply_to="<0@example.org>", references=("<z@example.org>", "<0@example.org>"))
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF (policy SMTP)
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg["From"] == "Alex Morgan <alex@example.org>"
    assert msg["To"] == "jane@acme.example"
    assert msg["Message-ID"] == "<1@example.org>"
    assert msg["In-Reply-To"] == "<0@example.org>"
    assert msg["References"] == "<z@example.org> <0@example.org>"
    assert msg["Date"] == "Mon, 23 Nov 2026 10:00:00 +0000"
    assert msg.get_content().replace("\r\n", "\n") == "Dear Jane,\n\nThank you.\n"


def test_non_ascii_names_and_subjects_are_encoded() -> None:
    raw = letter(from_name="Zoë Ångström", subject="Merci beaucoup — à bientôt")
    assert raw.isascii()
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg["From"].addresses[0].display_name == "Zoë Ångström"
    assert msg["Subject"] == "Merci beaucoup — à bientôt"


@pytest.mark.parametrize(
    "field",
    ["subject", "from_name", "to", "from_address"],
)
@given(sep=st.sampled_from(["\r\n", "\n", "\r"]))
def test_a_line_break_in_any_header_value_is_refused(field: str, sep: str) -> None:
    base = {"subject": "Hi", "from_name": "Alex", "to": "jane@acme.example"}
    base["from_address"] = "alex@example.org"
    value = base[field] + sep + "Bcc: victim@evil.example"
    with pytest.raises(BadInput):
        letter(**{field: value})


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "",
        "jane",
        "jane@",
        "@acme.example",
        "jane@localhost",
        "a b@c.example",
        "Jane <jane@acme.example>",
        "jane@acme.example, bob@acme.example",
    ],
)
def test_a_recipient_that_is_not_one_address_is_refused(bad: str | None) -> None:
    with pytest.raises(BadInput, match="recipient"):
        letter(to=bad)


def test_the_message_id_is_on_the_senders_domain() -> None:
    made = {new_message_id("alex@mail.example.org") for _ in range(50)}
    assert len(made) == 50
    assert all(m.startswith("<") and m.endswith("@mail.example.org>") for m in made)


# --- attachments (issue 18) ------------------------------------------------------------------
def test_attachments_are_parts_with_their_type_and_name_and_the_exact_bytes() -> None:
    pdf = b"%PDF-1.4\n" + bytes(range(256))
    text = "Grüße\r\nno trailing newline".encode()
    raw = letter(
        attachments=[
            ("Lebenslauf Müller 履歴書.pdf", "application/pdf", pdf),
            ("notes.txt", "text/plain", text),
            ("odd", "not a type", b"\x00\x01"),
        ]
    )
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    assert "Dear" in body.get_content()
    parts = list(parsed.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        ("Lebenslauf Müller 履歴書.pdf", "application/pdf"),
        ("notes.txt", "text/plain"),
        ("odd", "application/octet-stream"),
    ]
    assert [p.get_payload(decode=True) for p in parts] == [pdf, text, b"\x00\x01"]
    assert raw.isascii()  # RFC 2231 for the name, base64 for the bytes: 7-bit throughout


def test_an_attachment_name_with_a_line_break_is_refused() -> None:
    with pytest.raises(BadInput, match="file name"):
        letter(attachments=[("a\r\nBcc: x@evil.example", "text/plain", b"x")])


def test_without_attachments_the_letter_is_a_single_text_part() -> None:
    parsed = message_from_bytes(letter(), policy=policy.default)
    assert parsed.get_content_type() == "text/plain"
