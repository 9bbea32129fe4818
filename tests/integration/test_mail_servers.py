"""The test mail servers themselves (tests/mailservers.py): what every mail test stands on."""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from tests.mailservers import HOST, MailServers, MailUser


def _raw(to: str) -> tuple[str, bytes]:
    msg = EmailMessage()
    msg["From"] = "recruiter@employer.test"
    msg["To"] = to
    msg["Subject"] = "Next steps"
    msg["Message-ID"] = mid = make_msgid(domain="employer.test")
    msg.set_content("Thanks for your time.")
    return mid, bytes(msg)


def test_lmtp_delivery_lands_in_the_users_inbox_only(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    mid, raw = _raw(mail_user.address)
    mail_servers.deliver(raw, to=mail_user.address)
    assert mail_servers.message_ids(mail_user.address) == [mid]
    other, _ = mail_servers.new_user()
    assert mail_servers.message_ids(other) == []


def test_mail_is_stored_by_an_unprivileged_user(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    _, raw = _raw(mail_user.address)
    mail_servers.deliver(raw, to=mail_user.address)
    stored = list((mail_servers.dovecot.maildir(mail_user.address) / "new").iterdir())
    assert len(stored) == 1
    assert stored[0].stat().st_uid != 0
    if os.geteuid() != 0:
        assert stored[0].stat().st_uid == os.geteuid()


def test_special_use_folders_and_extensions_are_offered(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    import imaplib

    conn = imaplib.IMAP4(HOST, mail_servers.dovecot.imap_port)
    try:
        assert "STARTTLS" in conn.capabilities
        conn.starttls(ssl.create_default_context(cafile=mail_servers.ca_file))
        conn.login(mail_user.address, mail_user.password)
        _, data = conn.capability()
        caps = set(data[0].decode().upper().split())
        assert {"IDLE", "CONDSTORE", "SPECIAL-USE"} <= caps
        _, folders = conn.list()
        listing = b"\n".join(f for f in folders if isinstance(f, bytes))
        assert b"\\Sent" in listing
        assert b"\\Junk" in listing
    finally:
        conn.logout()


def test_smtp_auth_checks_the_dovecot_password(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    ctx = ssl.create_default_context(cafile=mail_servers.ca_file)
    with (
        smtplib.SMTP_SSL(HOST, mail_servers.smtp_tls.port, context=ctx, timeout=10) as c,
        pytest.raises(smtplib.SMTPAuthenticationError),
    ):
        c.login(mail_user.address, "not-the-password")
    with smtplib.SMTP(HOST, mail_servers.smtp_starttls.port, timeout=10) as c:
        c.ehlo()
        assert not c.has_extn("auth")  # no AUTH before STARTTLS on the 587-style server
        c.starttls(context=ctx)
        c.login(mail_user.address, mail_user.password)
        mid, raw = _raw(mail_user.address)
        c.sendmail(mail_user.address, [mail_user.address], raw)
    assert mail_servers.message_ids(mail_user.address) == [mid]


def test_delivery_into_junk(mail_servers: MailServers, mail_user: MailUser) -> None:
    mid, raw = _raw(mail_user.address)
    mail_servers.deliver(raw, to=mail_user.address, folder="Junk")
    assert mail_servers.message_ids(mail_user.address, "Junk") == [mid]
    assert mail_servers.message_ids(mail_user.address) == []


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_smtp_auth_mechanisms_use_the_same_users(
    mail_servers: MailServers, mail_user: MailUser, mechanism: str
) -> None:
    ctx = ssl.create_default_context(cafile=mail_servers.ca_file)
    with smtplib.SMTP_SSL(HOST, mail_servers.smtp_tls.port, context=ctx, timeout=10) as c:
        c.ehlo()
        c.user, c.password = mail_user.address, mail_user.password
        code, _ = c.auth(mechanism, getattr(c, f"auth_{mechanism.lower()}"))
        assert code == 235
