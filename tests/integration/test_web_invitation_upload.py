"""An invitation file dropped on (or chosen on) an application's page becomes its interview,
as ``followup interview import FILE --app ID`` makes it; a file that is not one changes
nothing."""

from __future__ import annotations

from pathlib import Path

from followup import bootstrap
from followup.services import interviews
from tests.integration.conftest import Web

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"


def _rounds(settings: bootstrap.Settings) -> list[tuple[str, int]]:
    with bootstrap.session(settings) as ctx:
        return [(i.start.isoformat(), i.minutes) for i in interviews.list_interviews(ctx, 1)]


def _upload(web: Web, name: str, body: bytes, csrf: str | None = None):  # type: ignore[no-untyped-def]
    return web.client.post(
        "/applications/1/invitation",
        data={"csrf": csrf if csrf is not None else web.csrf("/applications/1")},
        files={"invitation": (name, body, "text/calendar")},
        follow_redirects=False,
    )


def test_an_invitation_file_adds_its_interview_and_people_to_the_application(web: Web) -> None:
    before = _rounds(web.settings)
    done = _upload(web, "invite.ics", (INVITES / "google.ics").read_bytes())
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/applications/1#interviews"
    assert len(_rounds(web.settings)) == len(before) + 1
    page = web.client.get("/applications/1").text
    assert "Priya Shah" in page  # the organizer, now a contact of the application
    again = _upload(web, "invite.ics", (INVITES / "google.ics").read_bytes())
    assert again.status_code == 303
    assert len(_rounds(web.settings)) == len(before) + 1  # the same invitation: nothing new


def test_a_file_that_is_not_an_invitation_is_refused_and_nothing_is_written(web: Web) -> None:
    before = _rounds(web.settings)
    for name, body in (
        ("broken.ics", (INVITES / "broken.ics").read_bytes()),
        ("recurring.ics", (INVITES / "recurring.ics").read_bytes()),
        ("photo.ics", bytes(range(256)) * 8),
        ("huge.ics", b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024 + 10)),
    ):
        answer = _upload(web, name, body)
        assert answer.status_code in (400, 413), (name, answer.status_code)
        assert "Traceback" not in answer.text
    assert _rounds(web.settings) == before


def test_an_upload_without_the_form_s_token_is_refused(web: Web) -> None:
    answer = _upload(web, "invite.ics", (INVITES / "google.ics").read_bytes(), csrf="0" * 32)
    assert answer.status_code == 403
    assert len(_rounds(web.settings)) == 1  # the seeded round only
