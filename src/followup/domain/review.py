"""What a proofreading of a draft finds: the shared shape of every check (issue 4).

Every engine — the project's own rules, spelling and grammar, style, readability — reports
``Finding`` values over the same text, so one list can be sorted, counted, shown under its
line with a caret, printed as JSON, and used to refuse a send that has errors.

Also the two things a review is told about the letter beyond its words (issue 11): the
``Dialect`` its writer spells in ("programme" is right in Singapore and a typo in Ohio), and
its ``LetterDates`` (the day it goes out and the day of the interview it is about), so that a
"yesterday" about a meeting a week ago is caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from followup.domain.kinds import _Named


class Category(_Named):
    SPELLING = "spelling"
    GRAMMAR = "grammar"
    PLACEHOLDER = "placeholder"
    TONE = "tone"
    STRUCTURE = "structure"
    LENGTH = "length"
    READABILITY = "readability"
    FACTS = "facts"  # what the letter says that the record contradicts ("yesterday" ...)


class Severity(_Named):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Dialect(_Named):
    """The English a letter is spelt in: Harper's dialects, by name."""

    AMERICAN = "american"
    BRITISH = "british"
    AUSTRALIAN = "australian"
    CANADIAN = "canadian"
    INDIAN = "indian"


# Countries (ISO 3166 alpha-2) whose written English is not American. The Commonwealth
# (British spelling outside Australia, Canada and India, which have their own) and Europe,
# where schools and the EU's own style guide teach British spelling; everywhere else
# (the US and its territories, the Philippines, Latin America, East Asia ...) and an
# unknown country: American, Harper's own default and the spelling most software writes.
_OWN_DIALECT = {"AU": Dialect.AUSTRALIAN, "CA": Dialect.CANADIAN, "IN": Dialect.INDIAN}
_BRITISH_TEXT = """
    GB UK IE IM JE GG GI SG NZ ZA HK MY MT CY KE NG GH UG TZ ZM ZW BW NA MW SL GM LS SZ
    MU SC PK LK BD NP BN FJ PG WS TO JM TT BB BS BZ GY AG DM GD KN LC VC BM KY VG TC FK
    AT BE BG HR CZ DK EE FI FR DE GR HU IS IT LV LI LT LU NL NO PL PT RO SK SI ES SE CH
"""
_BRITISH = frozenset(_BRITISH_TEXT.split())


def dialect_for(country: str | None) -> Dialect:
    """The dialect a person in ``country`` (ISO 3166 code, any case) most likely writes:
    US -> American; GB, IE, SG, NZ, ZA ... -> British; AU, CA, IN their own."""
    code = (country or "").strip().upper()
    if code in _OWN_DIALECT:
        return _OWN_DIALECT[code]
    return Dialect.BRITISH if code in _BRITISH else Dialect.AMERICAN


@dataclass(frozen=True)
class LetterDates:
    """The days a letter's time words are judged against.

    ``send_day`` is the day it is planned to go out, on the recipient's clock (not the day it
    was drafted); ``met_day`` the day of the interview or conversation it is about, None when
    it is about none (then no time word is checked).
    """

    send_day: date
    met_day: date | None


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: ``text[start:end]`` (character offsets; both 0 for the whole)."""

    category: Category
    severity: Severity
    message: str
    start: int
    end: int
    suggestion: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category.value,
            "severity": self.severity.value,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


def ordered(findings: list[Finding]) -> list[Finding]:
    """By position, then the most serious first: the order a person fixes them in."""
    return sorted(findings, key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.end))
