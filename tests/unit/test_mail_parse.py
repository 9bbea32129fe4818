"""``parse_mail``: what it reads from real-world shapes, and that hostile bytes never break it.

The fuzz tests (hypothesis) feed it arbitrary bytes and structured messages with mutated
headers, declared charsets that do not exist, broken transfer encodings, huge lines and
nested multiparts; each must come back as an ``InboundMail`` whose fields have their types.
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.adapters.mail.parse import (
    MAX_BYTES,
    MAX_TEXT,
    cut_quoted,
    decode_words,
    html_to_text,
    parse_mail,
)
from followup.domain.mail import InboundMail
from tests.hypothesis_profiles import examples


def well_typed(mail: InboundMail) -> None:
    assert isinstance(mail, InboundMail)
    assert isinstance(mail.folder, str)
    assert isinstance(mail.uid, int)
    assert mail.message_id is None or (
        isinstance(mail.message_id, str) and mail.message_id.startswith("<")
    )
    for ids in (mail.in_reply_to, mail.references, mail.to, mail.failed_recipients):
        assert isinstance(ids, tuple)
        assert all(isinstance(i, str) for i in ids)
    assert mail.from_address is None or (
        isinstance(mail.from_address, str) and mail.from_address.count("@") == 1
    )
    assert mail.from_name is None or isinstance(mail.from_name, str)
    assert isinstance(mail.subject, str)
    assert "\n" not in mail.subject
    assert "\r" not in mail.subject
    assert mail.date is None or (isinstance(mail.date, datetime) and mail.date.tzinfo is not None)
    assert isinstance(mail.headers, tuple)
    assert all(
        isinstance(n, str) and isinstance(v, str) and n == n.lower() for n, v in mail.headers
    )
    assert isinstance(mail.text, str)
    assert len(mail.text) <= MAX_TEXT
    assert isinstance(mail.size, int)
    assert isinstance(mail.delivery_status, bool)
    assert isinstance(mail.truncated, bool)
    mail.text.encode("utf-8")  # no lone surrogates left from undecodable bytes
    mail.subject.encode("utf-8")
    for _, value in mail.headers:
        value.encode("utf-8")


def mail(*headers: str, body: str | bytes = "Hello.\n") -> bytes:
    data = body.encode() if isinstance(body, str) else body
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + data


# --- what it reads ------------------------------------------------------------------------


def test_the_fields_of_a_plain_reply() -> None:
    got = parse_mail(
        mail(
            "From: =?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <Jose.Perez@Acme.Example>",
            "To: Alex <alex@example.org>, bo@example.org",
            "Cc: carol@example.org",
            "Subject: Re: =?iso-8859-1?q?Caf=E9?= chat",
            "Date: Mon, 23 Nov 2026 10:00:00 +0100",
            "Message-ID: <m1@acme.example>",
            "In-Reply-To: <t1@example.org>",
            "References: <t0@example.org>\r\n <t1@example.org>",
            "Auto-Submitted: no",
            "X-Spam: whatever",
        ),
        folder="INBOX",
        uid=7,
    )
    well_typed(got)
    assert (got.folder, got.uid) == ("INBOX", 7)
    assert got.from_address == "jose.perez@acme.example"
    assert got.from_name == "José Pérez"
    assert got.to == ("alex@example.org", "bo@example.org", "carol@example.org")
    assert got.subject == "Re: Café chat"
    assert got.date == datetime(2026, 11, 23, 10, tzinfo=timezone(timedelta(hours=1)))
    assert got.message_id == "<m1@acme.example>"
    assert got.in_reply_to == ("<t1@example.org>",)
    assert got.references == ("<t0@example.org>", "<t1@example.org>")
    assert got.header("Auto-Submitted") == "no"
    assert got.header("x-spam") is None  # only the headers the classifier reads are kept
    assert got.text == "Hello."


def test_a_missing_or_broken_date_is_none_and_no_zone_is_utc() -> None:
    assert parse_mail(mail("Subject: x")).date is None
    assert parse_mail(mail("Date: yesterday-ish")).date is None
    assert parse_mail(mail("Date: Mon, 99 Foo 2026 99:99:99")).date is None
    got = parse_mail(mail("Date: Mon, 23 Nov 2026 10:00:00 -0000")).date
    assert got == datetime(2026, 11, 23, 10, tzinfo=UTC)


def test_unknown_charsets_fall_back_to_utf8_then_cp1252() -> None:
    utf8 = "Très bien, merci — à lundi.".encode()
    got = parse_mail(mail("Content-Type: text/plain; charset=x-no-such-charset", body=utf8))
    assert got.text == "Très bien, merci — à lundi."
    latin = "Très bien".encode("cp1252")
    got = parse_mail(mail("Content-Type: text/plain; charset=utf-8", body=latin))
    assert got.text == "Très bien"  # declared UTF-8 but is not: cp1252
    got = parse_mail(mail("Content-Type: text/plain; charset=rot13", body=b"Uryyb"))
    assert got.text == "Uryyb"  # a codec that is not a text encoding is not used
    assert decode_words("=?x-bogus?q?Caf=C3=A9?=") == "Café"
    assert decode_words("=?utf-8?b?####?= ok") == " ok"


def test_broken_base64_and_quoted_printable_keep_what_decodes() -> None:
    good = base64.b64encode(b"We would like to invite you to a second interview.").decode()
    got = parse_mail(
        mail(
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            body=good[:40] + "!!%%\r\n" + good[40:-3],
        )
    )
    assert got.text.startswith("We would like to invite you")
    got = parse_mail(
        mail(
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            body="Caf=C3=A9 =ZZ broken=\r\nsoft break",
        )
    )
    assert got.text == "Café =ZZ brokensoft break"


def test_html_only_mail_becomes_text_without_scripts_or_quotes() -> None:
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>Hi Alex,</p><p>We&#39;d like to <b>invite</b> you&nbsp;back.</p>"
        '<div class="gmail_quote">On Mon, Alex wrote:<blockquote>old words</blockquote></div>'
        "</body></html>"
    )
    got = parse_mail(mail("Content-Type: text/html; charset=utf-8", body=html))
    assert got.text == "Hi Alex,\n\nWe'd like to invite you back."
    outlook = '<div>Thanks!</div><div id="divRplyFwdMsg"><b>From:</b> Alex</div><div>old</div>'
    assert html_to_text(outlook) == "Thanks!"


def test_plain_is_preferred_over_html_and_attachments_are_skipped() -> None:
    raw = mail(
        'Content-Type: multipart/mixed; boundary="m"',
        body=(
            "--m\r\nContent-Type: text/plain; name=cv.txt\r\n"
            "Content-Disposition: attachment; filename=cv.txt\r\n\r\nMY CV\r\n"
            '--m\r\nContent-Type: multipart/alternative; boundary="a"\r\n\r\n'
            "--a\r\nContent-Type: text/plain\r\n\r\nplain words\r\n"
            "--a\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n--a--\r\n--m--\r\n"
        ),
    )
    assert parse_mail(raw).text == "plain words"


def test_quoted_history_is_cut_in_several_languages() -> None:
    for attribution in (
        "On Mon, 23 Nov 2026 at 10:00, Jane Doe <jane@acme.example> wrote:",
        "On Mon, Nov 23, 2026 at 10:00 AM Jane Doe <jane@acme.example>\nwrote:",
        "Le lun. 23 nov. 2026 à 10:00, Jane Doe <jane@acme.example> a écrit :",
        "Am 23.11.2026 um 10:00 schrieb Jane Doe <jane@acme.example>:",
        "El lun, 23 nov 2026 a las 10:00, Jane Doe (<jane@acme.example>) escribió:",
        "Il giorno lun 23 nov 2026 alle ore 10:00 Jane Doe <jane@acme.example> ha scritto:",
        "Op ma 23 nov. 2026 om 10:00 schreef Jane Doe <jane@acme.example>:",
        "Em seg., 23 de nov. de 2026 às 10:00, Jane Doe <jane@acme.example> escreveu:",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "-------- Message d'origine --------",
        "-----Mensaje original-----",
        "________________________________",
        "From: Jane Doe <jane@acme.example>\nSent: Monday, November 23, 2026 10:00 AM",
        "Von: Jane Doe <jane@acme.example>\nGesendet: Montag, 23. November 2026 10:00",
        "-- ",
    ):
        text = f"New words here.\n\n{attribution}\nunfortunately, old words\n"
        assert cut_quoted(text).strip() == "New words here.", attribution
    inline = "Answers inline:\n> could you send references?\nYes, attached.\n>> older\n"
    assert cut_quoted(inline) == "Answers inline:\nYes, attached.\n"


def test_a_delivery_status_notification_names_only_failed_recipients() -> None:
    raw = mail(
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
        "To: alex@example.org",
        'Content-Type: multipart/report; report-type="delivery-status"; boundary="b"',
        body=(
            "--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
            "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; mx.example.org\r\n\r\n"
            "Final-Recipient: rfc822; Gone@Acme.Example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            "Final-Recipient: rfc822; slow@acme.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n"
            "\r\n--b--\r\n"
        ),
    )
    got = parse_mail(raw)
    assert got.delivery_status
    assert got.failed_recipients == ("gone@acme.example",)
    assert got.text == "Could not deliver."


def test_huge_messages_are_capped_and_fast() -> None:
    body = ("Unfortunately " * 10 + "\r\n") * 100_000  # ~14 MB, past MAX_BYTES
    raw = mail("Subject: big", "Content-Type: text/plain", body=body)
    assert len(raw) > MAX_BYTES
    start = time.perf_counter()
    got = parse_mail(raw)
    assert time.perf_counter() - start < 5
    well_typed(got)
    assert got.truncated
    assert got.size == len(raw)
    assert 0 < len(got.text) <= MAX_TEXT
    one_line = mail("Subject: x", body="a" * 3_000_000)
    well_typed(parse_mail(one_line))


def test_deeply_nested_multiparts_do_not_exhaust_the_stack() -> None:
    depth = 5_000
    opening = "".join(
        f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n'
        for i in range(depth)
    )
    raw = mail(
        "Subject: nest",
        'Content-Type: multipart/mixed; boundary="b0"',
        body=opening + f"--b{depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n",
    )
    got = parse_mail(raw)
    well_typed(got)
    assert got.subject == "nest"


# --- fuzz ---------------------------------------------------------------------------------

CHARSETS = st.one_of(
    st.sampled_from(
        ["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "gb2312", "utf-16",
         "utf-7", "x-unknown", "unknown-8bit", "rot13", "base64", "hex", "idna", "utf-8*en",
         '"utf-8"', "", "ascii", "punycode", "unicode_escape", "zlib"]
    ),
    st.text(min_size=1, max_size=20),
)  # fmt: skip
ENCODINGS = st.sampled_from(
    ["7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode", "uuencode", "bogus", ""]
)
HEADER_NAMES = st.sampled_from(
    ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
     "Auto-Submitted", "Precedence", "X-Autoreply", "Content-Type", "X-Failed-Recipients",
     "Content-Transfer-Encoding", "Content-Disposition", "Reply-To"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda cs, enc, body: f"=?{cs}?{enc}?{body}?=",
        CHARSETS,
        st.sampled_from(["q", "b", "Q", "B", "x"]),
        st.text(alphabet="=?_ABCDEFabcdef0123456789+/#", max_size=40),
    ),
    st.sampled_from(
        ['"A, B" <a@b.example>, <broken', "<<<>>>@@", "Mon, 32 Dec 2026 25:61:00 +9999",
         "multipart/report; report-type=delivery-status; boundary=", "=?utf-8?q?", "\x00\x7f"]
    ),
)  # fmt: skip
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(str.encode),
    st.builds(lambda n, c: (c * n).encode(), st.integers(0, 200_000), st.sampled_from("a=>\n ")),
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    well_typed(parse_mail(raw, folder="Junk", uid=1))


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=12))
    lines = [f"{name}: {value}".encode("utf-8", "surrogatepass") for name, value in headers]
    charset = draw(CHARSETS)
    ctype = draw(
        st.sampled_from(["text/plain", "text/html", "multipart/mixed", "multipart/report"])
    )
    lines.append(
        f"Content-Type: {ctype}; charset={charset}; boundary=zz".encode("utf-8", "surrogatepass")
    )
    lines.append(f"Content-Transfer-Encoding: {draw(ENCODINGS)}".encode())
    body = draw(BODIES)
    if ctype.startswith("multipart") and draw(st.booleans()):
        parts = draw(st.lists(st.tuples(CHARSETS, ENCODINGS, BODIES), max_size=4))
        body = b"".join(
            b"--zz\r\nContent-Type: "
            + draw(
                st.sampled_from(
                    [b"text/plain", b"text/html", b"message/delivery-status", b"message/rfc822"]
                )
            )
            + f"; charset={cs}\r\nContent-Transfer-Encoding: {enc}\r\n\r\n".encode(
                "utf-8", "surrogatepass"
            )
            + part
            + b"\r\n"
            for cs, enc, part in parts
        ) + draw(st.sampled_from([b"--zz--\r\n", b"", b"--zz"]))
    separator = draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    return separator.join(lines) + separator * 2 + body


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_structured_hostile_messages_never_raise(raw: bytes) -> None:
    got = parse_mail(raw)
    well_typed(got)
    assert got.size == len(raw)


@settings(max_examples=examples(50), deadline=None)
@given(
    st.integers(1, 300),
    st.sampled_from(["multipart/mixed", "message/rfc822", "multipart/alternative"]),
)
def test_nesting_of_any_depth_never_raises(depth: int, ctype: str) -> None:
    parts = []
    for i in range(depth):
        if ctype == "message/rfc822":
            parts.append(f"Content-Type: message/rfc822\r\n\r\nSubject: level {i}\r\n")
        else:
            parts.append(f'Content-Type: {ctype}; boundary="n{i}"\r\n\r\n--n{i}\r\n')
    raw = ("".join(parts) + "Content-Type: text/plain\r\n\r\nbottom\r\n").encode()
    well_typed(parse_mail(raw))


# -- the From address of the header look (adapters/mail/headers.py) -----------------------

_ATEXT = "abcXYZ019!#$%&'*+/=?^_`{|}~-"
_dot_atom = st.lists(st.text(_ATEXT, min_size=1, max_size=6), min_size=1, max_size=3).map(".".join)
_domain = st.lists(st.text("abcXYZ09-", min_size=1, max_size=6), min_size=1, max_size=3).map(
    ".".join
)
_address = st.builds(lambda local, domain: f"{local}@{domain}", _dot_atom, _domain)
_name = st.text(st.characters(blacklist_characters='<>"(),;:\\@[]\r\n'), max_size=20)


@settings(max_examples=examples(400))
@given(
    st.one_of(
        st.builds(lambda n, a: f"{n}<{a}>", _name, _address),
        st.builds(lambda n, a: f"{n} <{a}>  ", _name, _address),
        st.builds(lambda a: f" {a} ", _address),
        st.text(max_size=40),
    )
)
def test_the_quick_from_address_is_parseaddrs(value: str) -> None:
    """The header look reads simple From values without ``parseaddr``: the same answer."""
    from email.utils import parseaddr

    from followup.adapters.mail.headers import from_address

    assert from_address(value) == (parseaddr(value)[1].strip().lower() or None)
