"""Read a file the user named (or standard input) without trusting it to be small or to end.

Every file the program reads comes from the user: a letter to ``check``, a debrief
``--from``, a message to ``inbox classify``, the config file, a template. Read naively,
``followup check /dev/zero`` grows until the machine kills it. Here a read:

- refuses what is not a file before opening it: a folder, a character or block device
  (``/dev/zero``, ``/dev/urandom``, a terminal named by path), a socket. Opening a device can
  itself have effects (a tape rewinds), so the kind is checked with ``stat`` first and again
  on the open descriptor, in case the path was swapped in between;
- accepts a pipe only where the caller says so: bash's ``<(...)`` and a named FIFO are how
  people feed a command, but the config file is read twice per command (a checksum, then the
  settings) and a template at any time, so those must be regular files. A FIFO is opened
  without waiting (``O_NONBLOCK``) and then given ``WRITER_WAIT_SECONDS`` for a writer to
  come: ``<(...)`` has its writer already, ``cat letter > pipe &`` started beside the command
  comes within milliseconds, and a named FIFO no one writes to is refused instead of hanging
  the command for ever (or, worse, being read as an empty file because the read came first);
- reads at most ``limit + 1`` bytes, from a regular file, a pipe or standard input alike, and
  refuses the input when that last byte arrives: the memory a read can take is bounded
  whatever the file claims its size is (``/proc`` files say 0).

Every refusal is a ``BadInput`` (exit status 2) whose one line names the path; nothing has
been written when it is raised, because the commands read their files before they open the
database. The caps, per kind of file, are in ``domain/limits.py``.
"""

from __future__ import annotations

import os
import stat
import sys

from followup.domain.errors import BadInput

STDIN = "-"
WRITER_WAIT_SECONDS = 2.0


def read_bytes(
    source: str, limit: int, what: str, *, stdin: bool = False, pipes: bool = False
) -> bytes:
    """At most ``limit`` bytes of ``source``, else a ``BadInput``; ``what`` names the kind
    of file in messages ("letter", "debrief file" ...). ``stdin``: ``-`` means standard
    input; ``pipes``: a FIFO (``<(...)``) is accepted beside regular files."""
    if stdin and source == STDIN:
        return _read_stdin(limit, what)
    data = _read_path(source, limit, what, pipes=pipes, stdin=stdin)
    if data is None:
        raise BadInput(f"no such file: {shown(source)}")
    return data


def read_optional_bytes(path: str, limit: int, what: str) -> bytes | None:
    """Like ``read_bytes`` for a regular file, but None when there is no file at ``path``
    (a missing config file means the defaults)."""
    return _read_path(path, limit, what, pipes=False, stdin=False)


def read_text(
    source: str, limit: int, what: str, *, stdin: bool = False, pipes: bool = False
) -> str:
    """``read_bytes`` decoded as UTF-8; other bytes are refused, naming the file."""
    return decode(read_bytes(source, limit, what, stdin=stdin, pipes=pipes), source)


def decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        name = "standard input" if source == STDIN else shown(source)
        raise BadInput(f"{name}: not UTF-8 text; save it as UTF-8") from None


def shown(path: str) -> str:
    """A path for a one-line message: as typed, or quoted with escapes if it holds a line
    break or another control character (a message is always one line)."""
    return path if path.isprintable() else repr(path)


def size_label(limit: int) -> str:
    """1048576 -> "1 MiB", for messages and docs."""
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    if limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


def _read_stdin(limit: int, what: str) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            data: bytes = stream.read(limit + 1)
        else:  # a text stream without bytes underneath (some test harnesses)
            data = sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape")
    except OSError as exc:
        raise BadInput(f"cannot read standard input: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise BadInput(
            f"standard input is larger than {size_label(limit)}; a {what} is far smaller"
        )
    return data


def _read_path(path: str, limit: int, what: str, *, pipes: bool, stdin: bool) -> bytes | None:
    """The bytes of ``path``, None if nothing is there, else ``BadInput``."""
    hint = f"give the {what} as a file" + (", or - for standard input" if stdin else "")
    try:
        _check_kind(path, os.stat(path).st_mode, what, hint, pipes=pipes)
        with os.fdopen(_open_without_waiting(path, what), "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_kind(path, info.st_mode, what, hint, pipes=pipes)
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(path, limit, what)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise BadInput(f"{shown(path)} is a folder; {hint}") from None
    except UnicodeEncodeError:
        raise BadInput(f"{path!r} cannot be a file name") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BadInput(f"cannot read the {what} {shown(path)}: {reason}") from None
    if len(data) > limit:
        raise _too_large(path, limit, what)
    return data


def _open_without_waiting(path: str, what: str) -> int:
    """A descriptor for reading ``path`` whose open did not block on a FIFO; reads on it
    block again, so a slow ``<(...)`` is still read to its end.

    On a FIFO, ``poll`` waits for the first byte or for a writer that came and went; a
    reader that opened before any writer sees neither (Linux keeps a writer counter per
    reader for this), so an empty ``poll`` means no one has written to the pipe yet."""
    import fcntl
    import select

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if stat.S_ISFIFO(os.fstat(fd).st_mode) and _named_pipe(path):
        waiting = select.poll()
        waiting.register(fd, select.POLLIN | select.POLLHUP)
        if not waiting.poll(int(WRITER_WAIT_SECONDS * 1000)):
            os.close(fd)
            raise BadInput(
                f"nothing was written to the pipe {shown(path)} in "
                f"{WRITER_WAIT_SECONDS:g} seconds; give the {what} as a file"
            )
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return fd


def _named_pipe(path: str) -> bool:
    """A FIFO made with ``mkfifo``, not the anonymous pipe behind bash's ``<(...)``: that
    one is named by ``/dev/fd/N``, a link to ``pipe:[inode]`` that is no file anywhere, and
    it already has its writer, which may take its time before the first byte."""
    try:
        return stat.S_ISFIFO(os.lstat(os.path.realpath(path)).st_mode)
    except OSError:
        return False


def _check_kind(path: str, mode: int, what: str, hint: str, *, pipes: bool) -> None:
    if stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode)):
        return
    if stat.S_ISDIR(mode):
        raise BadInput(f"{shown(path)} is a folder; {hint}")
    if stat.S_ISFIFO(mode):
        raise BadInput(f"{shown(path)} is a pipe; the {what} must be a regular file")
    kind = "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"
    raise BadInput(f"{shown(path)} is a {kind}, not a file; {hint}")


def _too_large(path: str, limit: int, what: str) -> BadInput:
    return BadInput(f"{shown(path)} is larger than {size_label(limit)}; a {what} is far smaller")
