"""Documents on the application page (issue 18): upload, list, download, remove, through
the real app (TestClient), with the guard, the CSRF token and the page cache in place."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote

import httpx
from fastapi.testclient import TestClient

from followup import bootstrap
from followup.domain import limits
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
