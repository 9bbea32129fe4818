"""What a careful reader notices in a drafted letter, as checks the tests share.

Each check names a way a letter betrays that it was assembled rather than written: a phrase
pasted into a frame it does not fit ("about how ran a diary study"), a doubled word at a
seam, a sentence that starts in lower case after a pasted full stop, a role without its
article ("as Senior UX Researcher"), a blank or a ``None``. ``problems`` returns one line per
finding, so an assertion shows exactly what a hiring manager would have read.
"""

from __future__ import annotations

import re

from followup.domain import lexicon

_SEAM = re.compile(
    r"\b(?P<before>about|how|of|that|think|believe|with|on|is|for|discuss|through)\s+"
    r"(?P<word>[a-z]+)\b"
)
_DOUBLED = re.compile(r"\b(?P<word>\w+)[ \t]+(?P=word)\b(?!@)", re.IGNORECASE)
_LEGIT_DOUBLES = frozenset({"that", "had"})
_LOWER_AFTER_STOP = re.compile(r"[a-z0-9)][.!?] +[a-z]")
_BLANKS = re.compile(r"\bNone\b|\{\{|\}\}|\[[^\]]*\]|<[^>@]*>|\s,|\s\.(?!\w)|  ")


def problems(letter: str, *, role: str | None = None) -> list[str]:
    """What reads as broken in ``letter`` (subject and body); empty when nothing does."""
    found = []
    for m in _SEAM.finditer(letter):
        word = m.group("word")
        if lexicon.is_past_form(word) and word not in lexicon.AUXILIARIES:
            found.append(f"a past tense pasted after {m.group('before')!r}: {m.group(0)!r}")
    for m in _DOUBLED.finditer(letter):
        if m.group("word").lower() not in _LEGIT_DOUBLES and not m.group("word").isdigit():
            found.append(f"a doubled word: {m.group(0)!r}")
    for m in _LOWER_AFTER_STOP.finditer(letter):
        found.append(f"a sentence starting in lower case: {m.group(0)!r}")
    for m in _BLANKS.finditer(letter):
        found.append(f"a blank or a broken seam: {m.group(0)!r}")
    if role and re.search(rf"\bas {re.escape(role)}\b", letter):
        found.append(f"the role without an article: 'as {role}'")
    if role and re.search(rf"\b{re.escape(role)} role role\b", letter):
        found.append("'role role'")
    return found
