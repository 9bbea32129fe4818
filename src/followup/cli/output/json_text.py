"""The machine-readable output: plain dicts whose keys are the interface scripts rely on.

The records themselves are shaped in ``services.records``, the one place the CLI's
``--json`` and the ``/api`` both take them from; ``plan --json`` and ``today --json`` come
from the read model in ``services.read_models``. This module only writes them out.
"""

from __future__ import annotations


def dumps(value: object, pretty: bool) -> str:
    """Indented for a person at a terminal; one line for a program.

    Any indent makes ``json`` fall back from its C encoder to pure Python, three times
    slower on a ``today`` of thousands of actions, and programs do not need it.
    """
    import json

    if pretty:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def write(value: object) -> None:
    """Print ``value`` as JSON, in UTF-8 whatever the console's encoding (RFC 8259)."""
    import sys

    out = sys.stdout
    text = dumps(value, pretty=out.isatty()) + "\n"
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text-only stream someone put in place (an embedding, a test)
        out.write(text)
        return
    out.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()
