"""Shared test settings. HYPOTHESIS_PROFILE=thorough runs the property tests ten times longer."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def review_worker_folder() -> Iterator[None]:
    """Every review worker the suite starts (``followup check`` and ``draft`` start one)
    lives in a folder of the run's own and is stopped at the end, so none outlives it."""
    folder = tempfile.mkdtemp(prefix="fu-")  # short: a socket path has ~100 bytes at most
    os.environ["FOLLOWUP_RUNTIME_DIR"] = folder
    yield
    from followup.adapters import review_worker

    for path in Path(folder).glob("review-*.sock"):
        review_worker.stop(path)
    shutil.rmtree(folder, ignore_errors=True)
