"""Review: the project's own rules plus any proofreading engines, over one text.

The engines (spelling and grammar, style, readability) arrive as ``Reviewer`` values built by
``bootstrap``; this module knows none of them. With no reviewers it runs the own rules
(``domain.review_rules``) alone.

What a review is told besides the text: the application's known words (every name and every
word of its record, never a misspelling), the sender (for the sign-off), the ``Dialect`` the
user spells in (from the profile's country), and the ``LetterDates`` a draft was written for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from followup.domain import lexicon, review_rules
from followup.domain.model import Debrief
from followup.domain.names import as_written, title_as_written
from followup.domain.review import (
    SEVERITY_ORDER,
    Category,
    Dialect,
    Finding,
    LetterDates,
    Severity,
    dialect_for,
    ordered,
)
from followup.services.context import Context
from followup.services.ports import Reviewer


def review_text(
    text: str,
    *,
    kind: str | None,
    known_words: frozenset[str],
    reviewers: Sequence[Reviewer] = (),
    sender: tuple[str, str | None, str | None] | None = None,
    dialect: Dialect = Dialect.AMERICAN,
    dates: LetterDates | None = None,
    attached: int | None = None,
) -> list[Finding]:
    """Every finding over ``text``, by position then severity (``ordered``).

    ``dialect`` is passed to the engines (spelling); ``dates`` (time words) and ``attached``
    (how many documents the letter carries; None: unknown) to the own rules.
    """
    own = review_rules.check(
        text, kind=kind, known_words=known_words, sender=sender, dates=dates, attached=attached
    )
    found = list(own)
    for reviewer in reviewers:
        found.extend(
            f
            for f in reviewer.review(text, kind=kind, known_words=known_words, dialect=dialect)
            if not _said_already(f, own)
            and not _a_term(f, text, known_words)
            and not _their_words(f, text, known_words)
        )
    return ordered(found)


def _their_words(finding: Finding, text: str, known_words: frozenset[str]) -> bool:
    """An engine's grammar advice inside a phrase the user wrote in their debrief ("saying no
    to the loudest voice": "did you mean 'not to'?") argues with the user's own words, which
    they wrote and can change there; spelling is never waived this way."""
    if finding.category is not Category.GRAMMAR or finding.start == finding.end:
        return False
    following = re.match(r"\s*[^\s]+", text[finding.end :])
    span = (text[finding.start : finding.end] + (following.group(0) if following else "")).strip()
    if len(span.split()) < 2:
        return False
    folded = span.casefold()
    return any(len(phrase.split()) >= 3 and folded in phrase.casefold() for phrase in known_words)


def _a_term(finding: Finding, text: str, known_words: frozenset[str]) -> bool:
    """An engine's advice on a technical compound ("exactly-once": "no hyphen after an -ly
    adverb") is wrong for the trade that spells it so."""
    return finding.start != finding.end and review_rules.in_technical_compound(
        text, finding.start, finding.end, known_words
    )


def _said_already(finding: Finding, own: Sequence[Finding]) -> bool:
    """An engine's finding on words an own rule already flagged at least as seriously
    ("ASAP!!!": pushy by our rule, chatspeak and hyperbole by proselint, an initialism by
    Harper) is the same advice four times: keep ours, which names the fix. Spelling is
    always kept: a typo is its own mistake wherever it sits."""
    if finding.category is Category.SPELLING or finding.start == finding.end:
        return False
    rank = SEVERITY_ORDER[finding.severity]
    return any(
        o.start < finding.end and finding.start < o.end and SEVERITY_ORDER[o.severity] <= rank
        for o in own
        if o.start != o.end
    )


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _words(*texts: str | None) -> set[str]:
    """Names as whole phrases and as their single words (``Northwind Labs``, ``Northwind``)."""
    out: set[str] = set()
    for text in texts:
        if text:
            out.add(text.strip())
            # "St.", "AT&T", "exactly-once" whole; a sentence's full stop is not the word's
            words = (w.rstrip(".-'") for w in re.findall(r"[^\W_][\w'&.-]*", text))
            out.update(w for w in words if len(w) > 1)
    return out


def known_words_for(ctx: Context, app_id: int | None) -> frozenset[str]:
    """The words that are never mistakes: the profile's name and signature, and with an
    application its company, agency, role, contacts and every debrief's text (strengths,
    topics, questions and answers, points left unaddressed ...): the user typed them, so
    "programme", "Kafka" or "HPRA" there is how they spell it. ``NotFound`` (exit status 2)
    for an unknown application."""
    profile = ctx.store.get_profile()
    # Each name also as a letter writes it ("sam lee" typed, "Sam Lee" in the letter).
    words = _words(profile.name, as_written(profile.name), profile.signature) if profile else set()
    if app_id is not None:
        app = ctx.store.get_application(app_id)
        words |= _words(app.company, as_written(app.company), app.agency, app.role)
        words |= _words(title_as_written(app.role))
        for contact in ctx.store.list_contacts(app_id):
            words |= _words(contact.name, as_written(contact.name))
        for interview in ctx.store.list_interviews(app_id):
            if interview.debrief is not None:
                words |= _words(*_debrief_texts(interview.debrief))
    return frozenset(words)


def _debrief_texts(debrief: Debrief) -> list[str]:
    """The debrief's texts, a first word that only starts a sentence in lower case
    ("Shipped the flow", "What success looks like"): that capital is not a name's, and a
    capitalised known word is excused from the capital rules, which must still see a pasted
    "about how Shipped the flow". A name that starts one ("Wei Ling asked ...") keeps it."""
    texts = [*debrief.strengths, *debrief.stumbles, *debrief.unaddressed, *debrief.cues]
    texts += [topic for _, topics in debrief.topics for topic in topics]
    texts += [text for q in debrief.questions for text in (q.question, q.answer)]
    if debrief.next_steps:
        texts.append(debrief.next_steps)
    return [_sentence_start_lowered(t.strip()) for t in texts]


def _sentence_start_lowered(text: str) -> str:
    first = text.split(" ", 1)[0]
    lower = first.lower()
    ordinary = lower in lexicon.CLOSED or lower in lexicon.NUMBER_WORDS or lexicon.looks_past(first)
    if first[1:].islower() and first != "I" and ordinary:
        return text[:1].lower() + text[1:]
    return text


def dialect_of(ctx: Context) -> Dialect:
    """The English the user writes: from the profile's country (American without one)."""
    profile = ctx.store.get_profile()
    return dialect_for(profile.country if profile else None)


def letter_dates(facts: dict[str, object]) -> LetterDates | None:
    """The days a draft was written for, from its facts (``send_day``, ``met_day``: ISO
    dates the drafting records); None when it recorded no send day."""
    send, met = _day(facts.get("send_day")), _day(facts.get("met_day"))
    return None if send is None else LetterDates(send_day=send, met_day=met)


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def sender_of(ctx: Context) -> tuple[str, str | None, str | None] | None:
    """The user's name, email and phone, for the sign-off checks; None without a profile."""
    profile = ctx.store.get_profile()
    if profile is None:
        return None
    # The name as the letters sign it (``drafting`` writes a lower-case one with capitals).
    return (as_written(profile.name), profile.email, profile.phone)
