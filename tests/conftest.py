"""Shared test settings and the hypothesis profiles: ``dev`` by default, ``ci`` when
``CI=true``, or the one ``HYPOTHESIS_PROFILE`` names (``thorough``: ten times ``ci``'s
examples). tests/hypothesis_profiles.py says why and how a test's own count follows them.

The mail-server fixtures import ``tests.mailservers`` only when a test asks for them, so the
unit tests never pay for aiosmtpd or trustme.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

from tests.hypothesis_profiles import CI_EXAMPLES, DEV_EXAMPLES

if TYPE_CHECKING:
    from tests.mailservers import MailServers, MailUser

_COMMON: dict[str, Any] = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=DEV_EXAMPLES, **_COMMON)
settings.register_profile("ci", max_examples=CI_EXAMPLES, print_blob=True, **_COMMON)
settings.register_profile("thorough", max_examples=10 * CI_EXAMPLES, print_blob=True, **_COMMON)
_IN_CI = os.environ.get("CI", "").lower() in {"true", "1"}
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))


_REPORTS = pytest.StashKey[list[str]]()


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Add a line to the run's report (a corpus's recall ...): printed in pytest's terminal
    summary at the end, where it does not break the progress dots."""
    return request.config.stash.setdefault(_REPORTS, []).append


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = config.stash.get(_REPORTS, [])
    if lines:
        terminalreporter.section("reports")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True, scope="session")
def review_worker_folder() -> Iterator[None]:
    """Every review worker the suite starts (``followup check`` and ``draft`` start one)
    lives in a folder of the run's own and is stopped at the end, so none outlives it."""
    folder = tempfile.mkdtemp(prefix="fu-")  # short: a socket path has ~100 bytes at most
    os.environ["FOLLOWUP_RUNTIME_DIR"] = folder
    yield
    from followup.adapters.review import worker as review_worker

    for path in Path(folder).glob("review-*.sock"):
        review_worker.stop(path)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mail_servers() -> Iterator[MailServers]:
    """A real Dovecot and the three aiosmtpd variants for the whole run (tests/mailservers.py).

    Started once: a test that needs an empty mailbox takes ``mail_user`` (or calls
    ``mail_servers.new_user()``) rather than restarting anything.
    """
    from tests.mailservers import mail_servers as start

    with start() as servers:
        yield servers


@pytest.fixture
def mail_user(mail_servers: MailServers) -> MailUser:
    """A fresh, empty mailbox on ``mail_servers``: (address, password, account)."""
    from tests.mailservers import MailUser

    address, password = mail_servers.new_user()
    return MailUser(address, password, mail_servers.account(address))
