"""How many examples a property runs under the hypothesis profile the run loaded.

``tests/conftest.py`` registers three profiles: ``dev`` (the default on a workstation: the
unit tests are the fast feedback loop), ``ci`` (chosen when ``CI=true``: the counts the
suite has always run) and ``thorough`` (``HYPOTHESIS_PROFILE=thorough``: ten times those).
A property that names its own count, because one example is dearer or cheaper than most,
passes it through ``examples`` so that the count follows the profile like the others do;
the count it names is the one CI runs.
"""

from __future__ import annotations

from hypothesis import settings

CI_EXAMPLES = 300
"""The ``ci`` profile's ``max_examples``: what a count written in a test is relative to."""

DEV_EXAMPLES = 25
"""The ``dev`` profile's, a twelfth of CI's: the common slip shows in a few examples, and
hypothesis replays a failure it has found before first (its database in .hypothesis/); the
rare case is CI's to find. On the shared 2-core machine, loaded by other work, ``pytest
tests/unit`` took 17-23 s at 50 and 13-20 s at 25 (9-10 s when it is quiet)."""

FEWEST = 10
"""Below this a property hardly explores: the lightest profile still runs this many."""


def examples(count: int) -> int:
    """``count`` scaled by the loaded profile (``ci``: ``count`` itself)."""
    return max(FEWEST, round(count * settings().max_examples / CI_EXAMPLES))
