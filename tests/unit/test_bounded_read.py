"""Reading a file the user named (adapters/bounded_read.py): capped, files and pipes only."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from followup.adapters import bounded_read
from followup.adapters.bounded_read import (
    read_bytes,
    read_optional_bytes,
    read_text,
    size_label,
)
from followup.domain.errors import BadInput

LIMIT = 1024


def test_a_file_up_to_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"x" * LIMIT)
    assert read_bytes(str(path), LIMIT, "letter") == b"x" * LIMIT


def test_one_byte_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"x" * (LIMIT + 1))
    with pytest.raises(BadInput, match=r"letter.txt is larger than 1 KiB; a letter is far"):
        read_bytes(str(path), LIMIT, "letter")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read() -> None:
    """Issue 12: ``check /dev/zero`` grew to 7.8 GB."""
    with pytest.raises(BadInput, match=r"^/dev/zero is a device, not a file; give the letter"):
        read_bytes("/dev/zero", LIMIT, "letter", stdin=True, pipes=True)


def test_a_folder_is_refused_with_the_way_out(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is a folder; give the letter as a file, or - for"):
        read_bytes(str(tmp_path), LIMIT, "letter", stdin=True)
    with pytest.raises(BadInput, match=r"is a folder; give the template as a file$"):
        read_bytes(str(tmp_path), LIMIT, "template")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.toml")
    with pytest.raises(BadInput, match=f"^no such file: {missing}$"):
        read_bytes(missing, LIMIT, "debrief file")
    assert read_optional_bytes(missing, LIMIT, "config file") is None


def test_a_path_with_a_line_break_is_shown_on_one_line(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as refused:
        read_bytes(str(tmp_path / "a\nb"), LIMIT, "letter")
    assert "\n" not in refused.value.message
    assert "a\\nb" in refused.value.message


def _fifo(tmp_path: Path, data: bytes) -> str:
    path = str(tmp_path / "pipe")
    os.mkfifo(path)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), open(path, "wb") as out:
            out.write(data)  # the reader stops at the cap and closes: a broken pipe

    threading.Thread(target=write, daemon=True).start()
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_is_read_capped_where_pipes_are_allowed(tmp_path: Path) -> None:
    """What bash's ``<(...)`` gives: accepted, and capped like a file."""
    (tmp_path / "small").mkdir()
    (tmp_path / "big").mkdir()
    assert read_bytes(_fifo(tmp_path / "small", b"hi"), LIMIT, "letter", pipes=True) == b"hi"
    with pytest.raises(BadInput, match="larger than 1 KiB"):
        read_bytes(_fifo(tmp_path / "big", b"x" * 100_000), LIMIT, "letter", pipes=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_is_refused_where_the_file_is_read_twice(tmp_path: Path) -> None:
    path = str(tmp_path / "pipe")
    os.mkfifo(path)  # no writer: refused by its kind before it is opened, so nothing waits
    with pytest.raises(BadInput, match="is a pipe; the config file must be a regular file"):
        read_optional_bytes(path, LIMIT, "config file")


def test_stdin_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * (LIMIT + 1))))
    with pytest.raises(BadInput, match=r"^standard input is larger than 1 KiB"):
        read_bytes("-", LIMIT, "debrief file", stdin=True)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("é".encode())))
    assert read_text("-", LIMIT, "debrief file", stdin=True) == "é"


def test_dash_is_a_file_name_where_stdin_is_not_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadInput, match=r"^no such file: -$"):
        read_bytes("-", LIMIT, "saved message")


def test_text_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(BadInput, match=r"latin1\.toml: not UTF-8 text; save it as UTF-8"):
        read_text(str(path), LIMIT, "debrief file")


def test_size_labels() -> None:
    assert [size_label(n) for n in (64 * 2**20, 1024, 1000)] == ["64 MiB", "1 KiB", "1000 bytes"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_named_pipe_no_one_writes_to_is_refused_not_read_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read as empty, it raced its writer: ``cat letter > pipe & followup check pipe``."""
    monkeypatch.setattr(bounded_read, "WRITER_WAIT_SECONDS", 0.2)
    path = str(tmp_path / "pipe")
    os.mkfifo(path)
    with pytest.raises(BadInput, match=r"nothing was written to the pipe .*pipe in 0\.2 sec"):
        read_bytes(path, LIMIT, "letter", pipes=True)


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd here")
def test_an_anonymous_pipe_waits_for_its_slow_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """bash's ``<(slow command)``: the writer is there from the start; its first byte may
    come long after the named-pipe wait."""
    monkeypatch.setattr(bounded_read, "WRITER_WAIT_SECONDS", 0.05)
    reader, writer = os.pipe()

    def write() -> None:
        time.sleep(0.3)
        with os.fdopen(writer, "wb") as out:
            out.write(b"late")

    threading.Thread(target=write, daemon=True).start()
    try:
        assert read_bytes(f"/dev/fd/{reader}", LIMIT, "letter", pipes=True) == b"late"
    finally:
        os.close(reader)
