"""``SmtpTransport`` against real aiosmtpd servers that deliver into a real Dovecot."""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from followup.adapters.mail.smtp import SmtpTransport
from followup.domain.errors import OutsideFailure
from followup.domain.mail import Endpoint, Security
from tests.mailservers import (
    HOST,
    REFUSE_HEADER,
    MailServers,
    MailUser,
    SmtpVariant,
    closed_port,
)


def thank_you(sender: str, to: str, body: str = "Thank you for your time today.") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = "Thank you"
    msg["Message-ID"] = make_msgid(domain="followup.test")
    msg.set_content(body)
    return msg


def one_line_failure(excinfo: pytest.ExceptionInfo[OutsideFailure]) -> str:
    message = excinfo.value.message
    assert "\n" not in message
    assert excinfo.value.exit_code == 1
    return message


@pytest.mark.parametrize("variant", [SmtpVariant.TLS, SmtpVariant.STARTTLS])
def test_each_variant_sends_and_the_message_arrives_in_the_inbox(
    mail_servers: MailServers, mail_user: MailUser, variant: str
) -> None:
    smtp = Endpoint(HOST, mail_servers.smtp[variant].port, Security(variant))
    transport = SmtpTransport(replace(mail_user.account, smtp=smtp), mail_user.password)
    first = thank_you(mail_user.address, mail_user.address)
    second = thank_you(mail_user.address, mail_user.address, "A second one, same connection.")
    try:
        transport.send(bytes(first), sender=mail_user.address, recipients=[mail_user.address])
        transport.send(bytes(second), sender=mail_user.address, recipients=[mail_user.address])
    finally:
        transport.close()
    assert mail_servers.message_ids(mail_user.address) == [
        first["Message-ID"],
        second["Message-ID"],
    ]


def test_a_reply_reaches_another_mailbox_with_eight_bit_text(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    recruiter, _ = mail_servers.new_user()
    msg = thank_you(mail_user.address, recruiter, "Merci beaucoup, à bientôt — Zoë")
    transport = SmtpTransport(mail_user.account, mail_user.password)
    transport.send(bytes(msg), sender=mail_user.address, recipients=[recruiter])
    transport.close()
    assert mail_servers.message_ids(recruiter) == [msg["Message-ID"]]


def test_check_logs_in_and_quits(mail_servers: MailServers, mail_user: MailUser) -> None:
    for smtp in (mail_servers.smtp_tls, mail_servers.smtp_starttls):
        SmtpTransport(replace(mail_user.account, smtp=smtp), mail_user.password).check()


def test_starttls_not_offered_is_refused_before_any_auth(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    server = mail_servers.smtp[SmtpVariant.NO_STARTTLS]
    auths, accepted = len(server.auth_attempts), len(server.accepted)
    account = replace(mail_user.account, smtp=mail_servers.smtp_no_starttls)
    transport = SmtpTransport(account, mail_user.password)
    msg = thank_you(mail_user.address, mail_user.address)
    with pytest.raises(OutsideFailure) as excinfo:
        transport.send(bytes(msg), sender=mail_user.address, recipients=[mail_user.address])
    assert "does not offer STARTTLS" in one_line_failure(excinfo)
    with pytest.raises(OutsideFailure):
        transport.check()
    assert (len(server.auth_attempts), len(server.accepted)) == (auths, accepted)
    assert mail_servers.message_ids(mail_user.address) == []


@pytest.mark.parametrize("variant", [SmtpVariant.TLS, SmtpVariant.STARTTLS])
def test_wrong_password_is_a_refused_login(
    mail_servers: MailServers, mail_user: MailUser, variant: str
) -> None:
    smtp = Endpoint(HOST, mail_servers.smtp[variant].port, Security(variant))
    transport = SmtpTransport(replace(mail_user.account, smtp=smtp), "not-the-password")
    with pytest.raises(OutsideFailure) as excinfo:
        transport.check()
    message = one_line_failure(excinfo)
    assert message.startswith(f"login refused by SMTP server {HOST}:{smtp.port}")
    assert "not-the-password" not in message


def test_server_down_is_a_refused_connection(mail_user: MailUser) -> None:
    port = closed_port()
    account = replace(mail_user.account, smtp=Endpoint(HOST, port, Security.TLS))
    with pytest.raises(OutsideFailure) as excinfo:
        SmtpTransport(account, mail_user.password).check()
    assert (
        one_line_failure(excinfo) == f"cannot reach SMTP server {HOST}:{port}: connection refused"
    )


def test_a_server_that_never_answers_times_out(mail_user: MailUser) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) but never greets
        silent.bind((HOST, 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        account = replace(mail_user.account, smtp=Endpoint(HOST, port, Security.STARTTLS))
        with pytest.raises(OutsideFailure) as excinfo:
            SmtpTransport(account, mail_user.password, timeout=0.3).check()
    assert (
        one_line_failure(excinfo)
        == f"cannot reach SMTP server {HOST}:{port}: no answer within 0.3 s"
    )


@pytest.mark.parametrize("variant", [SmtpVariant.TLS, SmtpVariant.STARTTLS])
def test_a_certificate_from_an_unknown_ca_is_refused_before_auth(
    mail_servers: MailServers, mail_user: MailUser, variant: str
) -> None:
    server = mail_servers.smtp[variant]
    auths = len(server.auth_attempts)
    smtp = Endpoint(HOST, server.port, Security(variant))
    account = replace(mail_user.account, smtp=smtp, ca_file=mail_servers.certs.other_ca_file)
    with pytest.raises(OutsideFailure) as excinfo:
        SmtpTransport(account, mail_user.password).check()
    assert "TLS certificate of SMTP server" in one_line_failure(excinfo)
    assert "could not be verified" in excinfo.value.message
    assert len(server.auth_attempts) == auths


def test_a_refused_recipient_sends_to_nobody(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    transport = SmtpTransport(mail_user.account, mail_user.password)
    msg = thank_you(mail_user.address, mail_user.address)
    with pytest.raises(OutsideFailure) as excinfo:
        transport.send(
            bytes(msg),
            sender=mail_user.address,
            recipients=[mail_user.address, "nobody@followup.test"],
        )
    message = one_line_failure(excinfo)
    assert message.startswith("recipient nobody@followup.test refused by SMTP server")
    assert "550" in message
    assert mail_servers.message_ids(mail_user.address) == []
    # The connection is still good for the next send.
    transport.send(bytes(msg), sender=mail_user.address, recipients=[mail_user.address])
    transport.close()
    assert mail_servers.message_ids(mail_user.address) == [msg["Message-ID"]]


def test_a_message_over_the_servers_size_is_refused(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    limit = mail_servers.smtp[SmtpVariant.TLS].data_size_limit
    msg = thank_you(mail_user.address, mail_user.address, "x" * 70 + "\n")
    raw = bytes(msg) + b"y" * (limit + 1)
    transport = SmtpTransport(mail_user.account, mail_user.password)
    with pytest.raises(OutsideFailure) as excinfo:
        transport.send(raw, sender=mail_user.address, recipients=[mail_user.address])
    transport.close()
    assert one_line_failure(excinfo).startswith("message refused by SMTP server")
    assert mail_servers.message_ids(mail_user.address) == []


def test_a_message_refused_after_data_is_one_line_and_not_delivered(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    msg = thank_you(mail_user.address, mail_user.address)
    msg[REFUSE_HEADER.rstrip(":")] = "yes"
    transport = SmtpTransport(mail_user.account, mail_user.password)
    with pytest.raises(OutsideFailure) as excinfo:
        transport.send(bytes(msg), sender=mail_user.address, recipients=[mail_user.address])
    assert one_line_failure(excinfo) == (
        f"message refused by SMTP server {HOST}:{mail_servers.smtp_tls.port}: "
        "554 5.7.1 Message refused by content policy"
    )
    transport.close()
    assert mail_servers.message_ids(mail_user.address) == []


def test_before_dot_runs_once_the_letter_is_out_but_its_dot(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    """The hook runs after the server has every byte but the closing dot (it has not
    delivered anything yet); once it returns the dot goes and the letter is delivered."""
    transport = SmtpTransport(mail_user.account, mail_user.password)
    letter = thank_you(mail_user.address, mail_user.address)
    seen: list[list[str]] = []

    def look() -> None:
        time.sleep(0.3)  # were the dot out, the server would have delivered by now
        seen.append(mail_servers.message_ids(mail_user.address))

    try:
        transport.send(
            bytes(letter), sender=mail_user.address, recipients=[mail_user.address],
            before_dot=look,
        )  # fmt: skip
    finally:
        transport.close()
    assert seen == [[]]
    assert mail_servers.message_ids(mail_user.address) == [letter["Message-ID"]]


def test_a_failing_before_dot_sends_nothing_and_the_next_letter_goes(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    """A hook that raises (the database would not record the hand-over) keeps the dot back:
    the server discards the letter with the connection, and the next send reconnects."""
    transport = SmtpTransport(mail_user.account, mail_user.password)
    first = thank_you(mail_user.address, mail_user.address)

    def refuse() -> None:
        raise OutsideFailure("database busy")

    try:
        with pytest.raises(OutsideFailure, match="database busy"):
            transport.send(
                bytes(first), sender=mail_user.address, recipients=[mail_user.address],
                before_dot=refuse,
            )  # fmt: skip
        second = thank_you(mail_user.address, mail_user.address, "The next one.")
        transport.send(bytes(second), sender=mail_user.address, recipients=[mail_user.address])
    finally:
        transport.close()
    assert mail_servers.message_ids(mail_user.address) == [second["Message-ID"]]
