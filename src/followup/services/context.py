"""What every use case is handed: its ports, the playbook's numbers and the time.

The clock is read once, by whoever builds a ``Context`` (the CLI through ``bootstrap``, a
test, the demo), so a command that runs for a while still sees one ``now`` throughout and
``--now`` can pin it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.policy import Policy

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Store


@dataclass(frozen=True)
class Context:
    store: Store
    policy: Policy
    now: datetime  # aware
    # Where the policy came from (a fingerprint of the config file), so a read can tell
    # whether cached plans still fit it without parsing the file. None: derive it from the
    # policy itself (tests, scripts that build a Policy in code).
    config_fingerprint: str | None = None
