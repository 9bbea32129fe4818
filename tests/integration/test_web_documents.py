"""Documents on the application page (issue 18): upload, list, download, remove, through
the real app (TestClient), with the guard, the CSRF token and the page cache in place."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import httpx
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.domain import limits
from followup.domain.documents import Attachment
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.services import documents
from followup.web.pages.documents import content_disposition
from tests.integration.conftest import Web

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME = "Lebenslauf Müller 履歴書.pdf"


def _kept(settings: bootstrap.Settings) -> list[tuple[str, str, str]]:
    with bootstrap.session(settings) as ctx:
        return [(d.name, d.kind.label, d.sha256) for d in documents.list_documents(ctx)]


def _files(settings: bootstrap.Settings) -> list[Path]:
    return sorted(Path(f"{settings.db}.files").glob("*/*"))


def _upload(
    web: Web, name: str, body: bytes, csrf: str | None = None, **fields: str
) -> httpx.Response:
    return web.client.post(
        "/applications/1/documents",
        data={"csrf": csrf if csrf is not None else web.csrf("/applications/1"), **fields},
        files={"document": (name, body, "application/octet-stream")},
        follow_redirects=False,
    )


def test_upload_list_download_and_remove(web: Web) -> None:
    done = _upload(web, NAME, PDF, kind="resume", note="the Rust version")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/applications/1#documents"
    sha = hashlib.sha256(PDF).hexdigest()
    assert _kept(web.settings) == [(NAME, "resume", sha)]
    page = web.client.get("/applications/1").text
    assert NAME in page
    assert "Resume · application/pdf · 45 bytes · the Rust version" in page
    got = web.client.get("/documents/1/file")
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == NAME
    # Removed: the row, the file, and the page no longer lists it.
    csrf = web.csrf("/applications/1")
    gone = web.client.post("/documents/1/remove", data={"csrf": csrf}, follow_redirects=False)
    assert gone.status_code == 303
    assert _kept(web.settings) == []
    assert _files(web.settings) == []
    assert NAME not in web.client.get("/applications/1").text
    assert web.client.get("/documents/1/file").status_code == 404


def test_a_png_named_pdf_is_kept_as_a_png_and_served_as_one(web: Web) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert _upload(web, "sample.pdf", png).status_code == 303
    got = web.client.get("/documents/1/file")
    assert got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"


def test_refused_uploads_write_nothing(web: Web) -> None:
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 120
    for name, body, field, status in (
        ("tool.pdf", elf, "document", 400),
        ("empty.pdf", b"", "document", 400),
        ("cv.pdf", PDF, "wrong-field", 400),
        ("huge.pdf", b"%PDF" + b"0" * limits.DOCUMENT_FILE_BYTES, "document", 413),
    ):
        answer = web.client.post(
            "/applications/1/documents",
            data={"csrf": web.csrf("/applications/1")},
            files={field: (name, body, "application/pdf")},
            follow_redirects=False,
        )
        assert answer.status_code in (status, 400), (name, answer.status_code)
        assert "Traceback" not in answer.text
    assert _kept(web.settings) == []
    assert _files(web.settings) == []


def test_the_upload_cap_is_the_document_path_s_only(web: Web) -> None:
    """Elsewhere the 1 MiB cap holds: a big body to another path is 413 before it is read."""
    big = b"x" * (limits.REQUEST_BYTES + 10)
    answer = web.client.post(
        "/applications/1/invitation",
        data={"csrf": web.csrf("/applications/1")},
        files={"invitation": ("a.ics", big, "text/calendar")},
    )
    assert answer.status_code == 413
    # Just under the document cap, with its form around it: accepted.
    body = b"%PDF-1.4\n" + b"0" * (limits.DOCUMENT_FILE_BYTES - 9)
    assert _upload(web, "big.pdf", body).status_code == 303


def test_without_the_token_or_a_session_nothing_happens(web: Web, anonymous: TestClient) -> None:
    assert _upload(web, "cv.pdf", PDF, csrf="0" * 32).status_code == 403
    assert _kept(web.settings) == []
    assert _upload(web, "cv.pdf", PDF).status_code == 303
    assert anonymous.get("/documents/1/file").status_code == 401
    refused = anonymous.post("/documents/1/remove", data={"csrf": "x"})
    assert refused.status_code in (401, 403)
    no_token = web.client.post("/documents/1/remove", data={}, follow_redirects=False)
    assert no_token.status_code == 403
    assert len(_kept(web.settings)) == 1


def test_content_disposition_has_an_ascii_name_and_the_real_one() -> None:
    assert content_disposition("cv.pdf") == (
        "attachment; filename=\"cv.pdf\"; filename*=UTF-8''cv.pdf"
    )
    assert content_disposition("résumé 2026.pdf") == (
        "attachment; filename=\"resume 2026.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202026.pdf"
    )
    assert content_disposition("履歴書.docx").startswith('attachment; filename="document.docx"')
    assert content_disposition('a"b;c.pdf').startswith('attachment; filename="a_b_c.pdf"')


def test_the_draft_page_attaches_the_ticked_documents(web: Web) -> None:
    """The Draft page lists the application's documents; those ticked become what the
    letter carries, and its review counts them."""
    assert _upload(web, NAME, PDF, kind="work-sample").status_code == 303
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        letter = ctx.store.add_message(
            Message(
                id=0, application_id=1, kind=MessageKind.ADDITIONAL_INFO, contact_id=None,
                to="jane@acme.example", subject="More on the plan",
                body="Dear Jane,\n\nHere is more on the plan.\n\nBest regards,\nAlex\n",
                created_at=ctx.now,
            )
        )  # fmt: skip
    page = web.client.get(f"/drafts/{letter.id}").text
    assert 'name="document" value="1"' in page
    assert "Nothing attached." in page
    csrf = web.csrf(f"/drafts/{letter.id}")
    done = web.client.post(
        f"/drafts/{letter.id}/attachments",
        data={"csrf": csrf, "document": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with bootstrap.session(web.settings) as ctx:
        assert [a.name for a in documents.attachments(ctx, letter.id)] == [NAME]
    page = web.client.get(f"/drafts/{letter.id}").text
    assert "never mentions it" in page  # the review knows what it carries
    # Another application's document, or a foreign id, is refused and changes nothing.
    refused = web.client.post(
        f"/drafts/{letter.id}/attachments", data={"csrf": csrf, "document": "99"}
    )
    assert refused.status_code == 404
    # Nothing ticked: it carries nothing again.
    web.client.post(f"/drafts/{letter.id}/attachments", data={"csrf": csrf})
    with bootstrap.session(web.settings) as ctx:
        assert documents.attachments(ctx, letter.id) == []


def test_the_application_page_lists_what_sent_letters_carried(web: Web) -> None:
    assert _upload(web, NAME, PDF).status_code == 303
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        letter = ctx.store.add_message(
            Message(
                id=0, application_id=1, kind=MessageKind.ADDITIONAL_INFO, contact_id=None,
                to="jane@acme.example", subject="More", body="I have attached it.",
                created_at=ctx.now,
            )
        )  # fmt: skip
        ctx.store.attach(letter.id, [Attachment.of(ctx.store.get_document(1))])
    assert "Sent with letters" not in web.client.get("/applications/1").text  # a draft
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        went = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
        ctx.store.update_message(
            dataclasses.replace(letter, status=MessageStatus.SENT, sent_at=went)
        )
    page = web.client.get("/applications/1").text
    assert "Sent with letters" in page
    assert f"letter #{letter.id}" in page
    assert hashlib.sha256(PDF).hexdigest()[:12] in page
