"""``followup mail``: the account the outbox sends from and the worker reads.

``setup`` asks for what was not given when someone is at a terminal (the password hidden,
then kept in the system keyring); a script passes every field as an option and the
passwords in ``FOLLOWUP_SMTP_PASSWORD`` / ``FOLLOWUP_IMAP_PASSWORD``.
"""

from __future__ import annotations

import sys

import click

from followup.cli.output.emit import emit
from followup.cli.session import json_option, session
from followup.domain.errors import BadInput, OutsideFailure
from followup.domain.mail import MailAccount, Security
from followup.services import mail_account, records

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Secrets

SECURITY = click.Choice([s.value for s in Security])
PORT = click.IntRange(1, 65535)


def interactive() -> bool:
    return sys.stdin.isatty()


@click.group()
def mail() -> None:
    """Set up, show or test your mail account."""


@mail.command()
@click.option("--address", metavar="EMAIL", help="Your address: the From of every letter.")
@click.option("--username", metavar="NAME", help="Login name (default: the address).")
@click.option("--smtp-host", metavar="HOST", help="Outgoing server, e.g. smtp.example.org.")
@click.option("--smtp-port", type=PORT, metavar="PORT", help="Default 465 (587: STARTTLS).")
@click.option("--smtp-security", type=SECURITY, help="tls (implicit) or starttls.")
@click.option("--imap-host", metavar="HOST", help="Incoming server, e.g. imap.example.org.")
@click.option("--imap-port", type=PORT, metavar="PORT", help="Default 993 (143: STARTTLS).")
@click.option("--imap-security", type=SECURITY, help="tls (implicit) or starttls.")
@click.option(
    "--ca-file",
    metavar="PATH",
    help="A private server's CA certificate (PEM): then the only CA trusted, not the system's.",
)
@click.option("--sent-folder", metavar="NAME", help="Default: the server's \\Sent folder.")
@click.option("--junk-folder", metavar="NAME", help="Default: the server's \\Junk folder.")
@click.option(
    "--provider-files-sent/--append-sent",
    default=None,
    help="Your provider files a Sent copy itself (Gmail, Outlook) / followup appends one.",
)
@click.option(
    "--bcc-self/--no-bcc-self",
    default=None,
    help="Receipts: each letter's envelope names you too, so your server's copy proves it "
    "went and becomes the Sent copy (default on, unless --provider-files-sent).",
)
@click.option(
    "--receipt-grace",
    type=click.IntRange(1, mail_account.MAX_RECEIPT_GRACE_SECONDS),
    default=mail_account.DEFAULT_RECEIPT_GRACE_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="How long after an interrupted hand-over a missing receipt still means 'not here yet'.",
)
@click.option("--no-password", is_flag=True, help="Do not ask for or store passwords.")
def setup(
    address: str | None,
    username: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str | None,
    imap_host: str | None,
    imap_port: int | None,
    imap_security: str | None,
    ca_file: str | None,
    sent_folder: str | None,
    junk_folder: str | None,
    provider_files_sent: bool | None,
    bcc_self: bool | None,
    receipt_grace: int,
    no_password: bool,
) -> None:
    """Save your mail account (never its password) and store passwords in the keyring."""
    asking = interactive()
    address = address or _ask(asking, "Your email address", "--address")
    username = username or (click.prompt("Login name", default=address) if asking else address)
    domain = address.rpartition("@")[2]
    smtp_host = smtp_host or _ask(asking, "SMTP host", "--smtp-host", f"smtp.{domain}")
    imap_host = imap_host or _ask(asking, "IMAP host", "--imap-host", f"imap.{domain}")
    if ca_file is not None:
        import os

        ca_file = os.path.abspath(ca_file)
        if not os.path.isfile(ca_file):
            raise BadInput(f"--ca-file {ca_file}: no such file")
    account = MailAccount(
        address=address.strip(),
        username=username.strip(),
        smtp=mail_account.smtp_endpoint(smtp_host, smtp_port, _security(smtp_security)),
        imap=mail_account.imap_endpoint(imap_host, imap_port, _security(imap_security)),
        ca_file=ca_file,
        sent_folder=sent_folder or None,
        junk_folder=junk_folder or None,
        provider_files_sent=bool(provider_files_sent),
        bcc_self=not provider_files_sent if bcc_self is None else bcc_self,
        receipt_grace_seconds=receipt_grace,
    )
    with session() as ctx:
        saved = mail_account.save(ctx, account)
        secrets = ctx.ports.secrets()
    click.echo(f"Saved the mail account {saved.address}.")
    _show(saved)
    if asking and not no_password:
        _store_passwords(secrets, saved)


def _ask(asking: bool, prompt: str, option: str, default: str | None = None) -> str:
    if not asking:
        raise BadInput(f"give {option} (no terminal to ask at)")
    answer: str = click.prompt(prompt, default=default)
    return answer


def _security(text: str | None) -> Security | None:
    return None if text is None else Security(text)


def _store_passwords(secrets: Secrets, account: MailAccount) -> None:
    smtp = click.prompt("SMTP password (hidden)", hide_input=True, default="", show_default=False)
    if not smtp:
        click.echo("No password stored; set the environment variables instead.")
        return
    imap = click.prompt(
        "IMAP password (Enter: the same)", hide_input=True, default="", show_default=False
    )
    problem = mail_account.store_passwords(secrets, account, smtp, imap or None)
    if problem:
        click.echo(problem[0].upper() + problem[1:] + ".", err=True)
        return
    click.echo("Passwords stored in the system keyring.")


@mail.command()
@json_option
def show(as_json: bool) -> None:
    """Show the mail account (no password)."""
    with session() as ctx:
        account = mail_account.get(ctx)
    emit(as_json, lambda: records.mail_account(account), lambda: _show(account))


def _show(account: MailAccount) -> None:
    click.echo(f"Address:   {account.address} (login {account.username})")
    for name, e in (("SMTP", account.smtp), ("IMAP", account.imap)):
        click.echo(f"{name}:      {e.host}:{e.port} ({e.security.value})")
    if account.ca_file:
        click.echo(f"CA file:   {account.ca_file}")
    sent = account.sent_folder or "the server's \\Sent folder"
    filing = "your provider files it" if account.provider_files_sent else "followup appends it"
    if account.receipts:
        filing = "your server's copy to you (the receipt), else followup appends one"
    click.echo(f"Sent copy: {sent}; {filing}")
    if account.receipts:
        proven = "have arrived" if account.receipt_seen else "none has arrived yet"
        click.echo(
            f"Receipts:  on ({proven}); a missing one counts after "
            f"{account.receipt_grace_seconds} s"
        )
    elif account.bcc_self:
        click.echo("Receipts:  not needed: your provider files the Sent copy")
    else:
        click.echo("Receipts:  off (an interrupted send may need your word)")
    junk = account.junk_folder or "the server's \\Junk folder"
    click.echo(f"Junk:      {junk}")


@mail.command(name="test")
def test_cmd() -> None:
    """Log in to SMTP, then IMAP; one line per server, exit status 1 if either fails."""
    with session() as ctx:
        servers = ctx.ports.mail_servers(mail_account.get(ctx))
    checks = mail_account.test(servers)
    for c in checks:
        where = f"{c.endpoint.host}:{c.endpoint.port} ({c.endpoint.security.value})"
        click.echo(f"{c.server} {where}: {'ok' if c.problem is None else c.problem}")
    failed = [c.server for c in checks if c.problem is not None]
    if failed:
        raise OutsideFailure(f"{' and '.join(failed)} failed; see above")
