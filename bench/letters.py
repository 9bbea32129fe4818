"""Letter quality as numbers: draft every kind of letter for generated stories, review them all.

    python bench/letters.py [--stories 30] [--seed 2026] [--json] [--out FILE]

Each story (``bench/letter_stories.py``: varied names, locales, panels, rounds and debrief
phrasings) is recorded through the service layer into its own SQLite database in a temporary
folder, with the clock pinned at every step as ``followup --now`` would pin it. At the moments
the playbook calls for them, every kind of letter is drafted (``services.drafting.compose``,
then ``save``), a fact the record lacks is answered as a user at a terminal would answer the
question, and every draft is reviewed with the in-process engines. The report gives, per kind:
letters drafted and refused (refusing is a legitimate outcome, but it is counted with its
reason), review errors and warnings, how template-like the set reads, words per letter, and
for thank-yous whether a panel's letters cite distinct facts. Figures are reported, never
asserted: they are meant to move as the drafting improves. The same seed gives the same
figures and letters on every machine; the time a run takes goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import letter_stories as st
from followup import bootstrap
from followup.domain.errors import BadInput
from followup.domain.messages import DRAFTABLE, Decision, Message
from followup.domain.model import ActionKind, Debrief, QuestionAnswer, Rapport
from followup.domain.review import Finding
from followup.services import drafting
from followup.services.applications import add_application
from followup.services.contacts import ContactFields, add_contact
from followup.services.context import Context
from followup.services.debriefs import record_debrief
from followup.services.events import log_event
from followup.services.interviews import add_interview
from followup.services.ports import Reviewer, Templates
from followup.services.profile import ProfileChanges, update_profile

COMMON = 0.25  # a sentence in more than this share of a kind's letters reads as template
MIN_LETTERS = 4  # below this, "more than a quarter" means "any": template-likeness not given
TOP_MESSAGES = 3  # the most frequent review messages shown per kind
FLAGGED = ("error", "warning")
Report = dict[str, Any]  # plain JSON values: what --json prints


# --- what a run produces ----------------------------------------------------------------------
@dataclass
class Letter:
    """One drafted letter, what it was written from, and what the review said."""

    story: int
    kind: str  # the row it is counted in: "thank-you", "decide-offer --accept" ...
    round: int | None
    to: str
    subject: str
    body: str
    facts: dict[str, object]
    findings: list[tuple[str, str, str]]  # (severity, message, the words it points at)
    asked: tuple[str, ...] = ()  # facts the user was asked for (the record lacked them)


@dataclass
class Refusal:
    story: int
    kind: str
    reason: str


@dataclass
class Played:
    letters: list[Letter] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)  # draft requests per kind
    drafted: Counter[str] = field(default_factory=Counter)  # requests that gave letters
    not_recorded: list[Refusal] = field(default_factory=list)  # a step the services refused


def kind_labels() -> list[str]:
    """Every row of the report: each draftable action, an offer's decision each its own."""
    rows = []
    for action in DRAFTABLE:
        if action is ActionKind.DECIDE_OFFER:
            rows += [label(action, d) for d in Decision]
        else:
            rows.append(label(action, None))
    return rows


def label(action: ActionKind, decision: Decision | None) -> str:
    return action.label + (f" --{decision.value}" if decision else "")


# --- playing a story through the services ----------------------------------------------------
@dataclass
class Ids:
    """Where the story's people and rounds ended up in its database."""

    app: int = 0
    people: dict[int, int] = field(default_factory=dict)  # person index -> contact id
    rounds: dict[int, int] = field(default_factory=dict)  # round index -> interview id

    def contact(self, person: int) -> int:
        """A person's contact id; a person the services refused is bad input downstream."""
        if person not in self.people:
            raise BadInput(f"person {person} was not recorded")
        return self.people[person]


@contextmanager
def pinned(db: Path, when: datetime | None) -> Iterator[Context]:
    """A session whose clock reads ``when`` on the profile's clock, as ``--now`` does."""
    now = when.isoformat(sep=" ", timespec="minutes") if when else None
    with bootstrap.session(bootstrap.Settings(db=str(db), config=None, now=now)) as ctx:
        yield ctx


class Player:
    """Plays stories step by step into databases in ``folder``, drafting and reviewing."""

    def __init__(self, folder: Path, templates: Templates, reviewers: Sequence[Reviewer]) -> None:
        self.folder = folder
        self.templates = templates
        self.reviewers = reviewers
        self.out = Played()

    def play(self, story: st.Story) -> None:
        db = self.folder / f"story-{story.number:03d}.db"
        steps = sorted(story.steps, key=lambda s: s[0])  # stable: same-moment steps keep order
        ids = Ids()
        with pinned(db, steps[0][0]) as ctx:  # no profile yet: this clock is UTC's
            self._begin(ctx, story, ids)
        for when, step in steps:
            with pinned(db, when) as ctx:
                self._step(ctx, story, ids, step)

    def _begin(self, ctx: Context, story: st.Story, ids: Ids) -> None:
        me = story.profile
        update_profile(
            ctx,
            ProfileChanges(
                name=me.name,
                email=me.email,
                timezone=me.zone,
                country=me.country,
                phone=me.phone,
                signature=me.signature,
                formal=me.formal,
            ),
        )
        app = add_application(
            ctx, story.company, story.role, agency=story.agency, source=story.source,
            notes=story.notes,
        )  # fmt: skip
        ids.app = app.id

    def _step(self, ctx: Context, story: st.Story, ids: Ids, step: st.Step) -> None:
        try:
            if isinstance(step, st.Draft):
                self._draft(ctx, story, ids, step)
            else:
                record(ctx, story, ids, step)
        except BadInput as refused:  # a phrasing the services now refuse: report, go on
            what = type(step).__name__
            self.out.not_recorded.append(Refusal(story.number, what, refused.message))

    def _draft(self, ctx: Context, story: st.Story, ids: Ids, step: st.Draft) -> None:
        kind = label(step.action, step.decision)
        self.out.requests[kind] += 1
        try:
            contact = ids.contact(step.person) if step.person is not None else None
            drafts, asked = self._compose(ctx, ids.app, contact, step)
        except BadInput as refused:
            self.out.refused.append(Refusal(story.number, kind, refused.message))
            return
        self.out.drafted[kind] += 1
        saved = drafting.save(ctx, drafts)
        reviews = drafting.review(ctx, saved, self.reviewers)
        names = {cid: story.people[i].name for i, cid in ids.people.items()}
        for message, findings in zip(saved, reviews, strict=True):
            self.out.letters.append(_letter(story, kind, step, message, findings, names, asked))

    def _compose(
        self, ctx: Context, app_id: int, contact: int | None, step: st.Draft
    ) -> tuple[list[Message], tuple[str, ...]]:
        """The drafts and the facts the user had to be asked for: like ``followup draft`` at
        a terminal, a refusal that names missing facts is answered once and tried again."""
        typed = dict(step.typed)
        answers = dict(step.answers)
        asked: tuple[str, ...] = ()
        while True:
            request = drafting.Request(
                app_id, step.action, contact_id=contact, decision=step.decision,
                supplied=typed or None,
            )  # fmt: skip
            try:
                return drafting.compose(ctx, self.templates, request), asked
            except BadInput as exc:
                missing = tuple(getattr(exc, "missing", ()) or ())
                if asked or not missing or any(m not in answers for m in missing):
                    raise
                asked = missing
                typed |= {m: answers[m] for m in missing}


def _letter(
    story: st.Story,
    kind: str,
    step: st.Draft,
    message: Message,
    findings: Sequence[Finding],
    names: dict[int, str],
    asked: tuple[str, ...],
) -> Letter:
    text = drafting.letter_text(message)
    return Letter(
        story=story.number,
        kind=kind,
        round=step.round,
        to=names.get(message.contact_id or 0, "(nobody named)"),
        subject=message.subject,
        body=message.body,
        facts=message.facts_dict(),
        findings=[_finding(f, text) for f in findings],
        asked=asked,
    )


def _finding(finding: Finding, text: str) -> tuple[str, str, str]:
    """A finding as plain values: severity, message, and the words it points at."""
    at = text[finding.start : finding.end] if finding.end > finding.start else ""
    return finding.severity.value, finding.message, at


def record(ctx: Context, story: st.Story, ids: Ids, step: st.Step) -> None:
    """One recording step, through the same service functions the CLI calls."""
    if isinstance(step, st.AddPerson):
        ids.people[step.person] = _add_person(ctx, ids.app, story.people[step.person])
    elif isinstance(step, st.AddRound):
        rnd = story.rounds[step.round]
        interview = add_interview(
            ctx, ids.app, rnd.start, minutes=rnd.minutes, format=rnd.format,
            interviewer_ids=[ids.contact(p) for p in rnd.panel],
        )  # fmt: skip
        ids.rounds[step.round] = interview.id
    elif isinstance(step, st.RecordDebrief):
        if step.round not in ids.rounds:
            raise BadInput(f"round {step.round + 1} was not recorded")
        rnd = story.rounds[step.round]
        record_debrief(ctx, ids.rounds[step.round], _debrief(story, rnd, ids))
    elif isinstance(step, st.Log):
        who = ids.contact(step.person) if step.person is not None else None
        log_event(ctx, ids.app, step.kind, contact_id=who, on=step.on, note=step.note)


def _add_person(ctx: Context, app_id: int, person: st.Person) -> int:
    slug = person.email.split("@")[0].replace(".", "-")
    fields = ContactFields(
        email=person.email,
        phone=person.phone,
        linkedin=f"https://www.linkedin.com/in/{slug}",
        role=person.role,
        timezone=person.zone,
        rapport=Rapport.GOOD if person.good_rapport else None,
        title=person.title,
    )
    return add_contact(ctx, app_id, person.name, fields).id


def _debrief(story: st.Story, rnd: st.Round, ids: Ids) -> Debrief:
    return Debrief(
        questions=tuple(QuestionAnswer(q, a) for q, a in rnd.questions),
        strengths=tuple(p.text for p in rnd.strengths),
        topics=tuple((ids.contact(who), tuple(p.text for p in said)) for who, said in rnd.topics),
        unaddressed=tuple(p.text for p in rnd.unaddressed),
        rapport=tuple(
            (ids.contact(who), Rapport.GOOD) for who in rnd.panel if story.people[who].good_rapport
        ),
        decision_date=rnd.decision_date,
    )


# --- reading a letter -------------------------------------------------------------------------
GREETING = re.compile(r"^(dear|hi|hello|hey|good (morning|afternoon))\b[^,.!?\n]{0,60},\s*", re.I)
CLOSING = re.compile(r"^[A-Z][\w ]{0,30},$")  # "Best regards," "With thanks,"
HEADING = re.compile(r"^[A-Z][\w ]{0,40}:$")  # "Opening:" in a call script
BULLET = re.compile(r"^[-*•]\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u2019\u201d]?\s+(?=[\"'(\u2018\u201c]?[A-Z0-9])")
ABBREVIATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "St.", "e.g.", "i.e.", "etc.", "vs.", "No.")
WORD = re.compile(r"[^\W_][\w'\u2019.-]*")


def core(letter: Letter) -> list[str]:
    """The letter's own text as paragraphs (bullets each their own): the greeting, a call
    script's headings and the sign-off (closing, name, contact details) left out."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", letter.body.strip()) if p.strip()]
    if paragraphs and CLOSING.match(paragraphs[-1].splitlines()[0].strip()):
        paragraphs.pop()
    out: list[str] = []
    for paragraph in paragraphs:
        lines = [BULLET.sub("", line.strip()) for line in paragraph.splitlines()]
        lines = [line for line in lines if line and not HEADING.match(line)]
        bulleted = any(BULLET.match(line.strip()) for line in paragraph.splitlines())
        out += lines if bulleted else ([" ".join(lines)] if lines else [])
    if out:
        out[0] = GREETING.sub("", out[0])
    return [_unsigned(p, letter.facts) for p in out if p]


def _unsigned(paragraph: str, facts: dict[str, object]) -> str:
    """A LinkedIn note ends with the sender's name (after "Best,"): not a sentence."""
    name = str(facts.get("sender_name") or "")
    if name and paragraph.endswith(name):
        paragraph = paragraph[: -len(name)].rstrip()
        paragraph = re.sub(r"(?:^|\s)(Best|Thanks|Regards|Best regards|Cheers),?$", "", paragraph)
    return paragraph.strip()


def sentences(letter: Letter) -> list[str]:
    """The letter's sentences: what template-likeness counts, since sentences that many
    letters share word for word are what make a set read as one form letter."""
    found: list[str] = []
    for paragraph in core(letter):
        for part in SENTENCE_END.split(paragraph):
            piece = part.strip()
            if found and found[-1].endswith(ABBREVIATIONS + _initials(found[-1])):
                found[-1] += " " + piece
            elif piece:
                found.append(piece)
    return found


def _initials(text: str) -> tuple[str, ...]:
    """ "K." in "K. Srinivasan": a capital and a full stop end no sentence."""
    last = text.rsplit(" ", 1)[-1]
    return (last,) if re.fullmatch(r"[A-Z]\.", last) else ()


def words(letter: Letter) -> int:
    """Words a reader reads: the letter's own text, not the greeting or sign-off."""
    return sum(len(WORD.findall(p)) for p in core(letter))


# --- measures ---------------------------------------------------------------------------------
def cited(letter: Letter) -> set[str]:
    """The debrief items a letter used: its ``cited`` fact when the drafting records one,
    else today's single facts (strength, topic, unaddressed point)."""
    listed = letter.facts.get("cited")
    if isinstance(listed, list | tuple):
        return {str(x) for x in listed if x}
    keys = ("strength", "topic", "unaddressed", "point")
    return {str(v) for k in keys if (v := letter.facts.get(k))}


def panels(played: Played, stories: dict[int, st.Story]) -> dict[str, int]:
    """Thank-yous to a panel (a round with two or more interviewers): do they cite distinct
    facts (no debrief item in two letters)? ``enough``: the debrief held a strength for each
    letter (questions and answers are private, and an open point goes to one person only, so
    the strengths decide whether every letter can make its own case)."""
    groups: dict[tuple[int, int | None], list[Letter]] = {}
    for letter in played.letters:
        if letter.kind == "thank-you":
            groups.setdefault((letter.story, letter.round), []).append(letter)
    out = Counter({"panels": 0, "distinct": 0, "enough": 0, "distinct_with_enough": 0})
    for (number, rnd), letters in groups.items():
        r = stories[number].rounds[rnd or 0]
        if len(r.panel) < 2 or len(letters) < 2:
            continue
        sets = [cited(x) for x in letters]
        distinct = sum(len(s) for s in sets) == len(set().union(*sets))
        enough = len(r.strengths) >= len(letters)
        out["panels"] += 1
        out["distinct"] += distinct
        out["enough"] += enough
        out["distinct_with_enough"] += distinct and enough
    return dict(out)


def template_likeness(letters: Sequence[Letter]) -> tuple[float | None, list[tuple[str, int]]]:
    """The share of sentence occurrences whose sentence is in more than ``COMMON`` of the
    letters, and those sentences with how many letters hold each, most common first."""
    if len(letters) < MIN_LETTERS:
        return None, []
    per_letter = [sentences(x) for x in letters]
    holders = Counter(s for found in per_letter for s in set(found))
    common = {s: n for s, n in holders.items() if n > COMMON * len(letters)}
    total = sum(len(found) for found in per_letter)
    shared = sum(1 for found in per_letter for s in found if s in common)
    ranked = sorted(common.items(), key=lambda kv: (-kv[1], kv[0]))
    return (shared / total if total else 0.0), ranked


def leaked(letter: Letter, notes: Sequence[str]) -> bool:
    """A private note (an event's, the application's) quoted in the letter."""
    body = letter.body.lower()
    return any(len(n) >= 12 and n.lower().rstrip(".") in body for n in notes)


def frequent(findings: Sequence[tuple[str, str, str]], top: int) -> list[list[object]]:
    """The most frequent messages, the words they point at made generic ("X in capitals
    reads as shouting"), each with its count and up to three of those words."""
    counts: Counter[str] = Counter()
    seen: dict[str, Counter[str]] = {}
    for severity, message, at in findings:
        key = f"{severity}: {_generic(message, at)}"
        counts[key] += 1
        flat = " ".join(at.split())
        if flat:
            shown = flat if len(flat) <= 30 else flat[:29] + "…"
            seen.setdefault(key, Counter())[shown] += 1
    return [
        [key, n, [w for w, _ in seen.get(key, Counter()).most_common(3)]]
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    ]


def _generic(message: str, at: str) -> str:
    if len(at.strip()) > 1:
        message = message.replace(at.strip(), "X")
    message = re.sub(r"\s*\([^()]*\)$", "", message)  # a list of suggestions
    return re.sub(r"\d+", "N", message)


CALLED = re.compile(r"^(?:- )?(?:Dear|Hi|Hello|Hey|Good (?:morning|afternoon))\s+([^,\n]+),", re.M)


def greetings(played: Played, stories: dict[int, st.Story]) -> dict[str, Report]:
    """Per naming tradition: letters that greet a named person, those that call them by a
    form their name allows (given name, full name, title with family name), and the most
    frequent other forms seen."""
    out: dict[str, Report] = {}
    for letter in played.letters:
        person = next((p for p in stories[letter.story].people if p.name == letter.to), None)
        found = CALLED.search(letter.body)
        if person is None or found is None:
            continue
        row = out.setdefault(person.tradition, {"letters": 0, "fit": 0, "other": Counter()})
        row["letters"] += 1
        if person.fits(found[1]):
            row["fit"] += 1
        else:
            row["other"][f"{found[1]} ({person.name})"] += 1
    for row in out.values():
        row["other"] = row["other"].most_common(3)
    return dict(sorted(out.items()))


def kind_row(kind: str, played: Played, stories: dict[int, st.Story]) -> Report:
    letters = [x for x in played.letters if x.kind == kind]
    refused = [r for r in played.refused if r.kind == kind]
    flagged = [f for x in letters for f in x.findings if f[0] in FLAGGED]
    share, common = template_likeness(letters)
    counts = [words(x) for x in letters]
    return {
        "requests": played.requests[kind],
        "drafted": played.drafted[kind],
        "letters": len(letters),
        "refused": len(refused),
        "refusals": dict(Counter(r.reason for r in refused).most_common()),
        "errors": sum(1 for f in flagged if f[0] == "error"),
        "warnings": sum(1 for f in flagged if f[0] == "warning"),
        "letters_flagged": sum(1 for x in letters if any(f[0] in FLAGGED for f in x.findings)),
        "top_messages": frequent(flagged, TOP_MESSAGES),
        "template_share": None if share is None else round(share, 3),
        "common_sentences": common[:5],
        "words_median": statistics.median(counts) if counts else None,
        "words_max": max(counts) if counts else None,
        "notes_leaked": sum(1 for x in letters if leaked(x, stories[x.story].private_notes())),
        "asked": sum(1 for x in letters if x.asked),
    }


def shapes(played: Played, stories: dict[int, st.Story]) -> dict[str, Report]:
    """Per shape a debrief item was typed in: letters that used one, how many carry it word
    for word, and the first such sentence (where today's drafting pastes it into a frame)."""
    out: dict[str, Report] = {}
    for letter in played.letters:
        typed = _typed_items(stories[letter.story])
        for item in cited(letter) & typed.keys():
            row = out.setdefault(typed[item], {"letters": 0, "as_typed": 0, "example": None})
            row["letters"] += 1
            if item in letter.body:
                row["as_typed"] += 1
                if row["example"] is None:
                    row["example"] = next((s for s in sentences(letter) if item in s), None)
    return dict(sorted(out.items()))


def _typed_items(story: st.Story) -> dict[str, str]:
    items = {}
    for rnd in story.rounds:
        for phrase in (*rnd.strengths, *rnd.unaddressed, *(p for _, t in rnd.topics for p in t)):
            items[phrase.text] = phrase.shape
    return items


def summary(played: Played, stories: list[st.Story], seed: int) -> Report:
    by_number = {s.number: s for s in stories}
    flagged = [f for x in played.letters for f in x.findings if f[0] in FLAGGED]
    return {
        "seed": seed,
        "stories": len(stories),
        "letters": len(played.letters),
        "requests": sum(played.requests.values()),
        "refused": len(played.refused),
        "kinds": {k: kind_row(k, played, by_number) for k in kind_labels()},
        "panels": panels(played, by_number),
        "shapes": shapes(played, by_number),
        "greetings": greetings(played, by_number),
        "top_messages": frequent(flagged, 10),
        "not_recorded": [vars(r) for r in played.not_recorded],
    }


# --- output -----------------------------------------------------------------------------------
def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def table(report: Report) -> str:
    kinds: dict[str, Report] = report["kinds"]
    head = (
        "| kind | requests | letters | refused | errors | warnings | letters flagged "
        "| template-like | words median | words max | notes quoted |"
    )
    lines = [head, "|---|" + "--:|" * 10]
    for kind, row in kinds.items():
        share = row["template_share"]
        lines.append(
            f"| {kind} | {row['requests']} | {row['letters']} | {row['refused']} | {row['errors']} "
            f"| {row['warnings']} | {row['letters_flagged']} "
            f"| {'-' if share is None else _pct(float(share), 1)} "
            f"| {_num(row['words_median'])} | {_num(row['words_max'])} | {row['notes_leaked']} |"
        )
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{float(value):g}"


def render(report: Report) -> str:
    kinds: dict[str, Report] = report["kinds"]
    p: dict[str, int] = report["panels"]
    out = [
        f"{report['stories']} stories (seed {report['seed']}): {report['requests']} draft "
        f"requests, {report['letters']} letters, {report['refused']} refused",
        "",
        table(report),
        "",
        f"Panels (thank-yous to 2+ people for one round): {p['panels']}; citing distinct facts: "
        f"{p['distinct']} ({_pct(p['distinct'], p['panels'])}); with a strength for each "
        f"letter: {p['enough']}, of which distinct: {p['distinct_with_enough']} "
        f"({_pct(p['distinct_with_enough'], p['enough'])})",
        "",
        "Debrief items by the shape they were typed in: letters whose facts name one, letters"
        " that carry it word for word, and the first such sentence:",
    ]
    for shape, row in report["shapes"].items():
        example = f'  e.g. "{row["example"]}"' if row["example"] else ""
        out.append(f"  {shape:<9} {row['letters']:>4} {row['as_typed']:>4}{example}")
    out += ["", "Greetings that call the person by a form their name allows, per tradition:"]
    for tradition, row in report["greetings"].items():
        seen = "; ".join(f"{called} {n}x" for called, n in row["other"])
        out.append(
            f"  {tradition}: {row['fit']}/{row['letters']}" + (f"; else: {seen}" if seen else "")
        )
    out += ["", "Refused:"] + [
        f"  {kind}: {n}x {reason}"
        for kind, row in kinds.items()
        for reason, n in row["refusals"].items()
    ]
    out += ["", "Most frequent review errors and warnings, per kind (X: the words flagged):"]
    out += [
        f"  {kind}: {n}x {message}" + (f" [X: {', '.join(at)}]" if at else "")
        for kind, row in kinds.items()
        for message, n, at in row["top_messages"]
    ]
    out += ["", f"Sentences in more than {COMMON:.0%} of a kind's letters (letters holding it):"]
    out += [
        f"  {kind}: {n}x {sentence}"
        for kind, row in kinds.items()
        for sentence, n in row["common_sentences"][:2]
    ]
    if report["not_recorded"]:
        out += ["", "Steps the services refused to record:"]
        out += [f"  story {r['story']} {r['kind']}: {r['reason']}" for r in report["not_recorded"]]
    return "\n".join(out)


def write_letters(path: Path, played: Played, stories: list[st.Story]) -> None:
    """Every letter with its story, the facts it used (and their typed shapes) and the
    review's findings; then the refusals. For reading, not parsing."""
    by_number = {s.number: s for s in stories}
    with path.open("w", encoding="utf-8") as out:
        for letter in played.letters:
            out.write(_letter_text(letter, by_number[letter.story]) + "\n")
        out.write("=== refused\n")
        for r in played.refused:
            out.write(f"story {r.story} {r.kind}: {r.reason}\n")


def _letter_text(letter: Letter, story: st.Story) -> str:
    me = story.profile
    person = next((p for p in story.people if p.name == letter.to), None)
    who = f"{letter.to} ({person.tradition}, {person.role.label})" if person else letter.to
    rnd = "" if letter.round is None else f" round {letter.round + 1}"
    typed = _typed_items(story)
    used = [f"  {t!r} [{typed.get(t, '?')}]" for t in sorted(cited(letter))]
    lines = [
        f"=== story {story.number} · {letter.kind}{rnd} · to {who}",
        f"{story.company} ({story.domain}{', via ' + story.agency if story.agency else ''}); "
        f"{me.name}, {me.country} {me.zone}{', formal' if me.formal else ''}",
        "cited:" if used else "cited: nothing",
        *used,
        *([f"asked for: {', '.join(letter.asked)}"] if letter.asked else []),
        "",
        f"Subject: {letter.subject}",
        "",
        letter.body.rstrip(),
        "",
        *(f"[{sev}] {msg}" + (f"  «{at}»" if at else "") for sev, msg, at in letter.findings),
        "",
    ]
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------
def run(count: int, seed: int) -> tuple[Played, list[st.Story]]:
    stories = st.make_stories(count, seed)
    settings = bootstrap.Settings(db=":memory:", config=None)
    adapters = bootstrap.Adapters(settings, in_process=True)
    templates, reviewers = adapters.templates(), adapters.reviewers()
    with tempfile.TemporaryDirectory(prefix="fu-letters-") as folder:
        player = Player(Path(folder), templates, reviewers)
        for story in stories:
            player.play(story)
    return player.out, stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--out", type=Path, help="write every letter and its findings here")
    args = parser.parse_args(argv)
    if args.stories < 1:
        parser.error("--stories must be at least 1")
    began = time.perf_counter()
    played, stories = run(args.stories, args.seed)
    report = summary(played, stories, args.seed)
    if args.out:
        write_letters(args.out, played, stories)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
    sys.stdout.flush()
    took = time.perf_counter() - began
    print(
        f"{len(played.letters)} letters from {len(stories)} stories in {took:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
