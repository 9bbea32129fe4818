"""SMTP with the standard library (``smtplib``): the ``MailTransport`` port.

Why these rules:
- A password never crosses the network in clear. Implicit TLS (465) wraps the socket from the
  first byte; with STARTTLS (587) the server must offer STARTTLS, or we stop before AUTH.
  Both verify the certificate and the host name, against the account's CA file when it has
  one.
- A send is all or nothing: recipients are given one by one and, if any is refused, the
  transaction is reset before DATA, so "recipient refused" always means nothing was sent
  and the outbox may try again without sending twice.
- The closing dot goes out on its own, after ``before_dot`` (the outbox commits there that
  the server may have the letter from now on): a letter cut off before its dot is discarded
  by the server, so a crash before that commit is certainly not a send.
- Once the whole letter and its closing dot are handed over, only the server's answer says
  whether it took it: a connection lost (or a timeout) while waiting for that answer raises
  ``MaybeSent``, never a plain failure, so the outbox does not send it again blindly. Every
  failure before that point (connect, TLS, login, sender or recipient refused, DATA refused,
  the connection lost while the letter was still going out) and a refusal of the letter
  itself mean the server does not have it.
- Every fault becomes an ``OutsideFailure`` (exit status 1) with one line saying what failed.

The connection is made on first use and kept for the next ``send``; a kept connection that
the server dropped is reopened before a new transaction (never in the middle of one).
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable, Sequence

from followup.adapters.mail.net import connection_failure, one_line, tls_context, where
from followup.domain.errors import MaybeSent, OutsideFailure
from followup.domain.mail import MailAccount, Security

CLOSING_DOT = b".\r\n"


def _dot_stuffed(raw: bytes) -> bytes:
    """The letter as DATA carries it (RFC 5321 section 4.5.2), all but the closing dot: a
    line that starts with a dot gets a second one, and the text ends in CRLF. What
    ``smtplib.SMTP.data`` sends, written out so that handing the letter over, sending the
    closing dot and waiting for the answer fail apart."""
    text = re.sub(rb"(?m)^\.", b"..", raw)
    if not text.endswith(b"\r\n"):
        text += b"\r\n"
    return text


class SmtpTransport:
    """Sends raw RFC 5322 bytes through the account's SMTP server."""

    def __init__(self, account: MailAccount, password: str, *, timeout: float = 30.0) -> None:
        self._account = account
        self._password = password
        self._timeout = timeout
        self._conn: smtplib.SMTP | None = None

    @property
    def _where(self) -> str:
        return where("SMTP", self._account.smtp)

    def check(self) -> None:
        """Connect, secure, log in and quit: what ``followup mail test`` needs to know."""
        self.close()
        self._connection()
        self.close()

    def send(
        self,
        raw: bytes,
        *,
        sender: str,
        recipients: Sequence[str],
        before_dot: Callable[[], None] | None = None,
    ) -> None:
        """``before_dot`` runs once the letter is out but for its closing dot: if it raises,
        the dot never goes and the server, which may deliver only a complete letter,
        discards it (the outbox records there "from here on the server may have it")."""
        if not recipients:
            raise OutsideFailure("no recipients: nothing was sent")
        conn = self._connection()
        try:
            self._transaction(conn, raw, sender, recipients, before_dot)
        except OutsideFailure:  # MaybeSent too
            raise
        except smtplib.SMTPServerDisconnected:
            self._drop()
            raise OutsideFailure(f"{self._where} closed the connection during the send") from None
        except smtplib.SMTPResponseException as e:
            self._drop()
            raise OutsideFailure(
                f"{self._where} failed the send: {e.smtp_code} {one_line(e.smtp_error)}"
            ) from None
        except (OSError, smtplib.SMTPException) as e:
            self._drop()
            raise connection_failure(e, "SMTP", self._account.smtp, self._timeout) from None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                conn.close()

    # -- inside --------------------------------------------------------------------------

    def _transaction(
        self,
        conn: smtplib.SMTP,
        raw: bytes,
        sender: str,
        recipients: Sequence[str],
        before_dot: Callable[[], None] | None,
    ) -> None:
        options: list[str] = []
        if conn.has_extn("size"):
            limit = int(conn.esmtp_features.get("size", "0") or 0)
            if limit and len(raw) > limit:
                raise OutsideFailure(
                    f"message refused by {self._where}: {len(raw)} bytes, it takes at most {limit}"
                )
            options.append(f"SIZE={len(raw)}")
        if any(b > 0x7F for b in raw) and conn.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        if not all(a.isascii() for a in (sender, *recipients)):
            if not conn.has_extn("smtputf8"):
                raise OutsideFailure(f"{self._where} does not take non-ASCII addresses (SMTPUTF8)")
            options.append("SMTPUTF8")
        code, text = conn.mail(sender, options)
        if code != 250:
            self._reset(conn)
            raise OutsideFailure(
                f"sender {sender} refused by {self._where}: {code} {one_line(text)}"
            )
        for rcpt in recipients:
            code, text = conn.rcpt(rcpt)
            if code not in (250, 251):
                self._reset(conn)
                raise OutsideFailure(
                    f"recipient {rcpt} refused by {self._where}: {code} {one_line(text)}; "
                    "nothing was sent"
                )
        code, text = conn.docmd("DATA")
        if code != 354:
            self._reset(conn)
            raise OutsideFailure(f"message refused by {self._where}: {code} {one_line(text)}")
        conn.send(_dot_stuffed(raw))  # a failure here: the closing dot never went out
        if before_dot is not None:
            try:
                before_dot()
            except BaseException:
                self._drop()  # mid-DATA: the letter dies with the connection
                raise
        try:
            # A failure while the dot goes is taken as "it may have arrived": the cautious side.
            conn.send(CLOSING_DOT)
            code, text = conn.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as e:
            self._drop()
            lost = "timed out" if "timed out" in str(e) else "closed the connection"
            raise MaybeSent(
                f"{self._where} {lost} after the whole message went out and before it answered"
            ) from None
        if code != 250:
            self._reset(conn)
            raise OutsideFailure(f"message refused by {self._where}: {code} {one_line(text)}")

    @staticmethod
    def _reset(conn: smtplib.SMTP) -> None:
        try:
            conn.rset()
        except (OSError, smtplib.SMTPException):
            conn.close()

    def _connection(self) -> smtplib.SMTP:
        if self._conn is not None:
            try:
                if self._conn.noop()[0] == 250:
                    return self._conn
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()
        self._conn = self._open()
        return self._conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _open(self) -> smtplib.SMTP:
        endpoint = self._account.smtp
        context = tls_context(self._account.ca_file)
        conn: smtplib.SMTP | None = None
        try:
            if endpoint.security == Security.TLS:
                conn = smtplib.SMTP_SSL(
                    endpoint.host, endpoint.port, timeout=self._timeout, context=context
                )
                conn.ehlo()
            else:
                conn = smtplib.SMTP(endpoint.host, endpoint.port, timeout=self._timeout)
                conn.ehlo()
                if not conn.has_extn("starttls"):
                    raise OutsideFailure(
                        f"{self._where} does not offer STARTTLS: the password would go in "
                        "clear, so nothing was sent (use implicit TLS, usually port 465)"
                    )
                conn.starttls(context=context)
                conn.ehlo()
            self._login(conn)
            # The closing dot goes in a write of its own (see ``_transaction``): without
            # this, Nagle's algorithm holds it until the body's last segment is acknowledged,
            # which a receiver's delayed ACK makes some 40 ms per letter.
            if conn.sock is not None:
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OutsideFailure:
            if conn is not None:
                conn.close()
            raise
        except smtplib.SMTPServerDisconnected as e:
            if conn is not None:
                conn.close()
            if "timed out" in str(e):  # smtplib hides the socket's timeout in this one
                raise connection_failure(TimeoutError(), "SMTP", endpoint, self._timeout) from None
            raise OutsideFailure(f"{self._where} closed the connection") from None
        except smtplib.SMTPResponseException as e:
            if conn is not None:
                conn.close()
            raise OutsideFailure(
                f"{self._where} refused the session: {e.smtp_code} {one_line(e.smtp_error)}"
            ) from None
        except (OSError, smtplib.SMTPException) as e:
            if conn is not None:
                conn.close()
            raise connection_failure(e, "SMTP", endpoint, self._timeout) from None
        return conn

    def _login(self, conn: smtplib.SMTP) -> None:
        if not conn.has_extn("auth"):
            raise OutsideFailure(f"{self._where} offers no login (AUTH) after TLS")
        try:
            conn.login(self._account.username, self._password)
        except smtplib.SMTPAuthenticationError as e:
            raise OutsideFailure(
                f"login refused by {self._where} for {self._account.username}: "
                f"{e.smtp_code} {one_line(e.smtp_error)}; check the password"
            ) from None
