"""``followup doc ...`` on real files (issue 18): what is kept, how, and what is refused.

The files are real of their kind (a PDF, a Word document, a PNG, text, this machine's own
``/bin/true`` renamed .pdf), written by the test, and the folder beside the database is
looked at directly: the bytes under their hash, once, private.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import struct
import zipfile
import zlib
from contextlib import closing
from pathlib import Path

import pytest

from followup.domain import limits
from tests.e2e.conftest import Followup, make_profile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document/>")


@pytest.fixture
def two_apps(followup: Followup) -> Followup:
    make_profile(followup)
    followup.ok("app", "add", "Globex", "Engineer")
    followup.ok("app", "add", "Initech", "Developer")
    return followup


def files_folder(followup: Followup) -> Path:
    return Path(f"{followup.db}.files")


def stored(followup: Followup) -> dict[str, bytes]:
    folder = files_folder(followup)
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in folder.glob("*/*")}


def document_rows(followup: Followup) -> int:
    with closing(sqlite3.connect(followup.db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM document").fetchone()[0])


def test_real_files_are_kept_with_the_type_their_bytes_say(
    two_apps: Followup, tmp_path: Path
) -> None:
    (tmp_path / "cv.pdf").write_bytes(PDF)
    docx(tmp_path / "letter.docx")
    (tmp_path / "diagram.png").write_bytes(png())
    (tmp_path / "notes.txt").write_text("Three points from the interview.\n", encoding="utf-8")
    # A PNG named .pdf is kept as the PNG it is.
    (tmp_path / "sample.pdf").write_bytes(png())
    added = {
        name: two_apps.json("doc", "add", "1", str(tmp_path / name))
        for name in ("cv.pdf", "letter.docx", "diagram.png", "notes.txt", "sample.pdf")
    }
    assert {n: d["media_type"] for n, d in added.items()} == {
        "cv.pdf": "application/pdf",
        "letter.docx": DOCX_TYPE,
        "diagram.png": "image/png",
        "notes.txt": "text/plain",
        "sample.pdf": "image/png",
    }
    cv = added["cv.pdf"]
    assert cv["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert cv["size"] == len(PDF)
    assert cv["kind"] == "other"
    assert cv["added_at"] == "2026-11-23T10:00:00+00:00"
    # Stored once each by hash (the two PNGs are one file), private.
    files = stored(two_apps)
    assert set(files) == {d["sha256"] for d in added.values()}
    assert len(files) == 4
    assert files[cv["sha256"]] == PDF
    folder = files_folder(two_apps)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.glob("*/*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_non_ascii_name_is_kept_and_show_writes_the_bytes_back(
    two_apps: Followup, tmp_path: Path
) -> None:
    source = tmp_path / "Lebenslauf Müller, 2026 履歴書.pdf"
    source.write_bytes(PDF)
    added = two_apps.json("doc", "add", "1", str(source), "--kind", "resume", "--note", "v3")
    assert added["name"] == "Lebenslauf Müller, 2026 履歴書.pdf"
    shown = two_apps.json("doc", "show", str(added["id"]))
    assert shown == added
    out = tmp_path / "copy.pdf"
    two_apps.ok("doc", "show", str(added["id"]), "--out", str(out))
    assert out.read_bytes() == PDF
    human = two_apps.ok("app", "show", "1")
    assert "Lebenslauf Müller, 2026 履歴書.pdf · resume, application/pdf" in human
    assert two_apps.json("app", "show", "1")["documents"] == [added]


def test_the_same_file_for_two_applications_is_stored_once_and_removed_last(
    two_apps: Followup, tmp_path: Path
) -> None:
    (tmp_path / "cv.pdf").write_bytes(PDF)
    first = two_apps.json("doc", "add", "1", str(tmp_path / "cv.pdf"), "--kind", "resume")
    second = two_apps.json("doc", "add", "2", str(tmp_path / "cv.pdf"), "--kind", "resume")
    assert first["sha256"] == second["sha256"]
    assert list(stored(two_apps)) == [first["sha256"]]
    listed = two_apps.json("doc", "list")["documents"]
    assert [(d["id"], d["application_id"]) for d in listed] == [(1, 1), (2, 2)]
    assert two_apps.json("doc", "list", "2")["documents"] == [second]
    # One removed: the other still names the file, which stays.
    two_apps.ok("doc", "rm", "1")
    assert list(stored(two_apps)) == [first["sha256"]]
    assert two_apps.json("doc", "show", "2") == second
    # The last removed: the file goes.
    assert two_apps.json("doc", "rm", "2")["removed"]["id"] == 2
    assert stored(two_apps) == {}
    assert two_apps("doc", "show", "2").code == 2


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("cv.pdf", None, "is a program (application/x-executable)"),  # /bin/true
        ("empty.pdf", b"", "is empty (0 bytes)"),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * limits.DOCUMENT_FILE_BYTES, "larger than 25 MiB"),
    ],
)
def test_a_refused_file_is_exit_2_one_line_and_nothing_written(
    two_apps: Followup, tmp_path: Path, name: str, content: bytes | None, says: str
) -> None:
    source = tmp_path / name
    if content is None:
        shutil.copyfile("/bin/true", source)
    else:
        source.write_bytes(content)
    before = two_apps.fingerprint()
    result = two_apps("doc", "add", "1", str(source))
    assert result.code == 2, result.err
    assert says in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert two_apps.fingerprint() == before
    assert stored(two_apps) == {}
    assert document_rows(two_apps) == 0


def test_bad_arguments_are_refused_before_anything_is_read(
    two_apps: Followup, tmp_path: Path
) -> None:
    (tmp_path / "cv.pdf").write_bytes(PDF)
    for args, says in [
        (("doc", "add", "9", str(tmp_path / "cv.pdf")), "no application with id 9"),
        (("doc", "add", "1", str(tmp_path / "missing.pdf")), "no such file"),
        (("doc", "add", "1", str(tmp_path)), "is a folder"),
        (("doc", "add", "1", "/dev/zero"), "/dev/zero"),
        (("doc", "add", "1", str(tmp_path / "cv.pdf"), "--kind", "novel"), "document kind"),
        (("doc", "rm", "7"), "no document with id 7"),
        (("doc", "list", "9"), "no application with id 9"),
    ]:
        result = two_apps(*args)
        assert result.code == 2, (args, result.err)
        assert says in result.err, (args, result.err)
    assert stored(two_apps) == {}


def test_removing_an_application_leaves_its_files_to_be_collected(
    two_apps: Followup, tmp_path: Path
) -> None:
    (tmp_path / "cv.pdf").write_bytes(PDF)
    (tmp_path / "other.txt").write_text("another document\n", encoding="utf-8")
    two_apps.ok("doc", "add", "1", str(tmp_path / "cv.pdf"))
    kept = two_apps.json("doc", "add", "2", str(tmp_path / "other.txt"))
    result = two_apps("app", "rm", "1", "--yes")
    assert result.code == 0, result.err
    assert two_apps.json("doc", "list")["documents"] == [kept]
    # The orphan stays until the next removal collects it (once an hour old: made so here).
    orphan = files_folder(two_apps) / hashlib.sha256(PDF).hexdigest()[:2]
    path = next(orphan.iterdir())
    old = path.stat().st_mtime - 7200
    os.utime(path, (old, old))
    two_apps.ok("doc", "rm", str(kept["id"]))
    assert stored(two_apps) == {}


def test_a_send_additional_info_draft_proposes_the_documents_that_fit(
    two_apps: Followup, tmp_path: Path
) -> None:
    two_apps.ok("contact", "add", "1", "Jane Doe", "--email", "jane@globex.example")
    (tmp_path / "cv.pdf").write_bytes(PDF)
    (tmp_path / "refs.txt").write_text("Two referees.\n", encoding="utf-8")
    (tmp_path / "sample.png").write_bytes(png())
    two_apps.ok("doc", "add", "1", str(tmp_path / "cv.pdf"), "--kind", "resume")
    two_apps.ok("doc", "add", "1", str(tmp_path / "refs.txt"), "--kind", "references")
    two_apps.ok("doc", "add", "1", str(tmp_path / "sample.png"), "--kind", "work-sample")
    out = two_apps.ok(
        "draft", "1", "send-additional-info", "--detail", "Here are the references you asked for."
    )
    assert "Documents that fit: #2 refs.txt (references)." in out
    assert "--attach 2." in out
    assert "cv.pdf" not in out.split("Documents that fit:")[1]
    # Attached already: nothing proposed; JSON never carries the hint.
    attached = two_apps.ok(
        "draft", "1", "send-additional-info", "--detail", "I have attached the references.",
        "--attach", "2",
    )  # fmt: skip
    assert "Documents that fit" not in attached
    assert "Attached: refs.txt (text/plain, 14 bytes)" in attached
