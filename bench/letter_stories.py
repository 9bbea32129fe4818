"""Generated job-hunt stories for the letters benchmark (``bench/letters.py``).

A story is what one candidate went through with one employer: a profile, an application,
the people met, one to three interview rounds with their debriefs, and the events that
unlock the other letters (a stated timeline, an invitation, a request for information, a
reply, then a rejection, an offer or silence). It is made from a seeded RNG as a list of
dated steps, so the same seed gives the same stories, letters and figures on every machine.

The phrasing tables come first and are meant to grow: each debrief item is written as
people actually type them (noun phrases, gerunds, past-tense and base verb phrases, whole
first-person sentences, sentences about the conversation, topics starting with how/why/what,
lower case, trailing full stops, acronyms, hyphenated terms), and each item carries the
shape it was written in so the report can show what each shape turns into.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from followup.domain.messages import Decision
from followup.domain.model import ActionKind, ContactRole, EventKind, InterviewFormat

# --- phrasing tables ------------------------------------------------------------------------
# Shapes: noun ("five years of Spark"), gerund ("running a diary study"), past ("ran a diary
# study"), base ("build dashboards people use"), sentence ("I built X from scratch."), talk (a
# sentence about the conversation: "She asked how I'd handle on-call"), wh ("how the team
# tests its pipelines"). "{They}" in a talk sentence becomes the interviewer's pronoun.
Shaped = dict[str, list[str]]


@dataclass(frozen=True)
class Domain:
    """One line of work: its employers, roles and what its candidates type in a debrief."""

    companies: list[str]
    roles: list[str]
    strengths: Shaped
    topics: Shaped
    unaddressed: list[str]  # points the candidate wished they had made
    questions: list[tuple[str, str]]  # (question asked, the gist of the answer)
    details: list[str]  # what they send as additional information (--detail)
    recruiter_topics: list[str]  # what the recruiter's screening call was about


DOMAINS: dict[str, Domain] = {
    "data": Domain(
        companies=["Northwind Labs", "Kestrel Analytics", "Tallis Freight", "Bluewater Payments"],
        roles=["Senior Data Engineer", "Data Platform Engineer", "Analytics Engineer"],
        strengths={
            "noun": [
                "five years of Spark",
                "deep experience with Airflow and dbt",
                "a track record of exactly-once pipelines in Kafka",
                "SQL tuning at terabyte scale",
            ],
            "gerund": [
                "running Spark and Airflow pipelines in production",
                "cutting a warehouse bill by 40% through partitioning",
                "mentoring junior engineers on data modelling",
            ],
            "past": [
                "cut latency from hours to minutes with Kafka at my last job",
                "built the streaming platform at my last company from scratch",
                "migrated 300 Airflow DAGs to Dagster without downtime",
            ],
            "base": [
                "build pipelines that don't page anyone at 3am",
                "turn messy event data into tables analysts trust",
            ],
            "sentence": [
                "I led the move from nightly batch to streaming at my last company.",
                "My pipelines processed 2 billion events a day with exactly-once semantics.",
                "i rebuilt the data quality checks after a bad incident",
            ],
        },
        topics={
            "noun": [
                "their move to Kafka",
                "the data contract between product and analytics",
                "on-call for the data platform",
                "exactly-once delivery",
            ],
            "wh": [
                "how the team tests its Airflow pipelines",
                "why they are moving off Redshift",
                "what the first 90 days would look like.",
            ],
            "talk": [
                "We talked about their move to Kafka",
                "{They} asked how I'd handle on-call.",
                "we discussed the cost of the nightly batch jobs",
                "{They} explained why they chose Dagster.",
            ],
            "gerund": [
                "keeping warehouse costs under control",
                "scaling the ingestion layer for 10x traffic",
            ],
        },
        unaddressed=[
            "my experience with schema evolution",
            "how I'd handle on-call",
            "I didn't get to mention my dbt work.",
            "exactly-once delivery with Kafka",
        ],
        questions=[
            ("How would you handle late-arriving data?", "watermarks plus a daily reconciliation"),
            ("Tell us about a pipeline you broke.", "a backfill that doubled a revenue table"),
        ],
        details=[
            "In short, the Kafka migration I mentioned took latency from four hours to six "
            "minutes, and on-call pages fell by two thirds.",
            "On schema evolution: we versioned every Avro schema in a registry and ran "
            "compatibility checks in CI, so no consumer broke in two years.",
        ],
        recruiter_topics=["the team's hybrid working pattern", "the hiring timeline"],
    ),
    "ux": Domain(
        companies=["Meridian Health", "Larkspur Clinics", "Openfield Insurance"],
        roles=["Senior UX Researcher", "UX Research Lead", "Product Designer"],
        strengths={
            "noun": [
                "eight years of mixed-methods research",
                "a research ops programme I built from scratch",
                "fluency in Dovetail and Maze",
            ],
            "gerund": [
                "running a diary study with 40 clinic patients",
                "turning interview notes into decisions the roadmap team acts on",
            ],
            "past": [
                "ran a diary study with 40 clinic patients",
                "set up the research repository at Larkspur",
                "cut the time from study to decision from six weeks to two",
            ],
            "base": ["build dashboards people use", "run research with vulnerable users safely"],
            "sentence": [
                "I built the research ops programme from scratch.",
                "I have recruited over 300 patients for studies without a single complaint.",
            ],
        },
        topics={
            "wh": [
                "how research findings reach the roadmap",
                "why the app's onboarding loses 40% of users",
                "what a research ops function would need in year one",
            ],
            "talk": [
                "We talked about accessibility audits",
                "{They} asked how I'd run research with clinicians on night shifts.",
                "we talked about consent forms for minors.",
            ],
            "noun": ["the design system's accessibility gaps", "patient recruitment"],
            "gerund": ["recruiting patients for studies", "measuring research impact"],
        },
        unaddressed=[
            "how I handle GDPR consent in remote studies",
            "I didn't mention my quant work.",
            "survey design at scale",
        ],
        questions=[
            ("How do you convince a sceptical PM?", "by bringing them to two sessions"),
            ("What would you do in week one?", "read every study from the last year"),
        ],
        details=[
            "The diary study ran for three weeks with 40 clinic patients and led to three "
            "changes in the booking flow, including reminders by text rather than email.",
            "On consent in remote studies: we used a two-step consent with a plain-language "
            "summary and a call-back for anyone who hesitated.",
        ],
        recruiter_topics=["the research team's size", "relocation support"],
    ),
    "quality": Domain(
        companies=["Corrib Medical", "Shannon Devices", "Lumen Diagnostics"],
        roles=["Quality Engineer", "Regulatory Affairs Specialist", "QA/RA Manager"],
        strengths={
            "noun": [
                "ten years in QMS under ISO 13485",
                "hands-on HPRA and FDA audit experience",
                "CAPA ownership for class III devices",
            ],
            "gerund": ["leading CAPA investigations to closure", "preparing MDR technical files"],
            "past": [
                "led the CAPA process for two product recalls",
                "passed an HPRA audit with zero major findings",
                "wrote the QMS procedures for a start-up from nothing",
            ],
            "base": ["keep a QMS audit-ready all year", "get engineers to own their CAPAs"],
            "sentence": [
                "I managed the EU MDR transition for 40 products.",
                "My site went three years without a major non-conformance.",
            ],
        },
        topics={
            "noun": ["the upcoming HPRA inspection", "supplier audits in Asia", "eQMS migration"],
            "wh": [
                "how they manage CAPA backlogs",
                "why the last notified body audit went badly",
            ],
            "talk": [
                "We talked about the MDR transition",
                "{They} asked what I'd change in their complaint handling.",
                "{They} described the CAPA backlog.",
            ],
            "gerund": ["closing out audit findings on time"],
        },
        unaddressed=[
            "my experience with FDA 483 responses",
            "risk management under ISO 14971",
            "I never got to explain the recall I handled.",
        ],
        questions=[
            ("Walk us through a CAPA you owned.", "a sterile-barrier failure traced to a supplier"),
            ("How do you handle pushback from R&D?", "data first, then a shared risk file"),
        ],
        details=[
            "As promised, here is how we cut our CAPA backlog from 60 to 12 in six months: weekly "
            "triage, owners named at the first meeting, and effectiveness checks planned up front.",
            "On FDA 483 responses: I drafted the responses to two observations in 2023, both "
            "closed without a warning letter.",
        ],
        recruiter_topics=["the site's shift pattern", "the move to the new Galway site"],
    ),
    "product": Domain(
        companies=["Ledgerline", "Fennec Pay", "Quayside Bank"],
        roles=["Senior Product Manager", "Product Lead, Payments", "Product Owner"],
        strengths={
            "noun": [
                "a payments background across three markets",
                "experience shipping to regulated customers",
            ],
            "gerund": [
                "launching instant payouts in four countries",
                "running discovery with SME customers",
            ],
            "past": [
                "shipped the checkout redesign in six weeks",
                "grew activation from 31% to 48%",
                "took a KYC flow from 12 steps to 5",
            ],
            "base": ["write specs engineers actually read", "say no to the loudest voice"],
            "sentence": [
                "I launched open banking payments for 2 million users.",
                "I've worked with PSD2 and SCA since 2019.",
            ],
        },
        topics={
            "noun": ["their roadmap for 2027", "merchant onboarding drop-off"],
            "wh": [
                "how they decide between build and buy",
                "what product owns versus engineering",
            ],
            "talk": [
                "We talked about SCA exemptions",
                "{They} asked how I'd prioritise fraud work against growth.",
                "we discussed the pricing experiment that failed",
            ],
            "gerund": ["pricing the SME plan", "working with the compliance team"],
        },
        unaddressed=[
            "how I work with compliance teams",
            "my experience with B2B pricing",
            "I didn't get to talk about the failed launch and what I learnt.",
        ],
        questions=[
            ("How do you say no to a CEO?", "with the cost of yes, in numbers"),
            ("Tell us about a launch that failed.", "a savings feature nobody trusted"),
        ],
        details=[
            "On working with compliance: at Fennec we set up a weekly review with the MLRO, "
            "which cut sign-off time for new flows from three weeks to four days.",
            "The KYC redesign took completion from 54% to 81% in the first month, mostly by "
            "asking for documents only when a check failed.",
        ],
        recruiter_topics=["the product org's structure", "the interview process"],
    ),
    "sre": Domain(
        companies=["Halcyon Cloud", "Brightwire", "Tern Logistics"],
        roles=["Site Reliability Engineer", "Platform Engineer", "SRE Manager"],
        strengths={
            "noun": ["six years of Kubernetes in production", "deep Terraform experience"],
            "gerund": ["running blameless incident reviews", "migrating 200 services to EKS"],
            "past": ["halved our AWS bill in a year", "wrote the on-call handbook at Brightwire"],
            "base": ["keep SLOs honest", "make on-call survivable"],
            "sentence": [
                "I took our uptime from 99.5% to 99.95%.",
                "I've been incident commander for over fifty outages.",
            ],
        },
        topics={
            "noun": ["their SLO programme", "chaos testing in staging"],
            "wh": ["how they do capacity planning", "why deploys are still weekly"],
            "talk": [
                "We discussed the move off self-hosted Postgres",
                "{They} asked how I'd handle on-call for a team of four.",
            ],
            "gerund": ["planning the multi-region failover"],
        },
        unaddressed=[
            "my Go experience",
            "how I'd approach the multi-region plan",
            "I forgot to mention I've run Postgres at scale.",
        ],
        questions=[
            ("What is a good SLO?", "one the team would page itself for"),
            ("Describe your worst outage.", "a DNS change that took down checkout for an hour"),
        ],
        details=[
            "On Go: I maintain two internal operators written in Go (about 8,000 lines), and "
            "the public one is at github.com/example/pg-operator.",
            "For the multi-region plan, I would start with read replicas in the second region "
            "and a quarterly failover drill before moving any writes.",
        ],
        recruiter_topics=["the on-call allowance", "the team's time zones"],
    ),
}

# Names from many traditions, as written, with the pronoun a talk sentence uses, the
# tradition, how a letter may call them by given name, and the family name a title goes with
# ("|" separates forms that are all right: "Ms García" and "Ms García López").
NAMES: list[tuple[str, str, str, str, str]] = [
    ("Chua Wei Ling", "She", "Chinese, family name first", "Wei Ling", "Chua"),
    ("Tan Mei Hua", "She", "Chinese, family name first", "Mei Hua", "Tan"),
    ("Lim Jun Jie", "He", "Chinese, family name first", "Jun Jie", "Lim"),
    ("Kim Min-jun", "He", "Korean, family name first", "Min-jun", "Kim"),
    ("Park Ji-yeon", "She", "Korean, family name first", "Ji-yeon", "Park"),
    ("Nagy Eszter", "She", "Hungarian, family name first", "Eszter", "Nagy"),
    ("Kovács Gábor", "He", "Hungarian, family name first", "Gábor", "Kovács"),
    ("María José García López", "She", "Spanish, two surnames", "María José",
     "García|García López"),
    ("Juan Carlos Fernández de la Vega", "He", "Spanish, two surnames", "Juan Carlos",
     "Fernández|Fernández de la Vega"),
    ("Lucía Martínez Ruiz", "She", "Spanish, two surnames", "Lucía", "Martínez|Martínez Ruiz"),
    ("Omar Al-Farsi", "He", "Arabic", "Omar", "Al-Farsi"),
    ("Fatima Al-Zahra Haddad", "She", "Arabic", "Fatima|Fatima Al-Zahra", "Haddad"),
    ("Abdullah bin Rashid", "He", "Arabic", "Abdullah", "Abdullah|bin Rashid"),
    ("Priya Raghunathan", "She", "Indian", "Priya", "Raghunathan"),
    ("Venkatesh Subramanian", "He", "Indian", "Venkatesh", "Subramanian"),
    ("K. Srinivasan", "He", "Indian, initial first", "Srinivasan", "Srinivasan"),
    ("Anjali Deshpande", "She", "Indian", "Anjali", "Deshpande"),
    ("Jan van der Berg", "He", "Dutch particle", "Jan", "van der Berg|Van der Berg"),
    ("Marieke van den Heuvel", "She", "Dutch particle", "Marieke", "van den Heuvel|Van den Heuvel"),
    ("Ludwig von Hohenberg", "He", "German particle", "Ludwig", "von Hohenberg"),
    ("Wulandari", "She", "Indonesian mononym", "Wulandari", "Wulandari"),
    ("Budiono", "He", "Indonesian mononym", "Budiono", "Budiono"),
    ("Siobhán Ní Bhriain", "She", "Irish", "Siobhán", "Ní Bhriain"),
    ("Seán Ó Briain", "He", "Irish", "Seán", "Ó Briain"),
    ("Aoife O'Connell", "She", "Irish", "Aoife", "O'Connell"),
    ("Tom Baker", "He", "Anglo", "Tom", "Baker"),
    ("Sarah Mitchell", "She", "Anglo", "Sarah", "Mitchell"),
    ("Alex Morgan", "They", "Anglo", "Alex", "Morgan"),
]  # fmt: skip
TITLES = {"She": ["Ms", "Dr"], "He": ["Mr", "Dr"], "They": ["Dr"]}

# Where the candidate lives: country, zone, phone, the offer's base salary and a higher one.
PLACES: list[tuple[str, str, str, str, str]] = [
    ("US", "America/New_York", "+1 212 555 0147", "$145,000", "$155,000"),
    ("US", "America/Los_Angeles", "+1 415 555 0132", "$160,000", "$172,000"),
    ("GB", "Europe/London", "+44 7700 900123", "£82,000", "£88,000"),
    ("IE", "Europe/Dublin", "+353 85 123 4567", "€78,000", "€84,000"),
    ("SG", "Asia/Singapore", "+65 9123 4567", "S$120,000", "S$130,000"),
    ("IN", "Asia/Kolkata", "+91 98765 43210", "₹32 lakh", "₹36 lakh"),
    ("AU", "Australia/Sydney", "+61 412 345 678", "A$150,000", "A$160,000"),
    ("DE", "Europe/Berlin", "+49 151 23456789", "€85.000", "€92.000"),
    ("CA", "America/Toronto", "+1 416 555 0199", "C$130,000", "C$140,000"),
    ("NL", "Europe/Amsterdam", "+31 6 12345678", "€80.000", "€86.000"),
]
# Zones a contact may sit in when not the candidate's (a head office, a regional recruiter).
OTHER_ZONES = ["America/New_York", "Europe/London", "Asia/Singapore", "Europe/Berlin"]
AGENCIES = ["Harper Recruitment", "Sigmar Talent", "Hays Partners", "Blue Arrow Search"]
SOURCES = ["LinkedIn", "referral", "company site", "job board", None]

# What the candidate answers when a letter needs something the record lacks (the terminal's
# questions), and what they type on the command line.
ASKS = [
    "a base of {more}",
    "a start date two weeks later than proposed",
    "a sign-on bonus to cover the bonus I would forfeit",
    "one more remote day a week",
]
DECLINE_REASONS = [
    "I have accepted a role closer to home",
    "the other offer is a better fit for where I want to grow",
    "I have decided to stay with my current team",
]
AI_TOPICS = ["the recorded case-study questions", "the automated screening questions"]

# Private notes, as people jot them on events: never meant for a letter. {rec} and {boss}
# become the recruiter's and the hiring manager's first written word.
NOTES: dict[EventKind, list[str]] = {
    EventKind.NEXT_ROUND: [
        "{rec} invited me to a final round with {boss}",
        "Round booked, {boss} seemed keen, bring the portfolio this time",
    ],
    EventKind.TIMELINE: [
        "{rec}: decision by then, two other finalists",
        "{boss} said they'd decide after the board meeting",
    ],
    EventKind.INFO_REQUEST: [
        "{rec} asked for two references and a work sample",
        "{boss} wants the write-up I mentioned, by Friday",
    ],
    EventKind.REPLY: [
        "{rec}: feedback is positive, they are seeing two more people",
        "{rec} says {boss} liked me but budget is not signed off yet",
    ],
    EventKind.REJECTION: [
        "{rec} called: went with an internal candidate. gutted",
        "Rejected by email, no reason given",
    ],
    EventKind.OFFER: [
        "{terms}; {rec} hinted there is room on the base",
        "Verbal offer from {boss}, {terms}",
    ],
}
APP_NOTES = ["Tailored CV v3; salary band is lower than I'd like", "Referral bonus for Jo if hired"]
OUTCOMES = ("offer", "rejection", "silence")


# --- the story ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """One debrief item as typed, with the shape it was typed in."""

    text: str
    shape: str


@dataclass(frozen=True)
class Person:
    name: str
    pronoun: str
    tradition: str
    role: ContactRole
    given: tuple[str, ...]  # how a letter may call them by given name
    family: tuple[str, ...]  # what a title goes with: "Ms Chua", "Mr van der Berg"
    email: str
    phone: str | None = None
    zone: str | None = None
    title: str | None = None
    good_rapport: bool = False

    def fits(self, called: str) -> bool:
        """Whether a greeting's "Dear X," calls this person by a form their name allows:
        the given name, the full name, or a title with the family name."""
        titled = {f"{t}{dot} {f}" for t in ("Ms", "Mr", "Mrs", "Dr") for dot in ("", ".")
                  for f in self.family}  # fmt: skip
        return called in {*self.given, self.name, *titled}


@dataclass(frozen=True)
class Round:
    start: datetime  # naive, on the candidate's clock
    minutes: int
    format: InterviewFormat
    panel: tuple[int, ...]  # indices into Story.people
    strengths: tuple[Phrase, ...]
    topics: tuple[tuple[int, tuple[Phrase, ...]], ...]  # person index -> topics
    unaddressed: tuple[Phrase, ...]
    questions: tuple[tuple[str, str], ...]
    decision_date: date | None = None


@dataclass(frozen=True)
class Candidate:
    name: str
    email: str
    zone: str
    country: str
    phone: str | None
    formal: bool
    signature: str | None


# Steps of a story, played in order, each at its own pinned moment.
@dataclass(frozen=True)
class AddPerson:
    person: int


@dataclass(frozen=True)
class AddRound:
    round: int


@dataclass(frozen=True)
class RecordDebrief:
    round: int


@dataclass(frozen=True)
class Log:
    kind: EventKind
    person: int | None = None
    on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Draft:
    """A letter to draft: ``person`` None means the service's own choice (a panel for a
    thank-you); ``typed`` is what goes on the command line; ``answers`` is what the user
    types when asked for a fact the record lacks."""

    action: ActionKind
    person: int | None = None
    decision: Decision | None = None
    typed: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    round: int | None = None  # for a thank-you: the round it thanks for


Step = AddPerson | AddRound | RecordDebrief | Log | Draft


@dataclass
class Story:
    number: int
    domain: str
    profile: Candidate
    company: str
    role: str
    agency: str | None
    source: str | None
    notes: str | None
    outcome: str
    terms: str  # the offer's terms, as the user would type them (--terms)
    ask: str  # what they would ask for in a negotiation (--ask)
    people: list[Person] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    steps: list[tuple[datetime, Step]] = field(default_factory=list)

    def at(self, when: datetime, step: Step) -> None:
        self.steps.append((when, step))

    def private_notes(self) -> list[str]:
        """Every note the user typed for themselves: none may appear in a letter."""
        found = [s.note for _, s in self.steps if isinstance(s, Log) and s.note]
        return found + ([self.notes] if self.notes else [])

    def first_word(self, role: ContactRole, fallback: str) -> str:
        person = next((p for p in self.people if p.role is role), None)
        return person.name.split()[0] if person else fallback


# --- generation -----------------------------------------------------------------------------
def make_stories(count: int, seed: int) -> list[Story]:
    """``count`` stories from one seeded RNG; outcomes take turns so every kind occurs."""
    rng = random.Random(seed)
    return [make_story(n, rng) for n in range(count)]


def make_story(number: int, rng: random.Random) -> Story:
    domain = rng.choice(sorted(DOMAINS))
    table = DOMAINS[domain]
    place = rng.choice(PLACES)
    profile = _profile(rng, place)
    company = rng.choice(table.companies)
    story = Story(
        number=number,
        domain=domain,
        profile=profile,
        company=company,
        role=rng.choice(table.roles),
        agency=rng.choice(AGENCIES) if rng.random() < 0.25 else None,
        source=rng.choice(SOURCES),
        notes=rng.choice(APP_NOTES) if rng.random() < 0.3 else None,
        outcome=OUTCOMES[number % len(OUTCOMES)],
        terms=f"{place[3]} base, {rng.choice([5, 10, 15])}% bonus, starting {_start_day(rng)}",
        ask=rng.choice(ASKS).format(more=place[4]),
    )
    _cast(rng, story)
    applied = _weekday(datetime(2026, 1, 12, 9, 30) + timedelta(days=rng.randint(0, 240)))
    for who in range(len(story.people)):
        story.at(applied, AddPerson(who))
    story.at(applied, Log(EventKind.APPLIED))
    rounds = rng.choice([1, 2, 2, 3])
    if story.outcome == "offer":
        rounds = max(rounds, 2)
    moment = _at_hour(rng, applied + timedelta(days=rng.randint(7, 20)))
    for n in range(rounds):
        story.rounds.append(_round(rng, story, n, moment, table))
        moment = _play_round(rng, story, n, table, last=n == rounds - 1)
    _ending(rng, story, moment)
    return story


def _start_day(rng: random.Random) -> str:
    day = date(2026, 9, 1) + timedelta(days=rng.randint(0, 120))
    return f"{day.day} {day:%B}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == " ").strip()


def _slug(name: str) -> str:
    return "-".join(_ascii(name).split())


def _email(name: str, domain: str) -> str:
    return ".".join(_ascii(name).split()) + "@" + domain


def _domain_of(company: str) -> str:
    return _ascii(company).replace(" ", "") + ".example"


def _weekday(day: datetime) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at_hour(rng: random.Random, day: datetime) -> datetime:
    """A working-hours moment on ``day`` or the next weekday."""
    return _weekday(day).replace(
        hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=rng.choice([0, 30])
    )


def _next_morning(rng: random.Random, moment: datetime) -> datetime:
    day = _weekday(moment + timedelta(days=1))
    return day.replace(hour=rng.choice([8, 9, 10]), minute=rng.choice([0, 15, 40]))


def _profile(rng: random.Random, place: tuple[str, str, str, str, str]) -> Candidate:
    country, zone, phone, _, _ = place
    name = rng.choice(NAMES)[0]
    return Candidate(
        name=name,
        email=_email(name, "mail.example"),
        zone=zone,
        country=country,
        phone=phone if rng.random() < 0.9 else None,
        formal=country == "DE" or rng.random() < 0.3,
        signature=None if rng.random() < 0.6 else f"{name} · linkedin.com/in/{_slug(name)}",
    )


def _person(
    rng: random.Random, used: set[str], role: ContactRole, domain: str, zone: str
) -> Person:
    name, pronoun, tradition, given, family = rng.choice([n for n in NAMES if n[0] not in used])
    used.add(name)
    return Person(
        name=name,
        pronoun=pronoun,
        tradition=tradition,
        role=role,
        given=tuple(given.split("|")),
        family=tuple(family.split("|")),
        email=_email(name, domain),
        phone=f"+1 555 01{rng.randint(10, 99)}" if rng.random() < 0.5 else None,
        zone=rng.choice([z for z in OTHER_ZONES if z != zone]) if rng.random() < 0.25 else None,
        title=rng.choice(TITLES[pronoun]) if rng.random() < 0.4 else None,
        good_rapport=rng.random() < 0.35,
    )


def _cast(rng: random.Random, story: Story) -> None:
    """The recruiter (the agency's, through an agency) first, then a hiring manager and
    one to three interviewers."""
    used = {story.profile.name}
    zone = story.profile.zone
    employer = _domain_of(story.company)
    if story.agency:
        recruiter = _person(rng, used, ContactRole.AGENCY_RECRUITER, _domain_of(story.agency), zone)
    else:
        recruiter = _person(rng, used, ContactRole.RECRUITER, employer, zone)
    story.people.append(recruiter)
    story.people.append(_person(rng, used, ContactRole.HIRING_MANAGER, employer, zone))
    for _ in range(rng.randint(1, 3)):
        story.people.append(_person(rng, used, ContactRole.INTERVIEWER, employer, zone))


def _phrases(rng: random.Random, shaped: Shaped, k: int, taken: set[str]) -> list[Phrase]:
    """``k`` items of shapes as varied as the table allows, none already ``taken``."""
    out: list[Phrase] = []
    shapes = list(shaped)
    rng.shuffle(shapes)
    for shape in shapes * 3:
        free = [t for t in shaped[shape] if t not in taken]
        if len(out) < k and free:
            text = rng.choice(free)
            taken.add(text)
            out.append(Phrase(text, shape))
    return out


def _topics(
    rng: random.Random, story: Story, shaped: Shaped, panel: tuple[int, ...]
) -> tuple[tuple[int, tuple[Phrase, ...]], ...]:
    """One or two topics per interviewer, none shared; now and then none (not noted)."""
    taken: set[str] = set()
    topics = []
    for who in panel:
        if rng.random() < 0.04:
            continue
        pronoun = story.people[who].pronoun
        found = _phrases(rng, shaped, rng.randint(1, 2), taken)
        topics.append(
            (who, tuple(Phrase(p.text.replace("{They}", pronoun), p.shape) for p in found))
        )
    return tuple(topics)


def _round(rng: random.Random, story: Story, n: int, start: datetime, table: Domain) -> Round:
    """A round: a panel of one to four (or, for a first round now and then, an automated
    interview with nobody), and its debrief."""
    humans = list(range(1, len(story.people)))  # everyone but the recruiter
    ai = n == 0 and rng.random() < 0.15
    size = min(len(humans), rng.randint(1, 4))
    panel = () if ai else tuple(sorted(rng.sample(humans, k=size)))
    unaddressed = rng.sample(table.unaddressed, k=rng.choice([0, 1, 1, 2]))
    return Round(
        start=start,
        minutes=rng.choice([30, 45, 60, 90]),
        format=InterviewFormat.AI if ai else rng.choice(HUMAN_FORMATS),
        panel=panel,
        strengths=tuple(_phrases(rng, table.strengths, rng.randint(1, 4), set())),
        topics=_topics(rng, story, table.topics, panel),
        unaddressed=tuple(Phrase(t, "point") for t in unaddressed),
        questions=tuple(rng.sample(table.questions, k=rng.randint(0, 2))),
        decision_date=(start + timedelta(days=10)).date() if rng.random() < 0.2 else None,
    )


HUMAN_FORMATS = [InterviewFormat.VIDEO, InterviewFormat.IN_PERSON, InterviewFormat.PHONE]


def _note(rng: random.Random, story: Story, kind: EventKind) -> str | None:
    """A private note on an event, most of the time, as people jot them."""
    if rng.random() < 0.25:
        return None
    rec = story.people[0].name.split()[0]
    boss = story.first_word(ContactRole.HIRING_MANAGER, rec)
    return rng.choice(NOTES[kind]).format(rec=rec, boss=boss, terms=story.terms)


def _play_round(rng: random.Random, story: Story, n: int, table: Domain, *, last: bool) -> datetime:
    """The round's steps, from booking it to the invitation to the next; returns the moment
    the round's business is done (the thank-yous sent, an invitation answered)."""
    rnd = story.rounds[n]
    end = rnd.start + timedelta(minutes=rnd.minutes)
    story.at(rnd.start - timedelta(days=1), AddRound(n))  # booked after the invitation
    story.at(end + timedelta(hours=rng.choice([1, 2, 3])), RecordDebrief(n))
    thanks = _next_morning(rng, end)
    ai_topic = (("topic", rng.choice(AI_TOPICS)),) if not rnd.panel else ()
    story.at(thanks, Draft(ActionKind.THANK_YOU, round=n, answers=ai_topic))
    for who in rnd.panel or (0,):
        story.at(thanks + timedelta(minutes=20), Log(EventKind.THANK_YOU_SENT, person=who))
    if n == 0:
        _linkedin(rng, story, thanks + timedelta(days=1), table)
        if not rnd.decision_date and rng.random() < 0.5:
            on = (end + timedelta(days=rng.randint(7, 12))).date()
            note = _note(rng, story, EventKind.TIMELINE)
            story.at(end + timedelta(days=1), Log(EventKind.TIMELINE, person=0, on=on, note=note))
    if rnd.unaddressed and rng.random() < 0.6:
        detail = (("detail", rng.choice(table.details)),)
        story.at(thanks + timedelta(hours=2), Draft(ActionKind.SEND_ADDITIONAL_INFO, typed=detail))
    moment = thanks + timedelta(days=1)
    # They ask for something now and then; always once in a story that ends in a rejection,
    # so every three stories (the outcomes take turns) hold every kind of letter.
    if rng.random() < 0.25 or (n == 0 and story.outcome == "rejection"):
        moment = _info_request(rng, story, thanks + timedelta(days=2), table)
    if last:
        return moment
    invite = _at_hour(rng, moment + timedelta(days=rng.randint(3, 8)))
    story.at(
        invite, Log(EventKind.NEXT_ROUND, person=0, note=_note(rng, story, EventKind.NEXT_ROUND))
    )
    story.at(invite + timedelta(hours=2), Draft(ActionKind.RESPOND_TO_UPDATE))
    return _at_hour(rng, invite + timedelta(days=rng.randint(4, 8)))


def _linkedin(rng: random.Random, story: Story, when: datetime, table: Domain) -> None:
    """A connection request (P14): to someone with good rapport, else the recruiter, whose
    screening call is what the user names when asked for a topic."""
    rnd = story.rounds[0]
    warm = [who for who in rnd.panel if story.people[who].good_rapport]
    who = rng.choice(warm) if warm and rng.random() < 0.6 else 0
    answers = (("topic", rng.choice(table.recruiter_topics)),) if who == 0 else ()
    story.at(when, Draft(ActionKind.LINKEDIN_CONNECT, person=who, answers=answers))
    story.at(when + timedelta(minutes=5), Log(EventKind.LINKEDIN_SENT, person=who))


def _info_request(rng: random.Random, story: Story, when: datetime, table: Domain) -> datetime:
    """They asked for something (references, a write-up): the answer carries it as --detail."""
    asked = _at_hour(rng, when)
    who = rng.choice([0, 1])
    note = _note(rng, story, EventKind.INFO_REQUEST)
    story.at(asked, Log(EventKind.INFO_REQUEST, person=who, note=note))
    detail = (("detail", rng.choice(table.details)),)
    story.at(asked + timedelta(hours=3), Draft(ActionKind.SEND_ADDITIONAL_INFO, typed=detail))
    return asked + timedelta(days=1)


def _ending(rng: random.Random, story: Story, moment: datetime) -> None:
    """Silence down the follow-up ladder to moving on, a rejection, or an offer."""
    if story.outcome == "silence":
        _ladder(rng, story, moment, rungs=3, move_on=True)
        return
    moment = _ladder(rng, story, moment, rungs=rng.choice([0, 1]), move_on=False)
    if rng.random() < 0.4:
        said = _at_hour(rng, moment + timedelta(days=rng.randint(2, 5)))
        story.at(said, Log(EventKind.REPLY, person=0, note=_note(rng, story, EventKind.REPLY)))
        story.at(said + timedelta(hours=3), Draft(ActionKind.RESPOND_TO_UPDATE))
        moment = said
    told = _at_hour(rng, moment + timedelta(days=rng.randint(3, 9)))
    if story.outcome == "rejection":
        note = _note(rng, story, EventKind.REJECTION)
        story.at(told, Log(EventKind.REJECTION, person=rng.choice([0, 1]), note=note))
        story.at(told + timedelta(hours=3), Draft(ActionKind.REPLY_TO_REJECTION))
        story.at(told + timedelta(hours=3), Draft(ActionKind.REQUEST_FEEDBACK))
        return
    deadline = (told + timedelta(days=rng.randint(5, 10))).date()
    note = _note(rng, story, EventKind.OFFER)
    story.at(told, Log(EventKind.OFFER, person=rng.choice([0, 1]), on=deadline, note=note))
    story.at(told + timedelta(hours=2), Draft(ActionKind.ACKNOWLEDGE_OFFER))
    decide = _at_hour(rng, told + timedelta(days=2))
    terms = ("terms", story.terms)
    reason = (("reason", rng.choice(DECLINE_REASONS)),)  # asked for only if a kind needs it
    for decision, typed, answers in (
        (Decision.ACCEPT, (terms,), ()),
        (Decision.NEGOTIATE, (terms, ("ask", story.ask)), ()),
        (Decision.DECLINE, (), reason),
    ):
        step = Draft(ActionKind.DECIDE_OFFER, decision=decision, typed=typed, answers=answers)
        story.at(decide, step)


def _ladder(
    rng: random.Random, story: Story, moment: datetime, *, rungs: int, move_on: bool
) -> datetime:
    """Follow-ups a week, then two weeks apart (the second one a call), each unanswered."""
    ladder = [
        (ActionKind.STATUS_INQUIRY, EventKind.FOLLOW_UP_SENT),
        (ActionKind.FOLLOW_UP, EventKind.FOLLOW_UP_SENT),
        (ActionKind.PHONE_FOLLOW_UP, EventKind.CALLED),
    ]
    gap = 8
    for action, done in ladder[:rungs]:
        moment = _at_hour(rng, moment + timedelta(days=gap))
        phone = (("phone", PHONE_WHEN_ASKED),)
        story.at(moment, Draft(action, answers=phone))
        story.at(moment + timedelta(minutes=30), Log(done))
        gap = 14
    if move_on:
        moment = _at_hour(rng, moment + timedelta(days=gap))
        story.at(moment, Draft(ActionKind.MOVE_ON))
    return moment


PHONE_WHEN_ASKED = "+44 7700 900456"  # what a user without a phone in the profile types
