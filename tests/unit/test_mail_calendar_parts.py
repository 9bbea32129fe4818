"""A matched mail's calendar invitations (``InboundMail.calendar``), as the mail parser finds
them: the ``text/calendar`` alternative, an ``.ics`` attachment, each once (issue 15)."""

from __future__ import annotations

from email.message import EmailMessage

from followup.adapters.mail.parse import MAX_CALENDAR_BYTES, MAX_CALENDARS, parse_mail

ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:u-1",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)
READ = ICS.replace("\r\n", "\n").strip().encode()  # as the parser hands it on


def mail(*, calendar: str | None = ICS, attach: bytes | None = None, name: str = "invite.ics",
         subtype: str = "ics") -> bytes:  # fmt: skip
    msg = EmailMessage()
    msg["From"] = "Priya <priya@acme.example>"
    msg["Subject"] = "Invitation"
    msg.set_content("You are invited.")
    if calendar is not None:
        msg.add_alternative(calendar, subtype="calendar", params={"method": "REQUEST"})
    if attach is not None:
        msg.add_attachment(attach, maintype="application", subtype=subtype, filename=name)
    return bytes(msg)


def test_the_alternative_and_the_same_attachment_are_one_invitation() -> None:
    parsed = parse_mail(mail(attach=ICS.encode()))
    assert parsed.calendar == (READ,)
    assert parsed.text.startswith("You are invited.")


def test_an_ics_attachment_alone_counts_even_as_octet_stream() -> None:
    parsed = parse_mail(mail(calendar=None, attach=ICS.encode(), subtype="octet-stream"))
    assert parsed.calendar == (READ,)
    other = parse_mail(mail(calendar=None, attach=b"PK\x03\x04", name="cv.zip", subtype="zip"))
    assert other.calendar == ()


def test_plain_mail_has_none_and_a_huge_one_is_left_out() -> None:
    assert parse_mail(mail(calendar=None)).calendar == ()
    huge = "BEGIN:VCALENDAR\r\nX-PAD:" + "a" * MAX_CALENDAR_BYTES + "\r\n"
    assert parse_mail(mail(calendar=huge)).calendar == ()


def test_at_most_a_few_distinct_ones() -> None:
    msg = EmailMessage()
    msg["From"] = "x@acme.example"
    msg.set_content("many")
    for n in range(MAX_CALENDARS + 3):
        msg.add_attachment(ICS.replace("u-1", f"u-{n}").encode(), maintype="text",
                           subtype="calendar", filename=f"{n}.ics")  # fmt: skip
    assert len(parse_mail(bytes(msg)).calendar) == MAX_CALENDARS
