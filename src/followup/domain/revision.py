"""The planner's revision, apart from the planner so reading it costs nothing.

Bump it whenever the planner's output for the same input changes: cached plans carry the
revision in their basis, so the next read re-plans everything once. It lives on its own
because every ``today`` and ``plan`` checks it, and those must not import the planner.
"""

PLANNER_VERSION = "7"
