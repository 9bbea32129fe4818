"""Matching a message to an application (issue 5): definite by thread, probable by sender."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.inbox import applies_itself, parse_meaning
from followup.domain.matching import (
    FREE_MAIL_DOMAINS,
    MailHeaders,
    SentRef,
    Strength,
    build_directory,
    employer_domains,
    match,
)
from followup.domain.model import Application, Contact

ACME = Application(id=1, company="Acme", role="Engineer", url="https://careers.acme.com/jobs/42")
GLOBEX = Application(
    id=2, company="Globex", role="Analyst", url="https://boards.greenhouse.io/globex"
)
PRIYA = Contact(id=1, application_id=1, name="Priya Shah", email="Priya@Acme.com")
GMAIL_HM = Contact(id=2, application_id=2, name="Sam Lee", email="sam.lee@gmail.com")
SENT = SentRef("<abc@alex.example>", 1, 1, "priya@acme.com")
DIRECTORY = build_directory([SENT], [(ACME, (PRIYA,)), (GLOBEX, (GMAIL_HM,))])


def mail(
    sender: str | None,
    in_reply_to: tuple[str, ...] = (),
    references: tuple[str, ...] = (),
    quoted: tuple[str, ...] = (),
) -> MailHeaders:
    return MailHeaders("<m1@x.example>", in_reply_to, references, sender, quoted)


def test_a_reply_in_our_thread_is_definite_whoever_sends_it() -> None:
    found = match(mail("someone@elsewhere.example", in_reply_to=("<ABC@alex.example>",)), DIRECTORY)
    assert found is not None
    assert (found.strength, found.application_id, found.contact_id) == (Strength.DEFINITE, 1, 1)
    assert found.sent == SENT


def test_references_count_as_much_as_in_reply_to() -> None:
    found = match(mail(None, references=("<other@x>", "<abc@alex.example>")), DIRECTORY)
    assert found is not None
    assert found.strength is Strength.DEFINITE


def test_a_bounce_quoting_our_message_is_definite() -> None:
    found = match(mail("mailer-daemon@mx.example", quoted=("<abc@alex.example>",)), DIRECTORY)
    assert found is not None
    assert found.strength is Strength.DEFINITE
    assert found.reason.startswith("quotes our message")


def test_a_known_contact_is_probable_and_case_does_not_matter() -> None:
    found = match(mail("priya@acme.com"), DIRECTORY)
    assert found is not None
    assert (found.strength, found.application_id, found.contact_id) == (Strength.PROBABLE, 1, 1)


def test_the_employer_domain_is_probable_subdomains_included() -> None:
    for sender in ("talent@acme.com", "noreply@mail.acme.com"):
        found = match(mail(sender), DIRECTORY)
        assert found is not None, sender
        assert (found.strength, found.application_id, found.contact_id) == (
            Strength.PROBABLE,
            1,
            None,
        )


def test_free_mail_and_job_boards_never_name_an_employer() -> None:
    assert employer_domains(GLOBEX, (GMAIL_HM,)) == frozenset()
    assert match(mail("stranger@gmail.com"), DIRECTORY) is None  # Sam's provider, not Globex
    assert match(mail("no-reply@greenhouse.io"), DIRECTORY) is None
    # ... but Sam himself, a known contact, still matches.
    found = match(mail("sam.lee@gmail.com"), DIRECTORY)
    assert found is not None
    assert found.application_id == 2


def test_the_posting_url_gives_the_domain_without_its_careers_prefix() -> None:
    assert employer_domains(ACME, ()) == frozenset({"acme.com"})
    bare = Application(id=3, company="Initech", role="Dev", url="initech.example/jobs")
    assert employer_domains(bare, ()) == frozenset({"initech.example"})


def test_nothing_known_no_match() -> None:
    assert match(mail("news@shop.example"), DIRECTORY) is None
    assert match(mail(None), DIRECTORY) is None


def test_the_free_mail_list_has_the_big_providers() -> None:
    for domain in ("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com"):
        assert domain in FREE_MAIL_DOMAINS


@given(st.sampled_from(sorted(FREE_MAIL_DOMAINS)), st.text("abcxyz.", min_size=1, max_size=8))
def test_no_free_mail_sender_matches_by_domain(domain: str, local: str) -> None:
    app = Application(id=9, company="X", role="Y", url=f"https://{domain}/jobs")
    contact = Contact(id=9, application_id=9, name="Z", email=f"z@{domain}")
    directory = build_directory([], [(app, (contact,))])
    found = match(mail(f"{local}@{domain}"), directory)
    assert found is None or found.reason.startswith("from Z")  # only the contact herself


def test_only_definite_auto_replies_and_bounces_apply_themselves() -> None:
    assert applies_itself(Strength.DEFINITE, "auto_reply")
    assert applies_itself(Strength.DEFINITE, "bounce")
    for kind in ("reply", "rejection", "offer", "next_round", "info_request", "timeline"):
        assert not applies_itself(Strength.DEFINITE, kind)
    assert not applies_itself(Strength.PROBABLE, "auto_reply")
    assert parse_meaning("Next-Round") == "next_round"


def test_the_users_own_domain_is_never_the_employers() -> None:
    """Applying inside one's own company (or a referrer who is a colleague): a colleague's
    mail is not an answer from the employer. Their own address still matches, and a thread
    of ours still does."""
    internal = Application(id=3, company="Initech", role="Lead", url="https://jobs.initech.com/9")
    referrer = Contact(id=3, application_id=3, name="Bill", email="bill@initech.com")
    own = ("alex@initech.com", "alex@mail.initech.com")
    directory = build_directory([SENT], [(ACME, (PRIYA,)), (internal, (referrer,))], own)
    assert "initech.com" not in directory.employers
    for colleague in ("joe@initech.com", "joe@eu.initech.com", "it@mail.initech.com"):
        assert match(mail(colleague), directory) is None, colleague
    found = match(mail("bill@initech.com"), directory)
    assert found is not None
    assert found.contact_id == 3
    assert match(mail("hr@acme.com"), directory) is not None  # other employers still match
    thread = match(mail("joe@initech.com", in_reply_to=("<abc@alex.example>",)), directory)
    assert thread is not None
    assert thread.strength is Strength.DEFINITE


def test_a_free_mail_own_address_changes_nothing() -> None:
    directory = build_directory([SENT], [(ACME, (PRIYA,))], ("alex@gmail.com", None))
    assert directory.own == frozenset()
    assert match(mail("hr@acme.com"), directory) is not None


def test_mail_from_ones_own_address_is_never_an_answer() -> None:
    """A note to self, or the server's copy of one's own letter, names our thread and may
    come from a contact's address (the user listed themselves): still not the employer."""
    own = build_directory(
        [SENT],
        [(ACME, (PRIYA, Contact(id=3, application_id=1, name="Me", email="alex@alex.example")))],
        ("Alex@alex.example", None),
    )
    for sender in ("alex@alex.example", "ALEX@alex.example "):
        assert match(mail(sender, in_reply_to=("<abc@alex.example>",)), own) is None
    assert match(mail("priya@acme.com", in_reply_to=("<abc@alex.example>",)), own) is not None


def _sent_for(reply_to: str) -> MailHeaders:
    """Mail a service sends for a person: From is the service, Reply-To the person."""
    return MailHeaders("<m2@x.example>", (), (), "notifications@calendly.com", reply_to=reply_to)


def test_mail_sent_for_a_contact_matches_by_where_answers_go() -> None:
    found = match(_sent_for("Priya@acme.com"), DIRECTORY)
    assert found is not None
    assert (found.strength, found.application_id, found.contact_id) == (Strength.PROBABLE, 1, 1)
    assert found.reason == "answers go to Priya Shah, a contact"


def test_mail_sent_for_someone_at_the_employer_matches_by_its_domain() -> None:
    found = match(_sent_for("rosa@careers.acme.com"), DIRECTORY)
    assert found is not None
    assert (found.application_id, found.contact_id) == (1, None)
    assert found.reason.startswith("answers go to the employer's domain acme.com")


def test_a_reply_to_on_free_mail_or_the_user_s_own_address_matches_nothing() -> None:
    assert match(_sent_for("someone@gmail.com"), DIRECTORY) is None
    own = build_directory([], [(ACME, (PRIYA,))], ("alex@acme.com",))
    assert match(_sent_for("alex@acme.com"), own) is None


def test_the_sender_s_own_match_comes_before_where_answers_go() -> None:
    headers = MailHeaders("<m3@x.example>", (), (), "priya@acme.com", reply_to="x@globex.com")
    found = match(headers, DIRECTORY)
    assert found is not None
    assert found.reason.startswith("from Priya Shah")
