"""Refuse a TOML document that nests too deeply, before ``tomllib`` is given it.

``tomllib`` (like every TOML library in the standard library's reach) parses arrays and
inline tables by recursion and has no depth limit: ``a = [[[[...]]]]`` a hundred thousand
deep ends in a ``RecursionError``, and a dotted key ``a.a.a...a = 1`` of thirty thousand parts
makes it build every prefix of the key, quadratic in memory. Catching ``RecursionError``
alone would leave the second, and how deep the stack already is differs by caller. So this
hand-written scan runs first: one pass, linear, that skips strings and comments (a ``[`` in
``"a [note]"`` is text) and measures, at every point, the open brackets and braces plus the
dots of the key or value being read. It is deliberately coarser than a parser (``1.5`` counts
one dot, a table header's parts are not added to the keys below it): it only has to stay far
above what a person writes and far below what breaks ``tomllib`` (``TOML_DEPTH``).

Pure: text in, ``BadInput`` out, so the services (debrief files) and the adapters (the config
file) share it.
"""

from __future__ import annotations

import re

from followup.domain.errors import BadInput
from followup.domain.limits import TOML_DEPTH

# What the scan stops at; everything else is skipped in one regex step.
_INTERESTING = re.compile(r"[\"'#\[\]{}=,.\n]")
# The rest of a string once its opening quote(s) are consumed, up to and including the
# closing quote(s). Written as "unrolled loops" (no nested alternation under a repeat) so a
# long string costs one linear pass and no backtracking. TOML lets a multi-line string end in
# up to two extra quotes (``""""`` is a quote, then the end), hence ``{3,5}``.
_BASIC = re.compile(r'[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL = re.compile(r"[^'\n]*'")
_MULTI_BASIC = re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"{3,5}', re.DOTALL)
_MULTI_LITERAL = re.compile(r"[^']*(?:'(?!'')[^']*)*'{3,5}")


def nesting(text: str) -> int:
    """The deepest nesting in ``text``: open brackets and braces plus dots in one key or
    value. An unterminated string ends the scan (``tomllib`` refuses the document anyway)."""
    deepest = depth = dots = 0
    at, end = 0, len(text)
    while at < end:
        found = _INTERESTING.search(text, at)
        if found is None:
            break
        char, at = found.group(), found.end()
        if char in "\"'":
            triple = text.startswith(char * 2, at)
            if triple:
                closing = (_MULTI_BASIC if char == '"' else _MULTI_LITERAL).match(text, at + 2)
            else:
                closing = (_BASIC if char == '"' else _LITERAL).match(text, at)
            if closing is None:
                break
            at = closing.end()
        elif char == "#":
            newline = text.find("\n", at)
            at = end if newline < 0 else newline
        elif char in "[{":
            depth += 1
            dots = 0
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == ".":
            dots += 1
        else:  # = , newline: a new key or value starts
            dots = 0
        deepest = max(deepest, depth + dots)
    return deepest


def check_depth(text: str) -> None:
    """Refuse ``text`` if it nests deeper than ``TOML_DEPTH`` (see the module's doc)."""
    if nesting(text) > TOML_DEPTH:
        raise BadInput(
            f"nested more than {TOML_DEPTH} levels deep (brackets, braces or dotted "
            "keys); nothing this file holds needs that"
        )
