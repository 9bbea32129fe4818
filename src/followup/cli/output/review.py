"""Findings as a person reads them: under their line, with a caret, like a compiler."""

from __future__ import annotations

from collections.abc import Sequence

from followup.domain.review import Finding


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def render(text: str, findings: Sequence[Finding], name: str = "-") -> str:
    """``name:line:col: severity [category] message``, the line, a caret run, the fix."""
    lines = text.split("\n")
    out: list[str] = []
    for f in findings:
        whole = f.start == 0 and f.end == 0
        line, col = position(text, f.start)
        where = f"{name}: " if whole else f"{name}:{line}:{col}: "
        out.append(f"{where}{f.severity.value} [{f.category.value}] {f.message}")
        if not whole:
            source = lines[line - 1]
            last = min(f.end, f.start + len(source) - col + 1)  # carets stay on the line
            width = max(1, last - f.start)
            out.append(f"    {source}")
            out.append("    " + " " * (col - 1) + "^" * width)
        if f.suggestion:
            out.append(f"    fix: {f.suggestion}")
    return "\n".join(out)


def summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "No findings: ready to send."
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] > 1 else ''}"
        for s in ("error", "warning", "info")
        if s in counts
    ]
    return ", ".join(parts) + "."
