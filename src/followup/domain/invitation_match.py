"""Which application an invitation is about, and who in it is whom (issue 15).

An invitation names no application; its people and its title do. The evidence, strongest
first (``Evidence.rank`` compares in this order):

1. an organizer or attendee is a contact of the application (their address);
2. one of them writes from the company's own domain (its contacts' domains and its posting
   URL's, as inbox matching learns them: never free mail, a job board, or an agency's);
3. the company's name is in the event's title ("Interview with Acme");
4. one of them writes from the domain of the application's recruiting agency (its agency
   recruiters' domains, or a domain named like the agency).

The application whose evidence ranks highest wins, if it is the only one at that rank;
otherwise the invitation is ambiguous and the user names the application (``--app``).
The user's own addresses are never evidence (they are on every invitation), nor their own
domain (a colleague on the panel says nothing about which employer).

Pure: the caller hands in the applications with their contacts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from followup.domain.invitation import Invitation, Person
from followup.domain.kinds import ContactRole
from followup.domain.matching import domain_of, employer_domains, is_free_mail, within
from followup.domain.model import Application, Contact


@dataclass(frozen=True)
class Evidence:
    """Why an invitation may be about one application."""

    application_id: int
    company: str
    contact: bool = False
    company_domain: bool = False
    name_in_title: bool = False
    agency_domain: bool = False

    @property
    def rank(self) -> tuple[bool, bool, bool, bool]:
        return (self.contact, self.company_domain, self.name_in_title, self.agency_domain)

    @property
    def any(self) -> bool:
        return any(self.rank)

    def reasons(self) -> str:
        said = [
            text
            for flag, text in zip(
                self.rank,
                ("a contact", "the company's domain", "its name in the title", "the agency"),
                strict=True,
            )
            if flag
        ]
        return ", ".join(said)


@dataclass(frozen=True)
class Outcome:
    """``chosen``: the application, when one stands out; else ``tied`` holds the
    candidates that share the best rank (empty: nothing matched at all)."""

    chosen: Evidence | None
    tied: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Guest:
    """A person of the invitation as a contact: their role, and whether they interview."""

    person: Person
    role: ContactRole
    interviewer: bool


# Endings of a company's name that its title and domain leave out.
_LEGAL = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "ab",
        "as",
        "oy",
        "spa",
        "srl",
        "pty",
        "kk",
        "group",
        "the",
    }
)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", plain)


def _name_words(company: str) -> list[str]:
    words = _words(company)
    kept = [w for w in words if w not in _LEGAL]
    return kept or words


def name_in_title(company: str, title: str) -> bool:
    """The company's name, less its legal ending, as whole words of the title."""
    name = _name_words(company)
    words = _words(title)
    if not name:
        return False
    n = len(name)
    return any(words[i : i + n] == name for i in range(len(words) - n + 1))


def agency_domains(app: Application, contacts: Iterable[Contact]) -> frozenset[str]:
    """The recruiting agency's domains: its recruiters' (not free mail)."""
    found = set()
    for c in contacts:
        domain = domain_of(c.email)
        if c.role is ContactRole.AGENCY_RECRUITER and domain and not is_free_mail(domain):
            found.add(domain)
    return frozenset(found)


def _named_like_agency(domain: str, agency: str | None) -> bool:
    """A domain whose name part is the agency's name run together (``hays.co.uk`` for
    "Hays", ``talentpartners.io`` for "Talent Partners Ltd")."""
    if not agency:
        return False
    joined = "".join(_name_words(agency))
    labels = domain.split(".")
    return bool(joined) and len(joined) >= 3 and joined in labels[:-1]


def invitation_agency_domains(
    invitation: Invitation, app: Application, contacts: Iterable[Contact], own: frozenset[str]
) -> frozenset[str]:
    """The agency's domains as this invitation shows them: its recruiters' domains, and the
    invitation's domains named like the application's agency."""
    named = {d for d in people_domains(invitation, own) if _named_like_agency(d, app.agency)}
    return agency_domains(app, contacts) | named


def people_domains(invitation: Invitation, own: frozenset[str]) -> frozenset[str]:
    """The mail domains of the organizer and attendees, less the user's own addresses."""
    everyone = (invitation.organizer, *invitation.attendees)
    return frozenset(
        d
        for p in everyone
        if p is not None and p.address not in own
        for d in [domain_of(p.address)]
        if d is not None
    )


def evidence(
    invitation: Invitation,
    app: Application,
    contacts: tuple[Contact, ...],
    own_addresses: frozenset[str],
) -> Evidence:
    """What ties ``invitation`` to ``app`` (``own_addresses`` lower-cased)."""
    own_domains = frozenset(
        d for d in map(domain_of, own_addresses) if d is not None and not is_free_mail(d)
    )
    addresses = {
        p.address
        for p in (invitation.organizer, *invitation.attendees)
        if p is not None and p.address not in own_addresses
    }
    known = {c.email.strip().lower() for c in contacts if c.email}
    domains = {d for d in people_domains(invitation, own_addresses) if not within(d, own_domains)}
    agency = agency_domains(app, contacts)
    company = {
        d
        for d in employer_domains(
            app, [c for c in contacts if c.role is not ContactRole.AGENCY_RECRUITER]
        )
        if not within(d, agency)
    }
    return Evidence(
        application_id=app.id,
        company=app.company,
        contact=bool(addresses & known),
        company_domain=any(
            not is_free_mail(d) and within(d, company) and not within(d, own_domains)
            for d in domains
        ),
        name_in_title=name_in_title(app.company, invitation.summary),
        agency_domain=any(
            not is_free_mail(d) and (within(d, agency) or _named_like_agency(d, app.agency))
            for d in domains
        ),
    )


def choose(
    invitation: Invitation,
    applications: Iterable[tuple[Application, tuple[Contact, ...]]],
    own_addresses: Iterable[str],
) -> Outcome:
    """The application the invitation is about (see the module's notes)."""
    own = frozenset(a.strip().lower() for a in own_addresses if a and a.strip())
    found = [e for app, cs in applications if (e := evidence(invitation, app, cs, own)).any]
    if not found:
        return Outcome(None)
    best = max(e.rank for e in found)
    top = tuple(e for e in found if e.rank == best)
    if len(top) == 1:
        return Outcome(top[0])
    return Outcome(None, top)


def guests(
    invitation: Invitation, own_addresses: Iterable[str], agency: frozenset[str]
) -> tuple[Guest, ...]:
    """The invitation's people as contacts of the application, the user left out.

    Attendees are the interviewers, except those from the agency's domains (``agency``),
    who are agency recruiters. The organizer (when not the user) is the agency recruiter if
    from the agency's domain; else the interviewer when no one else is invited (a call
    booked on the interviewer's own calendar, as Calendly does), else the recruiter who
    scheduled it.
    """
    own = frozenset(a.strip().lower() for a in own_addresses if a and a.strip())
    organizer = invitation.organizer
    if organizer is not None and organizer.address in own:
        organizer = None
    seen: set[str] = set() if organizer is None else {organizer.address}
    found: list[Guest] = []
    for person in invitation.attendees:
        if person.address in own or person.address in seen:
            continue
        seen.add(person.address)
        from_agency = within(domain_of(person.address) or "", agency)
        role = ContactRole.AGENCY_RECRUITER if from_agency else ContactRole.INTERVIEWER
        found.append(Guest(person, role, interviewer=not from_agency))
    if organizer is not None:
        if within(domain_of(organizer.address) or "", agency):
            found.insert(0, Guest(organizer, ContactRole.AGENCY_RECRUITER, interviewer=False))
        elif not any(g.interviewer for g in found):
            found.insert(0, Guest(organizer, ContactRole.INTERVIEWER, interviewer=True))
        else:
            found.insert(0, Guest(organizer, ContactRole.RECRUITER, interviewer=False))
    return tuple(found)


def contact_name(person: Person) -> str:
    """The name to record: the invitation's, else made from the address's local part
    (``wei.ling.chua@`` is "Wei Ling Chua"), which the user can correct."""
    if person.name:
        return person.name
    local = person.address.split("@", 1)[0]
    parts = [p for p in re.split(r"[._+-]+", local) if p and not p.isdigit()]
    return " ".join(p.capitalize() for p in parts) or person.address
