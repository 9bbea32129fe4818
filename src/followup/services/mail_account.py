"""The user's mail account: set up, shown, tested. Passwords are never handled here.

``setup`` fills in the conventional ports and security (SMTP implicit TLS on 465, STARTTLS
on 587, IMAP TLS on 993) so most users type a host and a user name and nothing else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from followup.domain.errors import BadInput, FollowupError
from followup.domain.mail import Endpoint, MailAccount, Security
from followup.services.context import Context
from followup.services.ports import MailServers, Secrets

MAX_RECEIPT_GRACE_SECONDS = 24 * 3600  # a copy a day late is no evidence anyone can wait for
DEFAULT_RECEIPT_GRACE_SECONDS = 600
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
    if not 0 < account.receipt_grace_seconds <= MAX_RECEIPT_GRACE_SECONDS:
        raise BadInput(
            f"the receipt grace {account.receipt_grace_seconds} s is out of range "
            f"(1-{MAX_RECEIPT_GRACE_SECONDS} seconds)"
        )
    with ctx.store.transaction():
        before = ctx.store.get_mail_account()
        if before is not None and _same_server(before, account):
            # Receipts proven for this address on this server stay proven.
            account = replace(account, receipt_seen=account.receipt_seen or before.receipt_seen)
        ctx.store.save_mail_account(account)
    return account


def _same_server(a: MailAccount, b: MailAccount) -> bool:
    return a.address.lower() == b.address.lower() and a.smtp.host == b.smtp.host


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


def current(ctx: Context) -> MailAccount | None:
    """The account, or None before ``mail setup`` (pages say so rather than fail)."""
    return ctx.store.get_mail_account()


@dataclass(frozen=True)
class AccountFields:
    """The mail account as a form gives it: text, empty meaning "the usual"."""

    address: str
    username: str = ""
    smtp_host: str = ""
    smtp_port: str = ""
    smtp_security: str = ""
    imap_host: str = ""
    imap_port: str = ""
    imap_security: str = ""
    ca_file: str = ""
    sent_folder: str = ""
    junk_folder: str = ""
    provider_files_sent: bool = False
    bcc_self: bool = True
    receipt_grace: str = ""  # seconds; empty: the default


def account_from(fields: AccountFields) -> MailAccount:
    """The account a form describes, with ``setup``'s defaults: the login is the address,
    the hosts ``smtp.`` / ``imap.`` and the domain, the ports and security the usual ones."""
    address = fields.address.strip()
    domain = address.rpartition("@")[2]
    ca_file = fields.ca_file.strip() or None
    if ca_file is not None:
        ca_file = os.path.abspath(os.path.expanduser(ca_file))
        if not os.path.isfile(ca_file):
            raise BadInput(f"CA file {ca_file}: no such file")
    return MailAccount(
        address=address,
        username=fields.username.strip() or address,
        smtp=smtp_endpoint(
            fields.smtp_host.strip() or f"smtp.{domain}",
            _port_text(fields.smtp_port, "SMTP"),
            _security_text(fields.smtp_security, "SMTP"),
        ),
        imap=imap_endpoint(
            fields.imap_host.strip() or f"imap.{domain}",
            _port_text(fields.imap_port, "IMAP"),
            _security_text(fields.imap_security, "IMAP"),
        ),
        ca_file=ca_file,
        sent_folder=fields.sent_folder.strip() or None,
        junk_folder=fields.junk_folder.strip() or None,
        provider_files_sent=fields.provider_files_sent,
        bcc_self=fields.bcc_self,
        receipt_grace_seconds=_grace_text(fields.receipt_grace),
    )


def _port_text(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 5:
        raise BadInput(f"{what} port {text[:40]!r} is not a number (e.g. 465, 587, 993)")
    return int(text)


def _grace_text(text: str) -> int:
    text = text.strip()
    if not text:
        return DEFAULT_RECEIPT_GRACE_SECONDS
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise BadInput(f"receipt grace {text[:40]!r} is not a number of seconds (e.g. 600)")
    return int(text)


def _security_text(text: str, what: str) -> Security | None:
    text = text.strip().lower()
    if not text:
        return None
    try:
        return Security(text)
    except ValueError:
        accepted = ", ".join(s.value for s in Security)
        raise BadInput(f"{what} security {text!r}: use one of {accepted}") from None


SERVERS = ("smtp", "imap")


@dataclass(frozen=True)
class PasswordState:
    server: str  # "smtp" or "imap"
    where: str | None  # "environment", "keyring", or None: no password yet
    variable: str  # the environment variable that would supply it


def passwords(secrets: Secrets, account: MailAccount) -> list[PasswordState]:
    """Whether each server has a password and where it comes from; never the password."""
    return [
        PasswordState(s, secrets.where(s, account.username), secrets.variable(s)) for s in SERVERS
    ]


def store_passwords(
    secrets: Secrets, account: MailAccount, smtp: str, imap: str | None = None
) -> str | None:
    """Into the keyring (IMAP's defaults to SMTP's: most providers use one password);
    None when stored, else why not, naming the environment variables to use instead."""
    if not smtp:
        raise BadInput("the SMTP password is empty; type it, or leave both empty")
    for server, secret in (("smtp", smtp), ("imap", imap or smtp)):
        problem = secrets.save(server, account.username, secret)
        if problem:
            variables = " and ".join(secrets.variable(s) for s in SERVERS)
            return f"not stored: {problem}; set {variables} in the environment instead"
    return None
