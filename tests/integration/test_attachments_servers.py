"""A work sample attached to the send-additional-info letter arrives intact (issue 18).

``followup`` runs as a subprocess against the real Dovecot and SMTP servers of
tests/mailservers.py; what arrived is read back from the recipient's Maildir files with the
standard library's ``email`` package, and the attachments compared byte for byte with the
files the test wrote.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.integration.test_outbox_servers import World, world  # noqa: F401 (a fixture)

SAMPLE = "Arbeitsprobe \u2013 Datenplattform 履歴.pdf"  # a name that needs RFC 2231


@pytest.fixture
def sender(request: pytest.FixtureRequest) -> World:
    """The mail tests' world (an interviewed application, the real servers), its account
    set up."""
    w: World = request.getfixturevalue("world")
    w.setup_account()
    return w


def _files(folder: Path) -> dict[str, bytes]:
    """A PDF with every byte value in it (so any re-encoding would show), a Word file, and
    a text file with CRLF line ends and non-ASCII text (which base64 keeps as they are)."""
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
    (folder / SAMPLE).write_bytes(pdf)
    with zipfile.ZipFile(folder / "cover.docx", "w") as z:
        z.writestr(
            "[Content_Types].xml", '<Types><Override PartName="/word/document.xml"/></Types>'
        )
        z.writestr("word/document.xml", "<w:document/>")
    (folder / "notes.txt").write_bytes("Grüße\r\nline two\r\n".encode())
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_work_sample_attached_arrives_byte_identical_and_is_recorded(
    sender: World, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    written = _files(docs)
    for name, kind in (
        (SAMPLE, "work-sample"),
        ("cover.docx", "cover-letter"),
        ("notes.txt", "other"),
    ):
        sender.ok("doc", "add", "1", str(docs / name), "--kind", kind)
    out = sender.ok(
        "draft", "1", "send-additional-info", "--detail",
        "I have attached a short write-up of the migration plan we discussed.",
        "--attach", "1", "--attach", "2", "--attach", "3", "--attach", "1",
    )  # fmt: skip
    draft_id = int(out.split("#", 1)[1].split(":", 1)[0])
    assert f"Attached: {SAMPLE} (application/pdf," in out
    shown = sender.run("drafts", "show", str(draft_id), "--json").json()["messages"][0]
    assert [a["name"] for a in shown["attachments"]] == [SAMPLE, "cover.docx", "notes.txt"]

    sender.ok("send", str(draft_id))
    [arrived] = sender.inbox(sender.jane)
    parts = list(arrived.iter_attachments())
    assert [p.get_filename() for p in parts] == [SAMPLE, "cover.docx", "notes.txt"]
    assert [p.get_content_type() for p in parts] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/plain",
    ]
    for part in parts:
        assert part.get_payload(decode=True) == written[part.get_filename()]
    # The name went as RFC 2231 asks (percent-encoded UTF-8, in continuations when long).
    raw = next(
        p
        for d in ("new", "cur")
        for p in (sender.servers.dovecot.maildir(sender.jane) / d).glob("*")
    )
    delivered = raw.read_bytes()
    assert b"filename*0*=utf-8''Arbeitsprobe%20%E2%80%93%20Datenplattform" in delivered
    assert SAMPLE.encode() not in delivered  # never raw UTF-8 in a header

    # Which version went where: the application records what the letter carried, by hash.
    detail = sender.run("app", "show", "1", "--json").json()
    carried = detail["sent_documents"]
    assert [(c["message_id"], c["name"]) for c in carried] == [
        (draft_id, SAMPLE), (draft_id, "cover.docx"), (draft_id, "notes.txt"),
    ]  # fmt: skip
    assert carried[0]["sha256"] == hashlib.sha256(written[SAMPLE]).hexdigest()
    assert carried[0]["to"] == sender.jane
    assert "Sent with letters" in sender.ok("app", "show", "1")

    # The document removed: the record stays, and so does the file it names.
    sender.ok("doc", "rm", "1")
    after = sender.run("app", "show", "1", "--json").json()["sent_documents"]
    assert after[0]["document_id"] is None
    assert after[0]["sha256"] == carried[0]["sha256"]
    kept = Path(f"{sender.followup.db}.files") / carried[0]["sha256"][:2] / carried[0]["sha256"]
    assert kept.read_bytes() == written[SAMPLE]


def test_attach_refuses_what_cannot_go_and_writes_nothing(sender: World, tmp_path: Path) -> None:
    sender.ok("app", "add", "Globex", "Engineer")
    shutil.copyfile(Path(__file__), tmp_path / "sample.txt")
    sender.ok("doc", "add", "2", str(tmp_path / "sample.txt"))  # Globex's, not Acme's
    for attach, says in (("1", "belongs to application 2"), ("9", "no document with id 9")):
        result = sender.run(
            "draft", "1", "send-additional-info", "--detail", "x", "--attach", attach
        )
        assert result.code == 2, result.err
        assert says in result.err
    assert sender.run("drafts", "--json").json()["messages"] == []
