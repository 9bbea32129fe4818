"""A file the user named (``--out``), written whole or not at all: through a private
temporary file in the same folder, renamed over it, so a reader (a calendar app watching
the file) never sees half of it.

A name that cannot be written (no such folder, a folder, no permission) is the user's to
fix (``BadInput``), and is checked before any work is done; a disk that fails is an
``OutsideFailure``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from followup.domain.errors import BadInput, OutsideFailure, named


def check_target(path: str, *, replace: bool = True) -> str:
    """The folder ``path`` would be written in; ``BadInput`` when it cannot be (no name, no
    such folder, a folder named as the file; a file already there unless ``replace``).
    Asked before anything is read or written, so a bad ``--out`` leaves the database as it
    was."""
    if not path:
        raise BadInput("--out needs a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BadInput(f"cannot write {named(path)}: the folder {named(folder)} does not exist")
    if os.path.isdir(path):
        raise BadInput(f"cannot write {named(path)}: it is a folder; name a file in it")
    if not replace and os.path.lexists(path):
        raise _exists(path)
    return folder


def _exists(path: str) -> BadInput:
    return BadInput(f"{named(path)} exists; choose another name, or --force to replace it")


def write_atomically(path: str, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a private temporary file in the same folder,
    renamed over it: a reader (a calendar app watching the file) never sees half of it.

    A folder that does not exist, or a path that is a folder, is the user's to fix
    (``BadInput``); a disk that fails is an ``OutsideFailure``.
    """
    folder = check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".followup-", suffix=".tmp", dir=folder)
    except PermissionError:
        raise BadInput(
            f"cannot write {named(path)}: the folder {named(folder)} is not writable"
        ) from None
    except OSError as exc:
        raise OutsideFailure(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise _exists(path) from None
            finally:
                os.unlink(tmp)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutsideFailure(f"cannot write {path}: {exc.strerror or exc}") from exc
