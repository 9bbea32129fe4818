"""Waiting on a condition instead of sleeping for a guess.

A fixed ``time.sleep`` is too long on a fast machine and, worse, too short on a loaded one:
then the test goes on before the thing it meant to check has happened and quietly checks
less. ``wait_until`` polls the condition itself and fails loudly when the deadline passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], *, what: str, timeout: float = 10.0, every: float = 0.02
) -> T:
    """The first truthy value ``condition()`` returns; ``AssertionError`` naming ``what`` if
    none comes within ``timeout`` seconds (generous: a deadline only matters when broken)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        time.sleep(every)
