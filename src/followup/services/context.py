"""What every use case is handed: its ports, the playbook's numbers and the time.

The clock is read once, by whoever builds a ``Context`` (the CLI through ``bootstrap``, a
test, the demo), so a command that runs for a while still sees one ``now`` throughout and
``--now`` can pin it. A use case that must read the time again (a send dates each letter
when it is handed over) calls ``tick``, which ``--now`` pins as well.

``ports`` hands out every adapter besides the store (mail servers, composer, reviewers,
templates, secrets, the user's files), each built on first use by ``bootstrap``; the CLI
and the web take them from here and never from ``bootstrap`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from followup.domain.policy import Policy

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Ports, Store


class _Unwired:
    """The ports of a ``Context`` built without adapters (a test of pure use cases): asking
    for one is a programming error that names it, never a silent stand-in."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(
            f"ctx.ports.{name}: this Context was built without adapters; "
            "build it through bootstrap.session or pass ports="
        )


UNWIRED: Ports = _Unwired()  # type: ignore[assignment]  # fails loudly, see _Unwired


@dataclass(frozen=True)
class Context:
    store: Store
    policy: Policy
    now: datetime  # aware
    # Where the policy came from (a fingerprint of the config file), so a read can tell
    # whether cached plans still fit it without parsing the file. None: derive it from the
    # policy itself (tests, scripts that build a Policy in code).
    config_fingerprint: str | None = None
    ports: Ports = UNWIRED
    # The clock to read again mid-command (``tick``); None: time stands at ``now``.
    clock: Callable[[], datetime] | None = None

    def tick(self) -> datetime:
        """The time now, on the user's clock: later than ``now`` in a long command, equal
        to it when ``--now`` pins the time or no clock was given."""
        return self.now if self.clock is None else self.clock()
