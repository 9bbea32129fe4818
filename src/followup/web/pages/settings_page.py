"""Settings: the profile (editable), the mail account (as ``followup mail setup``: the
password goes to the keyring and is never shown back), the playbook's policy values in
force (read-only: they live in the config file), and where the data is kept."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.mail import Security
from followup.domain.policy import POLICY_DOCS
from followup.services import digest, mail_account, profile
from followup.services.context import Context
from followup.web.forms import checked_form, redirect
from followup.web.pages import calendar
from followup.web.pages.common import page
from followup.web.state import run, session, web_state

router = APIRouter(include_in_schema=False)

# What a successful post comes back to say (``?said=``): fixed texts, nothing echoed.
SAID = {
    "profile": "Profile saved.",
    "account": "Mail account saved.",
    "passwords": "Passwords stored in the system keyring.",
    "digest": "Morning digest saved.",
    "feed": "A new calendar feed address: subscribe to it again in your calendar app.",
}


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, said: str = "") -> HTMLResponse:
    return _settings(request, notice=SAID.get(said))


def _settings(
    request: Request,
    *,
    status_code: int = 200,
    notice: str | None = None,
    problem: str | None = None,
    checks: list[mail_account.Check] | None = None,
) -> HTMLResponse:
    settings = web_state(request).settings
    with session(request) as ctx:
        me = profile.get_profile(ctx)
        policy = [(f.name, getattr(ctx.policy, f.name), POLICY_DOCS.get(f.name, ""))
                  for f in dataclasses.fields(ctx.policy)]  # fmt: skip
        account = mail_account.current(ctx)
        secrets = ctx.ports.secrets()
        morning = digest.setting(ctx)
    passwords = [] if account is None else mail_account.passwords(secrets, account)
    feed_url = calendar.current_feed_url(request)
    return page(
        request, "settings.html", "settings", status_code,
        me=me, policy=policy, db=settings.db, config=settings.config,
        account=account, passwords=passwords, securities=[s.value for s in Security],
        digest=morning,
        notice=notice, problem=problem, checks=checks, feed_url=feed_url,
    )  # fmt: skip


@router.post("/settings/profile")
async def save_profile(request: Request) -> Response:
    form = await checked_form(request)

    def save(ctx: Context) -> object:
        changes = profile.ProfileChanges(
            name=form["name"],
            email=form["email"],
            timezone=form["timezone"],
            country=form.get("country"),
            phone=form.get("phone"),
            signature=form.get("signature"),
        )
        return profile.update_profile(ctx, changes)

    await run(request, save)
    return redirect("/settings?said=profile")


@router.post("/settings/mail")
async def save_account(request: Request) -> Response:
    """The account, then the passwords typed (if any) into the keyring; when there is no
    keyring the account is still saved and the page says which variables to set."""
    form = await checked_form(request)
    fields = mail_account.AccountFields(
        address=form["address"], username=form["username"],
        smtp_host=form["smtp_host"], smtp_port=form["smtp_port"],
        smtp_security=form["smtp_security"],
        imap_host=form["imap_host"], imap_port=form["imap_port"],
        imap_security=form["imap_security"],
        ca_file=form["ca_file"], sent_folder=form["sent_folder"],
        junk_folder=form["junk_folder"],
        provider_files_sent=form.get("provider_files_sent") is not None,
        bcc_self=form.get("bcc_self") is not None,
        receipt_grace=form["receipt_grace"],
    )  # fmt: skip
    smtp_password, imap_password = form["smtp_password"], form["imap_password"]

    def save(ctx: Context) -> str | None:
        account = mail_account.save(ctx, mail_account.account_from(fields))
        if not smtp_password and not imap_password:
            return None
        return mail_account.store_passwords(
            ctx.ports.secrets(), account, smtp_password or imap_password, imap_password or None
        )

    problem = await run(request, save)
    if problem:
        return _settings(request, status_code=200, notice=SAID["account"], problem=problem)
    stored = smtp_password or imap_password
    return redirect("/settings?said=" + ("passwords" if stored else "account") + "#mail")


@router.post("/settings/mail/test", response_class=HTMLResponse)
async def test_account(request: Request) -> HTMLResponse:
    """Log in to SMTP, then IMAP (``followup mail test``); each line says ok or why not."""
    await checked_form(request)

    def test(ctx: Context) -> list[mail_account.Check]:
        return mail_account.test(ctx.ports.mail_servers(mail_account.get(ctx)))

    checks = await run(request, test)
    failed = any(c.problem is not None for c in checks)
    return _settings(request, status_code=502 if failed else 200, checks=checks)
