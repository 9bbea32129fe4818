"""Spelling and grammar by Harper (``harper-py``), offline: the curated dictionary ships in
the wheel.

Building a ``harper.Linter`` builds that dictionary and is the expensive step (about 0.7 s),
so there is one per process and dialect (``linter(dialect)``), built on first use: a review
in British English ("programme", "organised") gets the British Linter, and a process that only
ever reviews American letters never builds another; ``load_seconds()`` tells what the first
cost. The job-search vocabulary is imported into each once. The known words of a review (names of
the company, the role, the contacts, the user) are not: a Linter outlives one review (in the
review worker, many), and one application's names must not become correct spellings in
another's letters. Lints on them are dropped instead.

Names must never make a clean letter fail: an unknown word that starts with a capital is at
most ``info``. Harper's repeated-word lints are dropped: the own rules find repeated words and
know the doubles that are English ("had had", "that that"), which Harper flags.
"""

from __future__ import annotations

import re
import threading
import time
from typing import TYPE_CHECKING, ClassVar

from followup.domain.review import Category, Dialect, Finding, Severity

if TYPE_CHECKING:
    import harper

# Words a job seeker writes that a general dictionary does not hold (or wants split).
VOCABULARY: tuple[str, ...] = (
    "OKR", "OKRs", "KPI", "KPIs", "roadmap", "roadmaps", "SaaS", "PaaS", "IaaS", "B2B", "B2C",
    "Kubernetes", "Terraform", "DevOps", "MLOps", "SRE", "SREs", "backend", "frontend",
    "fullstack", "onboarding", "offboarding", "upskilling", "stakeholder", "stakeholders",
    "microservices", "microservice", "API", "APIs", "SDK", "SDKs", "CI", "CD", "GitHub",
    "GitLab", "LinkedIn", "PostgreSQL", "Postgres", "SQL", "NoSQL", "JavaScript", "TypeScript",
    "Python", "Golang", "Kafka", "Redis", "AWS", "GCP", "Azure", "dataset", "datasets",
    "recruiter", "recruiters", "hiring", "interviewer", "interviewers", "startup", "startups",
    "scalability", "observability", "runbook", "runbooks", "on-call", "cross-functional",
    "UX", "UI", "PM", "CTO", "CEO", "VP", "HR", "ATS", "ARR", "MRR", "GTM", "ROI", "Q1", "Q2",
    "Q3", "Q4", "Zoom", "Slack", "Jira", "Figma", "Datadog", "Grafana",
)  # fmt: skip

_GRAMMAR_KINDS = frozenset(
    {"Grammar", "Agreement", "Punctuation", "Capitalization", "Repetition", "BoundaryError",
     "Nonstandard", "Usage", "Eggcorn", "Malapropism", "Typo"}
)  # fmt: skip
_SPELLING_KINDS = frozenset({"Spelling"})
_LEFT_TO_THE_OWN_RULES = frozenset({"Repetition"})
_WORD = re.compile(r"[^\W_][\w'\u2019.-]*[^\W_]|[^\W_]")

_lock = threading.Lock()


class _Process:
    """This process's Linters, one per dialect, and what building the first cost."""

    linters: ClassVar[dict[Dialect, harper.Linter]] = {}
    load_seconds: float | None = None


def load_seconds() -> float | None:
    """Seconds that building this process's first Linter took (None: none built yet)."""
    return _Process.load_seconds


def linter(dialect: Dialect = Dialect.AMERICAN) -> harper.Linter:
    """The process's Linter for ``dialect``, built on first use with the job-search
    vocabulary."""
    with _lock:
        built = _Process.linters.get(dialect)
        if built is None:
            import harper

            began = time.perf_counter()
            built = harper.Linter(harper.Dialect[dialect.name])
            built.import_words(list(VOCABULARY))
            if _Process.load_seconds is None:
                _Process.load_seconds = time.perf_counter() - began
            _Process.linters[dialect] = built
        return built


def warm_up(dialect: Dialect = Dialect.AMERICAN) -> threading.Thread:
    """Start building the Linter in a thread (Harper releases the GIL while it builds)."""
    thread = threading.Thread(target=linter, args=(dialect,), name="harper-linter", daemon=True)
    thread.start()
    return thread


def _words_of(names: frozenset[str]) -> set[str]:
    """ "Priya Raman", "Northwind Labs" -> each word, as typed and possessive."""
    words: set[str] = set()
    for name in names:
        for word in _WORD.findall(name):
            words.add(word)
            words.add(word + "'s")
    return words


class HarperReviewer:
    """The ``Reviewer`` for spelling and grammar.

    Made, it starts building the Linter of ``warm`` (the dialect its reviews will most
    likely ask for) in a thread, so that the other engines (put it last) and the own rules run
    while Harper loads its dictionary.
    """

    def __init__(self, warm: Dialect = Dialect.AMERICAN) -> None:
        if warm not in _Process.linters:
            warm_up(warm)

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]:
        import harper

        checker = linter(dialect)
        with _lock:
            lints = checker.lint(text, language=harper.Language.PLAINTEXT)
        known = _words_of(known_words)
        vocabulary = {w.casefold() for w in VOCABULARY} | {w.casefold() for w in known}
        findings: list[Finding] = []
        for lint in lints:
            finding = _finding(lint, vocabulary, text)
            if finding is not None:
                findings.append(finding)
        return findings


# Harper's "possessive your" reads "speak with you yesterday" as "your yesterday": a false
# alarm on the commonest line of a thank-you. After these words "you" is the object.
_TIME_AFTER_YOU = re.compile(
    r"\s+(?:yesterday|today|tomorrow|tonight|again|earlier|later|soon|last|next|this|on|all"
    r"|both|personally|briefly)\b",
    re.IGNORECASE,
)


def _you_before_a_time_word(problem: str, suggestions: list[str], text: str, end: int) -> bool:
    return (
        problem.casefold() == "you"
        and "your" in suggestions
        and _TIME_AFTER_YOU.match(text, end) is not None
    )


def _whole_word(text: str, start: int, end: int) -> tuple[int, int]:
    """The word around ``text[start:end]``: Harper cuts some names with accents in two
    ("Zs" + "ófia" of "Zsófia"), and the half is neither a known word nor capitalised."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _finding(lint: harper.Lint, vocabulary: set[str], text: str) -> Finding | None:
    problem = lint.problem_text
    if lint.lint_kind in _LEFT_TO_THE_OWN_RULES:
        return None
    if problem.casefold() in vocabulary or problem.rstrip(".").casefold() in vocabulary:
        return None  # "roadmap" -> "road map", a name taken for a typo; "T." of "T. Nakamura"
    suggestions = [s.replacement_text for s in lint.suggestions if s.replacement_text]
    if _you_before_a_time_word(problem, suggestions, text, lint.span.end):
        return None
    suggestion = suggestions[0] if suggestions else None
    start, end = lint.span.start, lint.span.end
    message = lint.message.replace("`", "'")
    if lint.lint_kind in _SPELLING_KINDS and " " not in problem:
        start, end = _whole_word(text, start, end)
        problem = text[start:end]
        if problem.casefold() in vocabulary:
            return None
    if lint.lint_kind in _SPELLING_KINDS:
        capitalised = problem[:1].isupper()
        severity = Severity.INFO if capitalised else Severity.ERROR
        if capitalised:
            message = f"'{problem}' is not in the dictionary (a name? add it to known words)"
        elif len(suggestions) > 1:
            message = f"{message} ({', '.join(suggestions[:3])})"
        return Finding(Category.SPELLING, severity, message, start, end, suggestion)
    if lint.lint_kind in _GRAMMAR_KINDS:
        severity = (
            Severity.INFO if problem[:1].isupper() and " " not in problem else Severity.WARNING
        )
        return Finding(Category.GRAMMAR, severity, message, start, end, suggestion)
    # Style, WordChoice, Enhancement, Readability, Redundancy ...: advice, never blocking.
    category = Category.READABILITY if lint.lint_kind == "Readability" else Category.GRAMMAR
    return Finding(category, Severity.INFO, message, start, end, suggestion)
