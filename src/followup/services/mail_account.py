"""The user's mail account: set up, shown, tested. Passwords are never handled here.

``setup`` fills in the conventional ports and security (SMTP implicit TLS on 465, STARTTLS
on 587, IMAP TLS on 993) so most users type a host and a user name and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup.domain.errors import BadInput, FollowupError
from followup.domain.mail import Endpoint, MailAccount, Security
from followup.services.context import Context
from followup.services.ports import MailServers

SMTP_TLS_PORT = 465
SMTP_SUBMISSION_PORT = 587
IMAP_TLS_PORT = 993
IMAP_PLAIN_PORT = 143


def smtp_endpoint(host: str, port: int | None, security: Security | None) -> Endpoint:
    """465 with implicit TLS unless told otherwise; port 587 means STARTTLS."""
    if port is None:
        port = SMTP_SUBMISSION_PORT if security is Security.STARTTLS else SMTP_TLS_PORT
    if security is None:
        security = Security.STARTTLS if port == SMTP_SUBMISSION_PORT else Security.TLS
    return Endpoint(_host(host, "SMTP"), _port(port, "SMTP"), security)


def imap_endpoint(host: str, port: int | None, security: Security | None) -> Endpoint:
    """993 with implicit TLS unless told otherwise; port 143 means STARTTLS."""
    if port is None:
        port = IMAP_PLAIN_PORT if security is Security.STARTTLS else IMAP_TLS_PORT
    if security is None:
        security = Security.STARTTLS if port == IMAP_PLAIN_PORT else Security.TLS
    return Endpoint(_host(host, "IMAP"), _port(port, "IMAP"), security)


def _host(host: str, what: str) -> str:
    host = host.strip()
    if not host or any(c.isspace() for c in host) or "/" in host:
        raise BadInput(f"{what} host {host!r} is not a host name (e.g. smtp.example.org)")
    return host


def _port(port: int, what: str) -> int:
    if not 0 < port < 65536:
        raise BadInput(f"{what} port {port} is out of range (1-65535)")
    return port


def save(ctx: Context, account: MailAccount) -> MailAccount:
    address = account.address.strip()
    if address.count("@") != 1 or any(c.isspace() for c in address) or "." not in address:
        raise BadInput(f"{address!r} is not an email address (want name@domain.tld)")
    if not account.username.strip():
        raise BadInput("the user name is empty; give --username (often your address)")
    with ctx.store.transaction():
        ctx.store.save_mail_account(account)
    return account


def get(ctx: Context) -> MailAccount:
    account = ctx.store.get_mail_account()
    if account is None:
        raise BadInput("no mail account yet: run `followup mail setup`")
    return account


@dataclass(frozen=True)
class Check:
    server: str  # "SMTP" or "IMAP"
    endpoint: Endpoint
    problem: str | None  # None: logged in


def test(servers: MailServers) -> list[Check]:
    """Log in to SMTP, then IMAP; each says ok or what failed, independently."""
    account = servers.account
    out = []
    try:
        transport = servers.transport()
        try:
            transport.check()
        finally:
            transport.close()
        out.append(Check("SMTP", account.smtp, None))
    except FollowupError as exc:
        out.append(Check("SMTP", account.smtp, exc.message))
    try:
        mailbox = servers.mailbox()
        try:
            mailbox.special_folder("\\Sent")
        finally:
            mailbox.close()
        out.append(Check("IMAP", account.imap, None))
    except FollowupError as exc:
        out.append(Check("IMAP", account.imap, exc.message))
    return out
