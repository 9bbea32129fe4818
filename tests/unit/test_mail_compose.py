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
