"""What a proofreading of a draft finds: the shared shape of every check (issue 4).

Every engine — the project's own rules, spelling and grammar, style, readability — reports
``Finding`` values over the same text, so one list can be sorted, counted, shown under its
line with a caret, printed as JSON, and used to refuse a send that has errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup.domain.kinds import _Named


class Category(_Named):
    SPELLING = "spelling"
    GRAMMAR = "grammar"
    PLACEHOLDER = "placeholder"
    TONE = "tone"
    STRUCTURE = "structure"
    LENGTH = "length"
    READABILITY = "readability"


class Severity(_Named):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


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
