"""What the candidate sends (``--detail``) as the letter's paragraph: a sentence typed is
quoted whole; a bare noun phrase, which would stand alone as a fragment, is put in a sentence."""

from __future__ import annotations

import pytest

from followup.domain.drafting import _detail

TABLE = [
    ("a one-page write-up of how I size A/B tests",
     "I would be happy to share a one-page write-up of how I size A/B tests."),
    ("my slides from the case study", "I would be happy to share my slides from the case study."),
    ("the notes I took on the pricing case",
     "I would be happy to share the notes I took on the pricing case."),
    # sentences, and what only looks like a noun phrase, are quoted as typed
    ("In short, I would run a sequential test.", "In short, I would run a sequential test."),
    ("my availability next week is Tuesday or Wednesday",
     "My availability next week is Tuesday or Wednesday."),
    ("the link to my portfolio: https://example.org/p",
     "The link to my portfolio: https://example.org/p."),
    ("Tuesday works", "Tuesday works."),
    ("sure, happy to", "Sure, happy to."),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "paragraph"), TABLE)
def test_the_detail_reads_as_a_sentence(typed: str, paragraph: str) -> None:
    assert _detail(typed) == paragraph


def test_no_detail_is_no_paragraph() -> None:
    assert _detail(None) is None
    assert _detail("") is None
