"""The documents' files (issue 18): one file per content, named by its SHA-256, in a private
folder beside the database (``<db>.files/ab/abcdef...``), and what the bytes really are.

Files are written whole or not at all (a private temporary file in the same folder, synced,
renamed into place), so a reader never finds half a résumé under a hash. The folder is 0700
and every file 0600: documents are as private as the database. A name is only ever a hash
checked by ``domain.documents.is_sha256``, so nothing read from the database can point
outside the folder.

The media type comes from the bytes (``filetype``: magic numbers, pure Python), never from
the name; what it does not know is UTF-8 text or else ``application/octet-stream``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator

from followup.domain.documents import OCTET_STREAM, is_sha256
from followup.domain.errors import OutsideFailure

# A file younger than this is never collected as an orphan: a ``doc add`` in another process
# may have written it and be about to record its row.
ORPHAN_AGE_SECONDS = 3600.0


def media_type(data: bytes) -> str:
    """What ``data`` is, from its content: ``application/pdf``, ``image/png``, a Word
    document ... ``text/plain`` for UTF-8 text without NUL bytes; else octet-stream."""
    import filetype  # type: ignore[import-untyped]  # ~5 ms: only when a document is added

    kind = filetype.guess(data[:8192]) if data else None
    if kind is not None:
        return str(kind.mime)
    if data and b"\x00" not in data[:8192]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return OCTET_STREAM
        if data.startswith(b"#!"):
            return "application/x-shellscript"
        return "text/plain"
    return OCTET_STREAM


class DocumentFolder:
    """The ``DocumentFiles`` port on a local folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def media_type(self, data: bytes) -> str:
        return media_type(data)

    def path(self, sha256: str) -> str:
        if not is_sha256(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return os.path.join(self.folder, sha256[:2], sha256)

    def put(self, data: bytes) -> str:
        """Store ``data`` (once: the same bytes again write nothing) and return its hash."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if self._intact(target, len(data)):
            return sha256
        shard = os.path.dirname(target)
        try:
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            os.chmod(self.folder, 0o700)
            os.makedirs(shard, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=shard)  # mkstemp: mode 0600
        except OSError as exc:
            raise OutsideFailure(
                f"cannot store the document in {self.folder}: {exc.strerror or exc}"
            ) from exc
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise OutsideFailure(
                f"cannot store the document in {self.folder}: {exc.strerror or exc}"
            ) from exc
        return sha256

    def has(self, sha256: str) -> bool:
        return os.path.isfile(self.path(sha256))

    def read(self, sha256: str) -> bytes:
        try:
            with open(self.path(sha256), "rb") as f:
                return f.read()
        except FileNotFoundError:
            raise OutsideFailure(
                f"the document's file {sha256[:12]}... is missing from {self.folder}; "
                "restore the folder from a backup, or remove the document and add it again"
            ) from None
        except OSError as exc:
            raise OutsideFailure(f"cannot read a document in {self.folder}: {exc}") from exc

    def remove(self, sha256: str) -> None:
        """Gone already is fine: removing is what was wanted."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(sha256))

    def collect(self, keep: set[str]) -> list[str]:
        """Remove the files no document refers to (``keep``: the hashes that are), older
        than an hour, and temporary files a crash left behind; the hashes removed."""
        gone: list[str] = []
        cutoff = time.time() - ORPHAN_AGE_SECONDS
        for path, name in self._files():
            with contextlib.suppress(OSError):
                if os.stat(path).st_mtime > cutoff:
                    continue
                if name.startswith(".tmp-"):
                    os.unlink(path)
                elif is_sha256(name) and name not in keep:
                    os.unlink(path)
                    gone.append(name)
        return gone

    def _files(self) -> Iterator[tuple[str, str]]:
        with contextlib.suppress(FileNotFoundError):
            for shard in os.scandir(self.folder):
                if shard.is_dir(follow_symlinks=False) and len(shard.name) == 2:
                    for entry in os.scandir(shard.path):
                        if entry.is_file(follow_symlinks=False):
                            yield entry.path, entry.name

    @staticmethod
    def _intact(path: str, size: int) -> bool:
        try:
            return os.stat(path).st_size == size
        except OSError:
            return False
