"""The newcomer's journey in a real browser: Debian's Chromium, driven by Playwright, against
``followup serve`` running as a child process on a free loopback port, clock pinned.

Set up a profile, add an application, a person and an interview, write the debrief, draft
the thank-you, plant a typo and watch it marked, mark the letter sent, and see the plan move
on to the status inquiry. A screenshot of every page lands in tests/e2e/output/.

Chromium comes from the system package (``make test`` installs it when missing); Playwright
is used for its driver only and never downloads a browser. Without Chromium the test is
skipped on a developer's machine and fails in CI (``CI`` set).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import Followup, make_profile

if TYPE_CHECKING:
    from tests.mailservers import MailServers

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).parent / "output"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(followup: Followup) -> Iterator[str]:
    """``followup serve`` in a child process; yields the URL it printed (with the token)."""
    with serving(followup) as url:
        yield url


@contextmanager
def serving(followup: Followup, now: str | None = None, **env: str) -> Iterator[str]:
    port = free_port()
    argv = ["--db", str(followup.db), "--config", str(followup.config), "--now"]
    argv.append(now or followup.now)
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", *argv, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=followup.env(**env),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", line)
        assert found, line + (proc.stderr.read() if proc.stderr else "")
        _wait_listening(port)
        yield found.group(1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_listening(port: int) -> None:
    import time

    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def browser_page() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it (see Makefile)")
        pytest.skip("no /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            yield page
        finally:
            browser.close()


def shot(page: object, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_newcomer_records_an_interview_and_sends_a_polished_thank_you(
    server: str, browser_page: object
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # The printed address signs in, then the token leaves the address bar.
    page.goto(server)
    expect(page).to_have_url(re.compile(r"/settings$"))  # no profile yet: start there
    shot(page, "01-settings-first-visit")
    page.fill("input[name=name]", "Alex Morgan")
    page.fill("input[name=email]", "alex@example.org")
    page.fill("input[name=timezone]", "Europe/London")
    page.fill("input[name=country]", "GB")
    page.click("text=Save profile")

    # Add an application in one form.
    page.click("nav >> text=Applications")
    if page.locator("details.add[open]").count() == 0:  # open by itself on an empty board
        page.click("text=Add an application")
    page.fill("input[name=company]", "Acme <b>Labs</b>")
    page.fill("input[name=role]", "Data Engineer")
    shot(page, "02-applications-add")
    page.click("button:has-text('Add')")
    expect(page.locator("h1")).to_contain_text("Acme <b>Labs</b>")  # shown as text

    # A person, then the interview this morning with them.
    page.click("text=Add a person")
    page.fill("input[name=name] >> nth=0", "Jane Doe")
    page.fill("input[name=email]", "jane@acme.example")
    page.click("text=Add person")
    page.click("text=Add an interview")
    page.fill("input[name=start]", "2026-11-23T08:30")
    page.check("input[name=with]")
    page.click("text=Add interview")
    shot(page, "03-application")

    # The debrief, from the application page.
    page.click("text=Write the debrief")
    page.fill("textarea[name=questions]", "Why Acme? | their data quality focus | 4")
    page.fill("textarea[name=strengths]", "pipelines")
    page.fill("textarea[name=topics_1]", "the streaming migration")
    page.select_option("select[name=rapport_1]", "good")
    page.fill("input[name=decision_date]", "2026-12-04")
    shot(page, "04-debrief")
    page.click("text=Save the debrief")

    # Today shows the thank-you with its why; draft it.
    page.click("nav >> text=Today")
    thanks = page.locator(
        "li.action", has=page.locator(".kind", has_text=re.compile("^Thank-you$"))
    )
    expect(thanks).to_contain_text("within 48 hours")
    shot(page, "05-today")
    thanks.locator("text=Draft").click()
    expect(page.locator("textarea[name=body]")).to_contain_text("the streaming migration")

    # Plant a typo: the review marks it while the user types.
    body = page.locator("textarea[name=body]")
    letter = body.input_value()
    body.click()
    page.keyboard.press("Control+End")
    body.press_sequentially("\nI look forward to recieve your news.", delay=15)
    expect(page.locator("#review mark", has_text="recieve")).to_be_visible(timeout=15000)
    shot(page, "06-draft-typo")
    body.fill(letter)  # fixed: the mark goes away on the next check
    expect(page.locator("#review mark", has_text="recieve")).to_have_count(0, timeout=15000)

    # Sent: the plan moves on to the status inquiry.
    page.click("#mark-sent")
    expect(page.locator("section.group")).to_contain_text("Status inquiry")
    expect(page.locator("section.group .kind", has_text=re.compile("^Thank-you$"))).to_have_count(0)
    expect(page.locator("svg.timeline")).to_contain_text("Thank-you sent")
    shot(page, "07-application-after")

    page.click("nav >> text=Insights")
    expect(page.locator("h1")).to_have_text("Insights")
    shot(page, "08-insights")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.click("nav >> text=Today")
    shot(page, "09-today-phone")
    assert not [e for e in errors if "Content Security Policy" in e], errors


SENT_AT = "2026-11-24T09:05"  # the morning after the interview, when the thank-you goes


def test_the_mail_loop_in_the_browser_snooze_settings_send_check_mail_confirm(
    followup: Followup, mail_servers: MailServers, browser_page: object
) -> None:
    """Snooze an action, set up the account in Settings, test it, edit and save the
    thank-you, send it from the Draft page to the real SMTP server, an answer arrives in
    the real Dovecot, Check mail, confirm it on the Inbox page, and the plan moves on."""
    from playwright.sync_api import Page, expect

    from tests.mailservers import RECRUITER

    page = browser_page
    assert isinstance(page, Page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    address, password = mail_servers.new_user()
    make_profile(followup)
    followup.ok("me", "--email", address)
    followup.ok("app", "add", "Acme", "Data Engineer")
    followup.ok("contact", "add", "1", "Riley Recruiter", "--email", RECRUITER)
    followup.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    # No keyring in a test run: the passwords come from the environment, as Settings says.
    secrets = {"FOLLOWUP_SMTP_PASSWORD": password, "FOLLOWUP_IMAP_PASSWORD": password}
    with serving(followup, SENT_AT, **secrets) as url:
        page.goto(url)

        # Snooze the debrief until tomorrow: it comes back at 09:00 and says why.
        debrief = page.locator(
            "li.action", has=page.locator(".kind", has_text=re.compile("^Debrief$"))
        )
        debrief.locator("summary", has_text="Snooze").click()
        shot(page, "10-today-snooze")
        debrief.locator("text=Until tomorrow").click()
        debrief = page.locator(
            "li.action", has=page.locator(".kind", has_text=re.compile("^Debrief$"))
        )
        expect(debrief).to_contain_text("Snoozed by you until Wed 25 Nov 09:00.")

        # The mail account in Settings, then Test connection: both servers answer.
        page.click("nav >> text=Settings")
        imap, smtp = mail_servers.imap_tls, mail_servers.smtp_tls
        page.fill("input[name=address]", address)
        page.fill("input[name=smtp_host]", smtp.host)
        page.fill("input[name=smtp_port]", str(smtp.port))
        page.select_option("select[name=smtp_security]", "tls")
        page.fill("input[name=imap_host]", imap.host)
        page.fill("input[name=imap_port]", str(imap.port))
        page.select_option("select[name=imap_security]", "tls")
        page.fill("input[name=ca_file]", mail_servers.ca_file)
        page.click("#save-mail")
        expect(page.locator("#said")).to_have_text("Mail account saved.")
        expect(page.locator("#passwords")).to_contain_text("from the environment")
        page.click("#test-mail")
        expect(page.locator("#checks li.ok")).to_have_count(2, timeout=20000)
        shot(page, "11-settings-mail")
        assert password not in page.content()

        # Draft the thank-you (the facts the record lacks are asked for), edit, save.
        page.click("nav >> text=Today")
        thanks = page.locator(
            "li.action", has=page.locator(".kind", has_text=re.compile("^Thank-you$"))
        )
        thanks.locator("text=Draft").click()
        if page.locator("input[name=topic]").count():
            page.fill("input[name=topic]", "streaming joins")
            page.fill("input[name=strength]", "Spark")
            page.click("button.primary")
        subject = page.locator("input[name=subject]")
        subject.fill("Thank you for yesterday's conversation")
        page.click("#save")
        expect(page.locator("#said")).to_have_text("Saved.")
        expect(page.locator("#outbox-state")).to_have_text("draft")
        expect(subject).to_have_value("Thank you for yesterday's conversation")
        shot(page, "12-draft-saved")

        # Send now; a refusal (a review error ...) offers "Send anyway".
        page.click("#send")
        if page.locator("#refusal").count():
            shot(page, "13-draft-refused")
            page.click("#force")
        expect(page.locator("#said")).to_contain_text("Sent.", timeout=20000)
        expect(page.locator("#outbox-state")).to_have_text("sent")
        shot(page, "14-draft-sent")
        ours = address.split("@")[1] + ">"
        sent = [i for i in mail_servers.message_ids(RECRUITER) if i.endswith(ours)]
        assert sent, "the thank-you did not reach the recruiter"

        # Their answer arrives in the user's INBOX, in our thread.
        mail_servers.deliver(
            (
                f"From: Riley Recruiter <{RECRUITER}>\r\nTo: {address}\r\n"
                "Subject: Re: Thank you for yesterday's conversation\r\n"
                "Date: Tue, 24 Nov 2026 09:30:00 +0000\r\n"
                "Message-ID: <answer-browser@employer.test>\r\n"
                f"In-Reply-To: {sent[-1]}\r\nReferences: {sent[-1]}\r\n"
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                "Dear Alex,\r\n\r\nThank you for your time. Unfortunately we have decided "
                "to move forward with other candidates whose experience more closely "
                "matches the role.\r\n\r\nBest wishes,\r\nRiley\r\n"
            ).encode(),
            to=address,
        )
        page.click("nav >> text=Inbox")
        page.click("#check-mail")
        expect(page.locator("#report")).to_contain_text("1 about your applications")
        item = page.locator("li.inbox-item")
        expect(item).to_contain_text("Means Rejection")
        expect(item).to_contain_text("Riley Recruiter")
        shot(page, "15-inbox")
        item.locator("select[name=kind]").select_option("rejection")
        item.locator("[data-testid=confirm]").click()
        expect(page.locator("#said")).to_contain_text("Confirmed")
        expect(page.locator("#nothing")).to_be_visible()

        # The plan has moved on: no follow-ups, a gracious reply to the rejection instead.
        page.click("nav >> text=Applications")
        page.click("text=Acme")
        expect(page.locator("section.group")).to_contain_text("Reply to rejection")
        expect(page.locator("main")).not_to_contain_text("status-inquiry →")
        shot(page, "16-application-after-reply")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.click("nav >> text=Inbox")
        shot(page, "17-inbox-phone")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_serve_refuses_a_taken_port_and_a_bad_now_in_one_line(followup: Followup) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = followup("serve", "--port", str(port))
    assert result.code == 1
    assert result.err.startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert len(result.err.splitlines()) == 1
    bad = followup("serve", now="someday")
    assert bad.code == 2
    assert "--now" in bad.err
    assert "Traceback" not in bad.err + result.err
