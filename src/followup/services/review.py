"""Review: the project's own rules plus any proofreading engines, over one text.

The engines (spelling and grammar, style, readability) arrive as ``Reviewer`` values built by
``bootstrap``; this module knows none of them. With no reviewers it runs the own rules
(``domain.review_rules``) alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from followup.domain import review_rules
from followup.domain.review import SEVERITY_ORDER, Category, Finding, Severity, ordered
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
    own = review_rules.check(text, kind=kind, known_words=known_words, sender=sender)
    found = list(own)
    for reviewer in reviewers:
        found.extend(
            f
            for f in reviewer.review(text, kind=kind, known_words=known_words)
            if not _said_already(f, own)
        )
    return ordered(found)


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
