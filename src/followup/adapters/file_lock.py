"""An exclusive lock beside the database, held while the outbox sends or settles.

``fcntl.flock`` on a file of its own: the kernel drops it when the holder dies (even by
SIGKILL), so a crash never leaves a stale lock, and a message found in ``sending`` by the
lock's next holder is certainly a crash's leftover rather than another process's send.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from followup.domain.errors import OutsideFailure

WAIT_SECONDS = 120.0  # a send in progress takes seconds; longer means something is stuck


@contextmanager
def exclusive(path: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    import fcntl
    import time

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise OutsideFailure(f"cannot open the lock file {path}: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutsideFailure(
                        f"another followup has been sending for over {wait:.0f} s "
                        f"(lock {path}); try again later"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
