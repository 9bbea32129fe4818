"""Documents (issue 18): the domain's rules on names and content, and the files folder."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters.documents import DocumentFolder, media_type
from followup.domain import limits
from followup.domain.documents import (
    Document,
    DocumentKind,
    file_name,
    is_sha256,
    proposed,
    refusal,
)
from followup.domain.errors import BadInput, OutsideFailure


@pytest.mark.parametrize(
    ("given_name", "kept"),
    [
        ("résumé.pdf", "résumé.pdf"),
        ("/home/ada/CV/Lebenslauf Müller.pdf", "Lebenslauf Müller.pdf"),
        ("C:\\Users\\ada\\履歴書.docx", "履歴書.docx"),  # a browser may send the whole path
        ("re\u0301sume\u0301.pdf", "résumé.pdf"),  # decomposed (macOS) becomes composed
        ("  cv.pdf ", "cv.pdf"),
    ],
)
def test_a_name_keeps_its_last_part_and_its_letters(given_name: str, kept: str) -> None:
    assert file_name(given_name) == kept


REFUSED_NAMES = ["", None, "/", "..", "a\nb.pdf", "a\rb.pdf", "tab\there.pdf",
                 "x" * (limits.DOCUMENT_NAME_CHARS + 1), "rtl\u202efdp.exe"]  # fmt: skip


@pytest.mark.parametrize("bad", REFUSED_NAMES)
def test_a_name_that_cannot_be_a_header_or_a_file_is_refused(bad: str | None) -> None:
    with pytest.raises(BadInput):
        file_name(bad)


@given(st.text(min_size=1, max_size=300))
def test_a_kept_name_is_never_a_path_and_never_breaks_a_header(raw: str) -> None:
    try:
        name = file_name(raw)
    except BadInput:
        return
    assert "/" not in name
    assert "\\" not in name
    assert name not in (".", "..")
    assert not any(ch in name for ch in "\r\n\x00")
    assert 0 < len(name) <= limits.DOCUMENT_NAME_CHARS


def test_what_is_refused_and_why() -> None:
    assert refusal("application/pdf", 1, "cv.pdf") is None
    assert refusal("application/pdf", limits.DOCUMENT_FILE_BYTES, "cv.pdf") is None
    too_big = refusal("application/pdf", limits.DOCUMENT_FILE_BYTES + 1, "cv.pdf")
    assert too_big is not None
    assert "at most 25 MiB" in too_big
    empty = refusal("application/octet-stream", 0, "cv.pdf")
    assert empty is not None
    assert "empty" in empty
    program = refusal("application/x-executable", 100, "cv.pdf")
    assert program is not None
    assert "is a program" in program


def test_media_types_come_from_the_bytes() -> None:
    assert media_type(b"%PDF-1.7\n...") == "application/pdf"
    assert media_type(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32) == "image/png"
    assert media_type(b"\x7fELF\x02\x01\x01" + b"\x00" * 64) == "application/x-executable"
    assert media_type(b"MZ\x90\x00" + b"\x00" * 64) == "application/x-msdownload"
    assert media_type("Grüße\n".encode()) == "text/plain"
    assert media_type(b"#!/bin/sh\nrm -rf ~\n") == "application/x-shellscript"
    assert media_type(b"\xff\xfe\x00garbage") == "application/octet-stream"
    assert media_type(b"") == "application/octet-stream"


def test_is_sha256_lets_no_path_through() -> None:
    assert is_sha256("0" * 64)
    for bad in ("../" + "0" * 61, "A" * 64, "0" * 63, "0" * 65, ""):
        assert not is_sha256(bad)


def test_the_folder_keeps_bytes_once_privately(tmp_path: Path) -> None:
    folder = DocumentFolder(str(tmp_path / "db.files"))
    sha = folder.put(b"hello")
    assert sha == hashlib.sha256(b"hello").hexdigest()
    assert folder.put(b"hello") == sha
    path = tmp_path / "db.files" / sha[:2] / sha
    assert path.read_bytes() == b"hello"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "db.files").stat().st_mode) == 0o700
    assert folder.has(sha)
    assert folder.read(sha) == b"hello"
    assert [p.name for p in path.parent.iterdir()] == [sha]  # no temporary file left
    folder.remove(sha)
    folder.remove(sha)  # gone already is fine
    assert not folder.has(sha)
    with pytest.raises(OutsideFailure, match="missing"):
        folder.read(sha)
    with pytest.raises(ValueError, match="not a SHA-256"):
        folder.read("../../etc/passwd")


def test_a_truncated_file_is_written_again(tmp_path: Path) -> None:
    folder = DocumentFolder(str(tmp_path / "f"))
    sha = folder.put(b"complete content")
    path = tmp_path / "f" / sha[:2] / sha
    path.write_bytes(b"comp")
    assert folder.put(b"complete content") == sha
    assert path.read_bytes() == b"complete content"


def test_collect_takes_old_orphans_and_leftovers_only(tmp_path: Path) -> None:
    folder = DocumentFolder(str(tmp_path / "f"))
    kept, orphan, young = folder.put(b"kept"), folder.put(b"orphan"), folder.put(b"young")
    leftover = tmp_path / "f" / kept[:2] / ".tmp-crash"
    leftover.write_bytes(b"half")
    old = os.stat(tmp_path / "f").st_mtime - 7200
    for sha in (kept, orphan):
        os.utime(tmp_path / "f" / sha[:2] / sha, (old, old))
    os.utime(leftover, (old, old))
    assert folder.collect({kept}) == [orphan]
    assert folder.has(kept)
    assert folder.has(young)
    assert not folder.has(orphan)
    assert not leftover.exists()
    assert DocumentFolder(str(tmp_path / "none")).collect(set()) == []


def _kept(kind: DocumentKind, document_id: int) -> Document:
    return Document(
        document_id, 1, "0" * 64, f"{kind.label}.pdf", "application/pdf", 10, kind,
        datetime(2026, 11, 23, tzinfo=UTC),
    )  # fmt: skip


KEPT = [_kept(kind, i) for i, kind in enumerate(DocumentKind, start=1)]


@pytest.mark.parametrize(
    ("about", "kinds"),
    [
        ("the references you asked for", {DocumentKind.REFERENCES}),
        ("a code sample", {DocumentKind.WORK_SAMPLE}),
        ("the portfolio and two case studies", {DocumentKind.PORTFOLIO}),
        ("my updated CV", {DocumentKind.RESUME}),
        ("the scaling question", {DocumentKind.WORK_SAMPLE, DocumentKind.PORTFOLIO,
                                  DocumentKind.REFERENCES}),
        (None, {DocumentKind.WORK_SAMPLE, DocumentKind.PORTFOLIO, DocumentKind.REFERENCES}),
    ],
)  # fmt: skip
def test_the_documents_proposed_fit_the_open_point(
    about: str | None, kinds: set[DocumentKind]
) -> None:
    assert {d.kind for d in proposed(about, KEPT)} == kinds
    assert proposed(about, []) == []
