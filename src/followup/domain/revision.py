"""The planner's revision, apart from the planner so reading it costs nothing.

Bump it whenever the planner's output for the same input changes: cached plans carry the
revision in their basis, so the next read re-plans everything once. It lives on its own
because every ``today`` and ``plan`` checks it, and those must not import the planner.
"""

PLANNER_VERSION = "11"


def plan_basis(config_fingerprint: str) -> str:
    """What cached plans depend on besides the histories: this planner and the config file.

    The profile is not part of it: the only way to change the profile is a write that
    re-plans everything at once. The config file can change behind followup's back, so its
    fingerprint (of its bytes) is; a read that finds another basis re-plans everything once.
    """
    return f"planner {PLANNER_VERSION}; config {config_fingerprint}"
