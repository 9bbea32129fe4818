"""Review: the project's own rules plus any proofreading engines, over one text.

The engines (spelling and grammar, style, readability) arrive as ``Reviewer`` values built by
``bootstrap``; this module knows none of them. With no reviewers it runs the own rules
(``domain.review_rules``) alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from followup.domain import review_rules
from followup.domain.review import Finding, Severity, ordered
from followup.services.context import Context
from followup.services.ports import Reviewer


def review_text(
    text: str,
    *,
    kind: str | None,
    known_words: frozenset[str],
    reviewers: Sequence[Reviewer] = (),
    sender: tuple[str, str | None, str | None] | None = None,
) -> list[Finding]:
    """Every finding over ``text``, by position then severity (``ordered``)."""
    found = review_rules.check(text, kind=kind, known_words=known_words, sender=sender)
    for reviewer in reviewers:
        found.extend(reviewer.review(text, kind=kind, known_words=known_words))
    return ordered(found)


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _words(*texts: str | None) -> set[str]:
    """Names as whole phrases and as their single words (``Northwind Labs``, ``Northwind``)."""
    out: set[str] = set()
    for text in texts:
        if text:
            out.add(text.strip())
            out.update(w for w in re.findall(r"[^\W_][\w'&.-]*", text) if len(w) > 1)
    return out


def known_words_for(ctx: Context, app_id: int | None) -> frozenset[str]:
    """The names that are never mistakes: the profile's, and with an application its company,
    agency, role and contacts. ``NotFound`` (exit status 2) for an unknown application."""
    profile = ctx.store.get_profile()
    words = _words(profile.name, profile.signature) if profile else set()
    if app_id is not None:
        app = ctx.store.get_application(app_id)
        words |= _words(app.company, app.agency, app.role)
        for contact in ctx.store.list_contacts(app_id):
            words |= _words(contact.name)
    return frozenset(words)


def sender_of(ctx: Context) -> tuple[str, str | None, str | None] | None:
    """The user's name, email and phone, for the sign-off checks; None without a profile."""
    profile = ctx.store.get_profile()
    if profile is None:
        return None
    return (profile.name, profile.email, profile.phone)
