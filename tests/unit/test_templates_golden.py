"""Every built-in template, rendered from a realistic debrief, against its expected text.

The expected texts live in ``tests/data/golden/<case>.txt``. After changing a template on
purpose, regenerate them and read the diff like any other change:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_templates_golden.py
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from followup.domain.messages import MessageKind
from followup.domain.model import Contact, History
from tests.unit import drafting_data as d

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
LATER = datetime(2026, 12, 9, 10, 0, tzinfo=d.LONDON)  # two weeks on, after the offer

# case name -> (kind, recipient, history, now, supplied facts)
CASES: dict[str, tuple[MessageKind, Contact, History, datetime, dict[str, str]]] = {
    "thank-you.priya": (MessageKind.THANK_YOU, d.PRIYA, d.history(), d.NOW, {}),
    "thank-you.tom": (MessageKind.THANK_YOU, d.TOM, d.history(), d.NOW, {}),
    "thank-you.lena": (MessageKind.THANK_YOU, d.LENA, d.history(), d.NOW, {}),
    "status-inquiry": (MessageKind.STATUS_INQUIRY, d.PRIYA, d.history(), LATER, {}),
    "follow-up": (MessageKind.FOLLOW_UP, d.PRIYA, d.history(), LATER, {}),
    "phone-script": (MessageKind.PHONE_SCRIPT, d.PRIYA, d.history(), LATER, {}),
    "additional-info": (
        MessageKind.ADDITIONAL_INFO,
        d.PRIYA,
        d.history(),
        d.NOW,
        {"detail": "At Acme I made our Kafka consumers idempotent, keyed on the event id."},
    ),
    "reply-to-update": (
        MessageKind.REPLY_TO_UPDATE,
        d.PRIYA,
        d.history(d.DEBRIEF, d.next_round()),
        LATER,
        {},
    ),
    "linkedin-note": (MessageKind.LINKEDIN_NOTE, d.PRIYA, d.history(), d.NOW, {}),
    "reply-to-rejection": (
        MessageKind.REPLY_TO_REJECTION,
        d.PRIYA,
        d.history(d.DEBRIEF, d.rejection()),
        LATER,
        {},
    ),
    "feedback-request": (
        MessageKind.FEEDBACK_REQUEST,
        d.PRIYA,
        d.history(d.DEBRIEF, d.rejection()),
        LATER,
        {},
    ),
    "offer-acknowledgement": (
        MessageKind.OFFER_ACKNOWLEDGEMENT,
        d.PRIYA,
        d.history(d.DEBRIEF, d.offer()),
        LATER,
        {},
    ),
    "acceptance": (
        MessageKind.ACCEPTANCE,
        d.PRIYA,
        d.history(d.DEBRIEF, d.offer()),
        LATER,
        {"terms": "£78k base + 10% bonus, starting in January"},
    ),
    "negotiation": (
        MessageKind.NEGOTIATION,
        d.PRIYA,
        d.history(d.DEBRIEF, d.offer()),
        LATER,
        {"terms": "£78k base + 10% bonus", "ask": "a base of £85k"},
    ),
    "decline": (MessageKind.DECLINE, d.PRIYA, d.history(d.DEBRIEF, d.offer()), LATER, {}),
    "closing-note": (MessageKind.CLOSING_NOTE, d.PRIYA, d.history(), LATER, {}),
}


def test_every_kind_has_a_golden_case() -> None:
    assert {case[0] for case in CASES.values()} == set(MessageKind)


@pytest.mark.parametrize("name", sorted(CASES))
def test_template_renders_its_golden_text(name: str) -> None:
    kind, contact, hist, now, supplied = CASES[name]
    subject, body = d.render(kind, contact, hist, now, supplied)
    text = f"Subject: {subject}\n\n{body}"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden text {path}; run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")
