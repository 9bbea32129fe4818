"""Drafting: a personal letter per recipient, written from the record, kept as a Message.

The facts come from ``domain.drafting`` (pure); the wording from the ``Templates`` port.
Composing and saving are separate steps so that an entry point can let the user edit a
draft between the two (``followup draft --edit``); nothing is written until ``save``.
A fact the record lacks stops the draft with ``MissingFacts`` (exit status 2) before
anything is rendered or written: no letter ever leaves with a blank in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain import drafting, limits
from followup.domain.errors import BadInput, Conflict, NotFound
from followup.domain.messages import Decision, Message, MessageKind, MessageStatus, message_kind
from followup.domain.model import ActionKind, Contact, History
from followup.domain.names import as_written
from followup.domain.review import Finding, Severity
from followup.services import inputs, model_drafting
from followup.services.context import Context
from followup.services.planning import ensure_fresh, require_profile
from followup.services.ports import LetterModel, Reviewer, Templates
from followup.services.review import (
    dialect_of,
    known_words_for,
    letter_dates,
    review_text,
    sender_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.domain.documents import Attachment

# The facts a user may type when the record lacks them, and how to ask for each.
FACT_PROMPTS: dict[str, str] = {
    "topic": "A topic you discussed with {name} (e.g. 'their move to Kafka')",
    "strength": "Your strength that fits this role best (e.g. 'ran a diary study with 40 users')",
    "phone": "Your phone number (for the voicemail)",
    "detail": "The additional information to send",
    "terms": "The offer's terms as you understand them",
    "ask": "What you would like changed in the offer (e.g. 'a base of £85k')",
    "reason": "Why you are declining, in a sentence you are happy to send",
}
SUPPLIABLE_FACTS = tuple(FACT_PROMPTS)


@dataclass(frozen=True)
class Request:
    """What to draft: an action kind on an application, for one contact or the default."""

    app_id: int
    action: ActionKind
    contact_id: int | None = None
    decision: Decision | None = None
    supplied: Mapping[str, str] | None = None  # facts the user typed (--topic ...)
    action_id: str | None = None


def request_for_action(
    ctx: Context,
    action_id: str,
    decision: Decision | None = None,
    supplied: Mapping[str, str] | None = None,
) -> Request:
    """A planned action (its id from ``followup today``) as a draft request."""
    ensure_fresh(ctx)
    action = ctx.store.cached_action(action_id)
    if action is None:
        raise NotFound(f"no planned action {action_id}; see `followup today`")
    return Request(
        app_id=action.application_id,
        action=action.kind,
        contact_id=action.contact_id,
        decision=decision,
        supplied=supplied,
        action_id=action.id,
    )


def compose(
    ctx: Context,
    templates: Templates,
    request: Request,
    model: LetterModel | None = None,
    reviewers: Sequence[Reviewer] = (),
) -> list[Message]:
    """The drafts for ``request``, not yet saved (ids are 0).

    Each is written for the moment it is planned to go out (its action's due time, when
    that is still ahead), so "yesterday" and "on Thursday" are true on the day it is sent;
    a later round's thank-you passes over what the earlier one told the same person.

    With ``model``, the model words each letter from the same facts, and its letter is kept
    only when the guard and the review (with ``reviewers``) find nothing wrong in it; else
    the template's, with the reasons (``model_drafting``). The facts record which wrote it.
    """
    kind = _kind(request)
    drafting.check_supplied(kind, {k: v for k, v in (request.supplied or {}).items() if v})
    history = ctx.store.history(request.app_id)
    profile = require_profile(ctx.store)
    people = _recipients(ctx, history, kind, request.contact_id)
    said = _said(ctx.store.list_messages(request.app_id), kind, history, ctx)
    gathered = []
    for c in people:
        planned = _send_at(ctx, request, kind, c)
        facts = drafting.gather(
            history, profile, kind, c, ctx.now, request.supplied,
            send_at=planned, said=said, fill_in=len(people) > 1,
        )  # fmt: skip
        gathered.append((c, facts, planned))
    missing = tuple(dict.fromkeys(m for _, facts, _ in gathered for m in facts.missing))
    if missing:
        unfit = tuple(dict.fromkeys(u for _, facts, _ in gathered for u in facts.unfit))
        who = tuple(c.name for c, facts, _ in gathered if c is not None and facts.missing)
        raise drafting.MissingFacts(missing, unfit, who if len(people) > 1 else ())
    drafts = []
    for contact, facts, planned in gathered:
        values = {**facts.values, "planned_for": planned.isoformat()}
        if kind is MessageKind.LINKEDIN_NOTE:
            values = _short_note(templates, values)
        subject, body = _rendered(templates, kind, values)
        if kind is MessageKind.LINKEDIN_NOTE:
            body = _linkedin(body)
        if model is not None:
            examples = [f"Subject: {subject}\n\n{body}", *_other_wording(templates, kind, values)]
            vet = _vetting(ctx, request.app_id, kind, values, reviewers)
            written = model_drafting.write(model, kind, values, (subject, body), examples, vet)
            subject, body = written.subject, written.body
            values = {**values, **written.facts()}
        drafts.append(
            Message(
                id=0,
                application_id=request.app_id,
                kind=kind,
                contact_id=contact.id if contact else None,
                to=_address(kind, contact),
                subject=subject,
                body=body,
                created_at=ctx.now,
                action_id=request.action_id,
                facts=tuple(sorted(values.items())),
            )
        )
    return drafts


def _other_wording(
    templates: Templates, kind: MessageKind, values: Mapping[str, object]
) -> list[str]:
    """The template's letter in another of its wordings (the next turn): a second example
    of the style, so a model does not copy one letter's sentences."""
    try:
        other = {**values, "turn": int(str(values.get("turn", 0))) + 1}
        subject, body = _rendered(templates, kind, other)
    except (BadInput, ValueError):
        return []
    return [f"Subject: {subject}\n\n{body}"]


def _vetting(
    ctx: Context,
    app_id: int,
    kind: MessageKind,
    values: Mapping[str, object],
    reviewers: Sequence[Reviewer],
) -> Callable[[str], list[str]]:
    """The review's errors over a model's letter, as reasons to refuse it."""
    known = known_words_for(ctx, app_id)
    sender, dialect = sender_of(ctx), dialect_of(ctx)
    dates = letter_dates(dict(values))

    def vet(letter: str) -> list[str]:
        found = review_text(
            letter, kind=kind.value, known_words=known, reviewers=reviewers,
            sender=sender, dialect=dialect, dates=dates,
        )  # fmt: skip
        return [f"followup's review: {f.message}" for f in found if f.severity is Severity.ERROR]

    return vet


def _send_at(
    ctx: Context, request: Request, kind: MessageKind, contact: Contact | None
) -> datetime:
    """When the letter is planned to go: its action's due time when that is still ahead
    (the action named, else the planned one of this kind for this person), else now."""
    action = ctx.store.cached_action(request.action_id) if request.action_id else None
    if action is None:
        who = contact.id if contact else None
        planned = [
            a
            for a in ctx.store.cached_plan(request.app_id)
            if a.kind is request.action and a.contact_id == who and a.is_live(ctx.now)
        ]
        action = max(planned, key=lambda a: a.due, default=None)  # the latest round's
    if action is not None and action.due > ctx.now:
        return action.due
    return ctx.now


def _said(
    earlier: Sequence[Message], kind: MessageKind, history: History, ctx: Context
) -> dict[int, frozenset[str]]:
    """What earlier rounds' thank-yous told each person (the debrief items they cited)."""
    if kind is not MessageKind.THANK_YOU:
        return {}
    found = drafting.latest_round(history, ctx.now)
    this_round = found.id if found else None
    said: dict[int, set[str]] = {}
    for m in earlier:
        facts = m.facts_dict()
        cited = facts.get("cited")
        other_round = facts.get("interview_id") != this_round
        if m.kind is kind and m.contact_id is not None and other_round and isinstance(cited, list):
            said.setdefault(m.contact_id, set()).update(str(c) for c in cited)
    return {person: frozenset(items) for person, items in said.items()}


def send_day_of(ctx: Context, message: Message, moment: datetime | None = None) -> date:
    """The day ``message`` goes out on its recipient's clock: at ``moment`` when given (a
    send now, a schedule), else when it is scheduled, else its action's due time if still
    ahead, else today."""
    if moment is None:
        moment = message.send_at
    if moment is None and message.action_id:
        action = ctx.store.cached_action(message.action_id)
        moment = action.due if action is not None and action.due > ctx.now else None
    if moment is None:  # drafted by kind: the moment it was planned for, while still ahead
        planned = _moment(message.facts_dict().get("planned_for"))
        moment = planned if planned is not None and planned > ctx.now else None
    moment = moment or ctx.now
    profile = ctx.store.get_profile()
    zone_name = profile.timezone if profile else "UTC"
    if message.contact_id is not None:
        contact = ctx.store.get_contact(message.contact_id)
        zone_name = contact.timezone or zone_name
    return moment.astimezone(ZoneInfo(zone_name)).date()


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def redated(
    ctx: Context, templates: Templates, message: Message, send_day: date | None = None
) -> Message:
    """``message`` made true for the day it now goes out (its time facts recomputed by
    ``drafting.retime``; the text rendered again when the user has not edited it, an edited
    one keeping its words so its review points at what no longer holds); not saved. The
    same message when nothing moved or it is no longer the user's to change."""
    if message.status not in EDITABLE and message.status is not MessageStatus.SCHEDULED:
        return message
    day = send_day or send_day_of(ctx, message)
    facts = message.facts_dict()
    if not facts.get("send_day") or facts.get("send_day") == day.isoformat():
        return message
    moved = drafting.retime(facts, day)
    subject, body = message.subject, message.body
    try:
        old_subject, old_body = _rendered(templates, message.kind, facts)
        if (old_subject, old_body) == (message.subject, message.body):
            subject, body = _rendered(templates, message.kind, moved)
    except BadInput:
        pass  # a template changed or gone since: keep the words, the review will speak
    return dataclasses.replace(
        message, subject=subject, body=body, facts=tuple(sorted(moved.items()))
    )


def redate(
    ctx: Context, templates: Templates, message: Message, send_day: date | None = None
) -> Message:
    """``redated``, and saved at once, so what is shown is what is sent."""
    updated = redated(ctx, templates, message, send_day)
    if updated is not message:
        with ctx.store.transaction():
            ctx.store.update_message(updated)
    return updated


def _rendered(
    templates: Templates, kind: MessageKind, facts: Mapping[str, object]
) -> tuple[str, str]:
    """Subject and body; a LinkedIn note folded into the one paragraph LinkedIn takes."""
    subject, body = templates.render(kind.value, facts)
    if kind is MessageKind.LINKEDIN_NOTE:
        body = _folded(body)
    return subject, body


def _folded(body: str) -> str:
    return " ".join(body.split()) + "\n"


def _linkedin(body: str) -> str:
    """One paragraph, within LinkedIn's limit; refused (never cut mid-thought) above it."""
    note = _folded(body)
    if not drafting.fits_linkedin(note.strip()):
        raise BadInput(
            f"the LinkedIn note is {len(note.strip())} characters, over LinkedIn's "
            f"{drafting.LINKEDIN_LIMIT}; give a shorter --topic"
        )
    return note


def save(ctx: Context, drafts: list[Message], carrying: Sequence[Attachment] = ()) -> list[Message]:
    """Keep the drafts, each carrying ``carrying`` (``documents.attachable``): all or none."""
    with ctx.store.transaction():
        saved = [ctx.store.add_message(m) for m in drafts]
        for m in saved if carrying else ():
            ctx.store.attach(m.id, carrying)
    return saved


def letter_text(message: Message) -> str:
    """The text a review reads and its findings' offsets point into: subject line, body."""
    return f"Subject: {message.subject}\n\n{message.body}"


def review(
    ctx: Context, drafts: Sequence[Message], reviewers: Sequence[Reviewer] = ()
) -> list[list[Finding]]:
    """The review of each draft (over ``letter_text``): its application's words known, in
    the user's dialect, its time words judged against the days it was written for (the
    ``send_day`` and ``met_day`` of its facts, when the drafting recorded them)."""
    sender = sender_of(ctx)
    dialect = dialect_of(ctx)
    known: dict[int, frozenset[str]] = {}
    out = []
    for m in drafts:
        if m.application_id not in known:
            known[m.application_id] = known_words_for(ctx, m.application_id)
        out.append(
            review_text(
                letter_text(m),
                kind=m.kind.value,
                known_words=known[m.application_id],
                reviewers=reviewers,
                sender=sender,
                dialect=dialect,
                dates=letter_dates(m.facts_dict()),
                # What it carries (issue 18); a letter not saved yet carries nothing known.
                attached=len(ctx.store.attachments(m.id)) if m.id else None,
            )
        )
    return out


def list_drafts(ctx: Context, app_id: int | None = None) -> list[Message]:
    return ctx.store.list_messages(app_id)


def get_draft(ctx: Context, message_id: int, templates: Templates | None = None) -> Message:
    """A saved letter; with ``templates``, re-dated first for the day it now goes out
    (``redate``), so what is shown says what will be true when it is sent."""
    message = ctx.store.get_message(message_id)
    return redate(ctx, templates, message) if templates is not None else message


class NeedsDecision(BadInput):
    """An offer's answer drafted without saying which: the entry point asks, or exit 2."""

    def __init__(self) -> None:
        super().__init__("decide-offer needs a decision: --accept, --negotiate or --decline")


def _kind(request: Request) -> MessageKind:
    if request.action is ActionKind.DECIDE_OFFER and request.decision is None:
        raise NeedsDecision()
    if request.action is not ActionKind.DECIDE_OFFER and request.decision is not None:
        raise BadInput(
            f"--{request.decision.value} is for decide-offer, not {request.action.label}"
        )
    kind = message_kind(request.action, request.decision)
    if kind is None:
        raise BadInput(f"{request.action.label} is not a message; nothing to draft")
    return kind


def _recipients(
    ctx: Context, history: History, kind: MessageKind, contact_id: int | None
) -> list[Contact]:
    app = history.application
    if contact_id is not None:
        contact = ctx.store.get_contact(contact_id)
        if contact.application_id != app.id:
            raise BadInput(f"contact {contact_id} is not on application {app.id}")
        return [contact]
    if kind is MessageKind.THANK_YOU:
        people = list(drafting.panel(history, ctx.now))
    else:
        found = drafting.default_recipient(history, kind, ctx.now)
        people = [found] if found else []
    if not people:
        raise BadInput(
            f"application {app.id} has nobody to write to; add a contact with "
            f"`followup contact add {app.id} NAME --email EMAIL`"
        )
    return people


def _address(kind: MessageKind, contact: Contact | None) -> str | None:
    if contact is None:
        return None
    if kind is MessageKind.LINKEDIN_NOTE:
        return contact.linkedin
    if kind is MessageKind.PHONE_SCRIPT:
        return contact.phone
    return contact.email


def _short_note(templates: Templates, values: dict[str, object]) -> dict[str, object]:
    """The phrasing of a LinkedIn note that stays under the length that reads best (200
    characters): the recipient's own turn first, then the next ones; the shortest if none
    does. A long topic or name should cost a phrasing, not a warning."""
    best: tuple[int, dict[str, object]] | None = None
    turn = int(str(values.get("turn", 0)))
    for step in range(6):
        tried = {**values, "turn": turn + step}
        length = len(_rendered(templates, MessageKind.LINKEDIN_NOTE, tried)[1].strip())
        if length <= drafting.LINKEDIN_COMFORT:
            return tried
        if best is None or length < best[0]:
            best = (length, tried)
    return best[1] if best else values


def review_edit(
    ctx: Context, message: Message, subject: str, body: str, reviewers: Sequence[Reviewer] = ()
) -> tuple[str, list[Finding]]:
    """The letter as the user is editing it and its review: what the editor highlights.

    Nothing is saved; the findings' offsets point into the returned text (``letter_text``).
    """
    edited = dataclasses.replace(message, subject=subject, body=body.replace("\r\n", "\n"))
    return letter_text(edited), review(ctx, [edited], reviewers)[0]


# The states in which a letter is still the user's to change: a draft, or one that failed
# to go (it is sent again from the stored text). A scheduled one is the worker's, and a sent
# one is history.
EDITABLE = (MessageStatus.DRAFT, MessageStatus.FAILED)


def save_edit(ctx: Context, message_id: int, subject: str, body: str) -> Message:
    """Keep the user's edit of a draft: what is sent, scheduled or downloaded later.

    The subject is one line (a line break would be a second header) and neither may be
    empty; a letter that is scheduled, being sent or sent is refused, so the text the
    checks passed is the text that goes.
    """
    message = ctx.store.get_message(message_id)
    if message.status not in EDITABLE:
        raise Conflict(
            f"message {message_id} is {message.status.value}; only a draft (or a failed "
            "letter) can be edited"
        )
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not subject:
        raise BadInput("the subject is empty; a letter needs one")
    if not body.strip():
        raise BadInput("the letter is empty; write it, or delete the draft")
    inputs.line(subject, "the subject", limits.SUBJECT_CHARS)
    inputs.capped(body, "the letter", limits.LETTER_CHARS)
    if subject == message.subject and body == message.body:
        return message
    edited = dataclasses.replace(message, subject=subject, body=body)
    with ctx.store.transaction():
        ctx.store.update_message(edited)
    return edited


def as_eml(ctx: Context, message: Message, subject: str, body: str) -> bytes:
    """The letter as an RFC 5322 file a mail client opens as a new message (.eml); a line
    break in the subject or an address is bad input (a header injection), never a second
    header (``Composer.draft_file``)."""
    profile = require_profile(ctx.store)
    return ctx.ports.composer().draft_file(
        from_name=as_written(profile.name), from_address=profile.email, to=message.to,
        subject=subject, body=body, date=ctx.now,
    )  # fmt: skip


# What a model's answer adds to a letter's facts (``model_drafting.Written.facts``): taken
# off before the letter is written again, so an earlier writer's verdict never lingers.
WRITER_FACTS = ("writer", "refused", "model_seconds", "model_tokens", "model_tries")


@dataclass(frozen=True)
class Rewrite:
    """A saved draft about to be written again, read in one session: the web's model jobs
    ask the model with no database session open (it may take minutes), then ``apply`` it
    in another, and only to the letter as it was read here."""

    message: Message
    facts: Mapping[str, object]
    template: tuple[str, str]
    examples: tuple[str, ...]
    vet: Callable[[str], list[str]]


def prepare_rewrite(
    ctx: Context, message_id: int, templates: Templates, reviewers: Sequence[Reviewer] = ()
) -> Rewrite:
    """The draft's own facts (re-dated for its send day, the earlier writer's verdict taken
    off) and the template's letter from them; ``Conflict`` for a letter no longer the
    user's to change."""
    message = get_draft(ctx, message_id, templates)
    if message.status not in EDITABLE:
        raise Conflict(
            f"message {message_id} is {message.status.value}; only a draft (or a failed "
            "letter) can be written again"
        )
    facts = {k: v for k, v in message.facts_dict().items() if k not in WRITER_FACTS}
    subject, body = _rendered(templates, message.kind, facts)
    examples = (f"Subject: {subject}\n\n{body}", *_other_wording(templates, message.kind, facts))
    vet = _vetting(ctx, message.application_id, message.kind, facts, reviewers)
    return Rewrite(message, facts, (subject, body), examples, vet)


def rewritten(rewrite: Rewrite, model: LetterModel | None) -> model_drafting.Written:
    """The letter from the template, or from ``model`` held to the facts (its letter, or
    the template's with the reasons). Needs no session: this is the slow part."""
    if model is None:
        return model_drafting.Written(*rewrite.template, model_drafting.TEMPLATE)
    kind = rewrite.message.kind
    return model_drafting.write(
        model, kind, rewrite.facts, rewrite.template, rewrite.examples, rewrite.vet
    )


def apply_rewrite(ctx: Context, rewrite: Rewrite, written: model_drafting.Written) -> Message:
    """Keep the letter written, in place of the draft read by ``prepare_rewrite``;
    ``Conflict`` (and the user's letter kept) when it was edited, sent or scheduled since."""
    now = ctx.store.get_message(rewrite.message.id)
    before = rewrite.message
    if now.status not in EDITABLE or (now.subject, now.body) != (before.subject, before.body):
        raise Conflict(
            "the letter changed while it was being written again (edited, sent or "
            "scheduled); it is kept as it is"
        )
    facts: dict[str, object] = dict(rewrite.facts)
    if written.writer != model_drafting.TEMPLATE or written.tries:
        facts.update(written.facts())
    done = dataclasses.replace(
        now, subject=written.subject, body=written.body, facts=tuple(sorted(facts.items()))
    )
    with ctx.store.transaction():
        ctx.store.update_message(done)
    return done


def rewrite(
    ctx: Context,
    message_id: int,
    templates: Templates,
    model: LetterModel | None,
    reviewers: Sequence[Reviewer] = (),
) -> Message:
    """A saved draft written again, by the template or a model, in one go (what a script
    that can wait does)."""
    prepared = prepare_rewrite(ctx, message_id, templates, reviewers)
    return apply_rewrite(ctx, prepared, rewritten(prepared, model))
