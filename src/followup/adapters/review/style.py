"""Style by proselint's Python API (``proselint.tools.LintFile``), offline.

proselint's checks register themselves once per process (``CheckRegistry`` is a
singleton); a check path's first part decides the category: clichés, corporate speak,
hedging and weasel words are tone; the rest (malapropisms, uncomparables, redundancy,
typography ...) grammar. Clichés and corporate speak are warnings; hedging is info, because
a polite letter uses it.

Two of its checks are off (``CONFIG``): ``weasel_words.very`` ("Substitute 'damn' every time
you're inclined to write 'very'") fires on nearly every polite letter and is advice for
essayists; ``lexical_illusions`` (a word twice in a row) is an own rule, which knows that a
signature's "Nur Aisyah" above "aisyah@example.sg" is no repetition.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from followup.domain.review import Category, Dialect, Finding, Severity

if TYPE_CHECKING:
    from proselint.config import Config

_TONE = frozenset(
    {"cliches", "industrial_language", "hedging", "weasel_words", "psychology",
     "social_awareness", "mixed_metaphors", "oxymorons", "annotations", "restricted"}
)  # fmt: skip
_INFO = ("hedging", "weasel_words", "typography.symbols", "dates_times", "social_awareness")

_OFF = {"weasel_words.very": False, "lexical_illusions": False}

_lock = threading.Lock()
_registered: list[bool] = []  # one item once proselint's checks are registered


def _register() -> None:
    with _lock:
        if not _registered:
            from proselint.checks import __register__
            from proselint.registry import CheckRegistry

            CheckRegistry().register_many(__register__)
            _registered.append(True)


def config() -> Config:
    """proselint's defaults with ``_OFF`` switched off. Its registry wants the most specific
    keys first ("weasel_words.very" before "weasel_words")."""
    from proselint.config import DEFAULT

    checks = {**DEFAULT["checks"], **_OFF}
    ordered = dict(sorted(checks.items(), key=lambda item: item[0].count("."), reverse=True))
    return {"max_errors": DEFAULT["max_errors"], "checks": ordered}


class ProselintReviewer:
    """The ``Reviewer`` for style (the same in every dialect)."""

    def __init__(self) -> None:
        self._config: Config | None = None

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]:
        if not text.strip():
            return []
        _register()
        from proselint.tools import LintFile

        if self._config is None:
            self._config = config()
        results = LintFile("<draft>", text).lint(self._config)
        findings: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        for result in results:
            check = result.check_result
            # LintFile pads the text with a newline on each side: spans are one further on.
            start, end = check.span[0] - 1, check.span[1] - 1
            start, end = max(0, start), min(len(text), end)
            if not any(c.isalpha() for c in text[start:end]):  # "555 010 0199": a number
                continue
            family = check.check_path.split(".")[0]
            category = Category.TONE if family in _TONE else Category.GRAMMAR
            if (start, end, category.value) in seen:  # a cliché that is also corporate speak
                continue
            seen.add((start, end, category.value))
            informative = check.check_path.startswith(_INFO)
            severity = Severity.INFO if informative else Severity.WARNING
            message = f"{check.message} [{check.check_path}]"
            findings.append(
                Finding(category, severity, message, start, end, check.replacements or None)
            )
        return findings
