"""How a person is addressed: the words after "Dear " or "Hi ".

A greeting that guesses wrong is worse than one that does not guess: "Dear Chua," to Chua Wei
Ling, or "Dear Wei," to Wei Ling Chua, tells the reader that no person wrote the letter. So the
answer is, in order: how the user said to address them (``greet``); their given name, or a
title and their family name in a formal letter, only where the name's structure is clear; and
otherwise the full name, which is never wrong. A title is never invented: it is the contact's
``title`` or one typed in the name.

nameparser reads what it knows: titles typed in the name ("Dr. Jane Smith"), suffixes ("Jr.",
"PhD"), nicknames ("Robert (Bob) Smith"), family-name particles ("van der", "Ó", "Al", "bin").
What it cannot know is written here, each with its reason: the order of a romanised name
(``family_first.py``), initials, patronymics that are not family names, and the capitals that
mark a family name. Like ``holidays`` in ``business_hours.py``, nameparser is pure computation,
imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from followup.domain.family_first import FAMILY_FIRST, fold

# One name word: letters, joined by hyphens or apostrophes ("Min-jun", "d'Arcy", "O'Neil").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

# nameparser files these as particles of a family name, but they say "son/daughter of":
# "Anwar bin Ibrahim" has no family name to put after "Mr" (Malay and Arabic patronymics;
# "a/l" and "s/o" are their Indian-Malaysian forms).
_PATRONYMIC = frozenset({"bin", "binti", "binte", "bint", "ibn", "bte", "a/l", "a/p", "s/o", "d/o"})

# nameparser reads "St. John Smith" as a title, but "St John" is more often a given name.
_NOT_TITLES = frozenset({"st", "st.", "saint"})

# What nameparser took for a nickname, in the delimiters it accepts: ``(Bob)``, ``"Bob"``,
# ``'Bob'`` (a whole quoted word only: not the apostrophe of O'Neil) and typographic quotes.
_DELIMITED = re.compile(
    r"\(([^()]*)\)|\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|\u2018([^\u2019]*)\u2019"
    r"|(?<!\w)'([^\s']+)'(?!\w)"
)


@dataclass(frozen=True)
class _Parts:
    """A name as nameparser reads it, plus the words as typed to check each part against."""

    typed: str  # as typed, spaces collapsed
    title: str
    first: str
    middle: str
    last: str
    suffix: str
    nickname: str


def addressed_as(name: str, *, greet: str | None, title: str | None, formal: bool) -> str:
    """The words after "Dear " / "Hi " for this person."""
    chosen = _one_line(greet)
    if chosen:
        return chosen  # the user's own words, capitals and all
    parts = _parts(as_written(name))
    clear = _clear(parts)
    if formal:
        honorific = as_written(_one_line(title) or "") or (
            parts.title if _typed(parts, parts.title) else None
        )
        if honorific and clear:
            return f"{honorific} {parts.last}"
        return _full(parts)
    nickname = parts.nickname
    if _NAME_WORD.fullmatch(nickname) and nickname in parts.typed:
        return nickname  # what they go by: one word, so never a note like "(she/her)"
    return parts.first if clear else _full(parts)


def given_name(name: str) -> str | None:
    """The given name when the name's structure is clear, else None."""
    parts = _parts(as_written(name))
    return parts.first if _clear(parts) else None


# Words a name or a company keeps in lower case inside it: "Charles de Gaulle", "Bank of
# America". (nameparser's particles are added on first use.)
_LOWER_INSIDE = frozenset({"and", "of", "the", "for", "in", "on", "at", "y", "e", "und", "et"})
# Company forms that are not written as a word: "acme ltd" -> "Acme Ltd", "foo gmbh" -> GmbH.
_FORMS = {
    "llc": "LLC", "llp": "LLP", "plc": "PLC", "gmbh": "GmbH", "ag": "AG", "sa": "SA",
    "sas": "SAS", "bv": "BV", "nv": "NV", "ab": "AB", "oy": "Oy", "spa": "SpA",
    "srl": "Srl", "pty": "Pty", "kk": "KK", "ai": "AI",
}  # fmt: skip


# Words a person types before a name and that are not part of it, for ``refers_to``.
_COURTESY = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "doctor", "sir", "dame"}
)


def refers_to(typed: str, name: str) -> bool:
    """Whether ``typed`` names this person as people type a colleague's name in their own
    notes: any of its words, in any order and case, with or without accents or a title
    ("haddad", "Leila", "Haddad, Leila", "dr haddad", "jonas weiss" for "Jonas Weiß").
    Every word typed must be a word of the name; at least one must be. Whether that is
    enough to tell one person from another is the caller's question (two Sams)."""
    wanted = _words_of(typed) - _COURTESY
    return bool(wanted) and wanted <= _words_of(name)


def _words_of(text: str) -> set[str]:
    return {fold(w) for w in _NAME_WORD.findall(text)}


def as_written(text: str) -> str:
    """A name typed all in lower case, as a letter writes it: "sam lee" -> "Sam Lee",
    "o'brien" -> "O'Brien", "jean-luc de la tour" -> "Jean-Luc de la Tour", "acme ltd" ->
    "Acme Ltd".

    People type names and companies in lower case at a command line; a letter that says
    "Dear sam," or signs "alex morgan" reads as not written by a person. Anything typed with
    a capital is left exactly as typed: "McDonald", "eBay", "bell hooks" typed so on purpose
    only loses out if typed all lower case, and ``contact add --greet`` says it exactly."""
    if not text or any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
        return text
    words = text.split(" ")
    return " ".join(
        word if i and _keeps_lower(word) else _capitalized(word) for i, word in enumerate(words)
    )


# Short forms a job title keeps in capitals however it was typed: "ux researcher" is a
# "UX researcher". Only these: the other words of a title read well in lower case in prose.
_TITLE_FORMS = {
    w: w.upper()
    for w in (
        "ux", "ui", "qa", "hr", "it", "ai", "ml", "nlp", "sre", "seo", "bi", "etl", "api",
        "crm", "erp", "gtm", "pm", "vp", "svp", "evp", "ceo", "cto", "cfo", "coo", "cio",
        "cmo", "cpo",
    )
} | {"devops": "DevOps", "ios": "iOS", "ux/ui": "UX/UI", "ui/ux": "UI/UX"}  # fmt: skip


def title_as_written(title: str) -> str:
    """A job title typed in lower case with its short forms in capitals: "ux researcher"
    -> "UX researcher", "senior sre" -> "senior SRE"; anything typed with a capital is
    left as typed ("UX Researcher", "Ux lead" on purpose)."""
    if not title or any(c.isupper() for c in title):
        return title
    return " ".join(_TITLE_FORMS.get(word, word) for word in title.split(" "))


def _keeps_lower(word: str) -> bool:
    return word in _LOWER_INSIDE or (word not in _FORMS and _particle(word))


def _capitalized(word: str) -> str:
    if word in _FORMS:
        return _FORMS[word]
    if any(c.isdigit() for c in word):
        return word  # "3m", "7eleven": nobody can tell their capitals
    pieces = re.split(r"(['\u2019-])", word)
    out = "".join(_upper_first(p) if len(p) > 1 or p.isalpha() else p for p in pieces)
    if re.fullmatch(r"Mc[a-z]{2,}", out):  # "mcdonald" -> "McDonald"
        out = "Mc" + out[2:].capitalize()
    return out


def _upper_first(piece: str) -> str:
    """Its first letter a capital, where the capital is one letter that turns back into it
    ("ß" would be "SS"; the micro sign "µ" would be a Greek capital mu)."""
    first = piece[:1].upper()
    return first + piece[1:] if len(first) == 1 and first.lower() == piece[:1] else piece


def _one_line(text: str | None) -> str | None:
    """Blank is "not given"; inner runs of spaces and line breaks become one space."""
    return (" ".join(text.split()) or None) if text else None


@lru_cache(maxsize=512)
def _parts(name: str) -> _Parts:
    from nameparser import HumanName  # ~50 ms: only when a letter is written

    parsed = HumanName(name)
    return _Parts(
        typed=" ".join(name.split()),
        title=parsed.title,
        first=parsed.first,
        middle=parsed.middle,
        last=parsed.last,
        suffix=parsed.suffix,
        nickname=parsed.nickname,
    )


def _clear(p: _Parts) -> bool:
    """One given name and one family name, in an order that is not in doubt.

    Conservative on purpose: a doubt costs a greeting by the full name, a wrong guess the
    letter.
    """
    family = p.last.split()
    if not (p.first and family) or p.middle or " " in p.first:
        return False
    if not (_typed(p, p.first) and _typed(p, p.last)) or fold(p.title) in _NOT_TITLES:
        return False
    if not (_is_name(p.first) and _is_name(family[-1])):
        return False  # an initial ("R. Venkatesh"), a digit, a stray bracket
    return (
        # "Chua Wei Ling", "Kim Min-jun", "Nagy Katalin"; but "Baker, Jo" says which is which.
        (fold(p.first) not in FAMILY_FIRST or _family_before_comma(p))
        and not _capitals_mark_family(p.first, family[-1])
        and all(_particle(word) for word in family[:-1])  # "van der Berg", not "San Suu Kyi"
        and not any(fold(word) in _PATRONYMIC for word in family)
    )


def _family_before_comma(p: _Parts) -> bool:
    """ "Baker, Jo": whoever typed the comma said the family name comes first, so "Jo" is
    the given name here even though it is a Korean family name elsewhere."""
    family, comma, given = p.typed.partition(",")
    return bool(comma) and family.split() == p.last.split() and given.split() == [p.first]


def _is_name(word: str) -> bool:
    """A name word of two letters or more: not an initial, not a number."""
    return len(word) > 1 and _NAME_WORD.fullmatch(word) is not None


def _capitals_mark_family(first: str, last: str) -> bool:
    """French and many Asian documents write the family name in capitals: "DUPONT Jean"."""
    return first.isupper() and not last.isupper()


def _particle(word: str) -> bool:
    from nameparser.config import CONSTANTS

    return word.lower() in CONSTANTS.prefixes


def _typed(p: _Parts, part: str) -> bool:
    """Every word of ``part`` is a word of the name as typed: nothing nameparser rewrote."""
    words = set(re.split(r"[\s,]+", p.typed))
    return bool(part) and all(w in words for w in part.split())


def _full(p: _Parts) -> str:
    """The whole name, as typed, without a nickname; "Chua, Wei Ling" turned round."""
    full = p.typed
    if p.nickname:
        full = _DELIMITED.sub(lambda m: " " if _is_nickname(m, p.nickname) else m[0], full)
        full = " ".join(full.split())
    family, comma, rest = full.partition(",")
    if comma and p.first and _typed(p, p.last) and p.first in rest.split() and p.last in family:
        inverted = " ".join(x for x in (p.title, p.first, p.middle, p.last, p.suffix) if x)
        if all(_typed(p, x) for x in inverted.split()):
            full = inverted
    return full or p.nickname or p.typed


def _is_nickname(match: re.Match[str], nickname: str) -> bool:
    inner = next((g for g in match.groups() if g is not None), "")
    return bool(inner.strip()) and inner.strip() in nickname
