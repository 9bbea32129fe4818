"""``followup draft`` and ``followup drafts``: personal letters, written from the record.

The command only gathers what was typed; ``services.drafting`` decides who is written to and
what the letter says. When the record lacks a fact, a person at a terminal is asked for it;
a script gets exit status 2 and one line naming the options that supply it.
"""

from __future__ import annotations

import dataclasses
import sys

import click

from followup.cli.output import review as review_view
from followup.cli.output.emit import emit
from followup.cli.params import ID
from followup.cli.session import json_option, session
from followup.domain.documents import Attachment, size_text
from followup.domain.drafting import SUPPLIABLE, MissingFacts
from followup.domain.errors import BadInput
from followup.domain.messages import DRAFTABLE, Decision, Message
from followup.domain.model import ActionKind
from followup.domain.review import Finding
from followup.services import documents, drafting, inputs
from followup.services.context import Context

_KINDS = ", ".join(k.label for k in DRAFTABLE)

_PROMPTS = drafting.FACT_PROMPTS


@click.command(
    help="Draft a message. TARGET is an application id with KIND, or an action id from "
    f"`followup today` (e.g. 7.thanks.i3.c5) alone. KIND is one of: {_KINDS}."
)
@click.argument("target", metavar="TARGET")
@click.argument("kind_text", metavar="[KIND]", required=False)
@click.option("--contact", "contact_id", type=ID, metavar="CONTACT_ID", help="Write to them.")
@click.option("--accept", is_flag=True, help="decide-offer: accept it.")
@click.option("--negotiate", is_flag=True, help="decide-offer: negotiate.")
@click.option("--decline", is_flag=True, help="decide-offer: decline it.")
@click.option("--topic", metavar="TEXT", help="A topic you discussed with the recipient.")
@click.option("--strength", metavar="TEXT", help="Your strength that fits the role best.")
@click.option("--phone", metavar="TEXT", help="Your phone number, for a call script.")
@click.option("--detail", metavar="TEXT", help="send-additional-info: what to send.")
@click.option("--terms", metavar="TEXT", help="Offer terms, if not in the offer's note.")
@click.option("--ask", metavar="TEXT", help="decide-offer --negotiate: what you ask for.")
@click.option("--reason", metavar="TEXT", help="decide-offer --decline: why, to be quoted.")
@click.option("--edit", is_flag=True, help="Open each draft in $EDITOR before saving it.")
@click.option(
    "--attach",
    "attach_ids",
    type=ID,
    multiple=True,
    metavar="DOC_ID",
    help="Attach a document of the application (`followup doc list`); repeatable.",
)
@click.option(
    "--model",
    "model_name",
    metavar="NAME",
    help="Word the letter with this llm model (as `llm models` lists it); the guard keeps "
    "it to your facts, else the template writes. Default: the config's [drafting] model.",
)
@click.option("--no-model", is_flag=True, help="Use the templates even if a model is set.")
@json_option
def draft(
    target: str,
    kind_text: str | None,
    contact_id: int | None,
    accept: bool,
    negotiate: bool,
    decline: bool,
    topic: str | None,
    strength: str | None,
    phone: str | None,
    detail: str | None,
    terms: str | None,
    ask: str | None,
    reason: str | None,
    edit: bool,
    attach_ids: tuple[int, ...],
    model_name: str | None,
    no_model: bool,
    as_json: bool,
) -> None:
    supplied = {
        k: v
        for k, v in {
            "topic": topic,
            "strength": strength,
            "phone": phone,
            "detail": detail,
            "terms": terms,
            "ask": ask,
            "reason": reason,
        }.items()
        if v is not None
    }
    chosen = _decision(accept=accept, negotiate=negotiate, decline=decline)
    if no_model and model_name:
        raise BadInput("--model and --no-model contradict each other; give one")
    with session() as ctx:
        templates = ctx.ports.templates()
        request = _request(ctx, target, kind_text, contact_id, chosen, supplied)
        model = None if no_model else ctx.ports.letter_model(model_name)
        engines = ctx.ports.reviewers() if model is not None else []
        try:
            while True:
                try:
                    drafts = drafting.compose(ctx, templates, request, model, engines)
                    break
                except MissingFacts as missing:
                    if not interactive():
                        raise
                    request = dataclasses.replace(request, supplied=_ask(missing, request))
        finally:
            if model is not None:
                model.close()  # a local model's process and memory, not kept for the review
        carried = _attachable(ctx, drafts, attach_ids)  # refused before anything is saved
        if edit:
            drafts = [_edited(m) for m in drafts]
        saved = drafting.save(ctx, drafts, carried)
        findings = drafting.review(ctx, saved, ctx.ports.reviewers())
        hint = None if carried or as_json else _proposal(ctx, saved)
    show_messages(saved, as_json, findings, [carried] * len(saved))
    if hint:
        click.echo(hint)


@click.command()
@click.argument("words", nargs=-1, metavar="[APP_ID | show ID]")
@json_option
def drafts(words: tuple[str, ...], as_json: bool) -> None:
    """List your drafts (all, or one application's); `drafts show ID` prints one in full."""
    with session() as ctx:
        if words and words[0] == "show":
            if len(words) != 2:
                raise BadInput("usage: followup drafts show ID")
            found = [drafting.get_draft(ctx, _id(words[1], "message id"), ctx.ports.templates())]
            carried = [documents.attachments(ctx, found[0].id)]
            findings = drafting.review(ctx, found, ctx.ports.reviewers())
            show_messages(found, as_json, findings, carried)
            return
        if len(words) > 1:
            raise BadInput("usage: followup drafts [APP_ID] or followup drafts show ID")
        app_id = _id(words[0], "APP_ID") if words else None
        found = drafting.list_drafts(ctx, app_id)
        # The list's JSON carries each draft's review, as ``drafts show`` does; a person
        # reads one line per draft, and no review is run for them.
        reviewed = drafting.review(ctx, found, ctx.ports.reviewers()) if as_json else None
        listed = [documents.attachments(ctx, m.id) for m in found] if as_json else None

    def human() -> None:
        if not found:
            click.echo("No drafts yet. Write one: `followup draft APP_ID KIND`.")
        for m in found:
            who = _recipient(m)
            click.echo(f"#{m.id}  app {m.application_id}  {m.kind.value} → {who}  {m.status.value}")
            click.echo(f"      {m.subject}")

    emit(as_json, lambda: _drafts_record(found, reviewed, listed), human)


def _proposal(ctx: Context, saved: list[Message]) -> str | None:
    """For a letter that sends more information, the documents of its application that fit
    the open point, as a line saying how to attach them (issue 18)."""
    from followup.domain.documents import fitting

    if not saved:
        return None
    offered = documents.list_documents(ctx, saved[0].application_id)  # one application's
    fit = next((found for m in saved if (found := fitting(m, offered))), [])
    if not fit:
        return None
    named = ", ".join(f"#{d.id} {d.name} ({d.kind.label})" for d in fit)
    flags = " ".join(f"--attach {d.id}" for d in fit)
    return (
        f"Documents that fit: {named}. Attach them on the Draft page "
        f"(`followup serve`), or draft again with {flags}."
    )


def _attachable(
    ctx: Context, drafts: list[Message], attach_ids: tuple[int, ...]
) -> list[Attachment]:
    if not attach_ids or not drafts:
        return []
    return documents.attachable(ctx, drafts[0].application_id, attach_ids)


def _decision(*, accept: bool, negotiate: bool, decline: bool) -> Decision | None:
    """One of --accept, --negotiate, --decline, or none; two at once contradict each other."""
    chosen = [d for d, on in ((Decision.ACCEPT, accept), (Decision.NEGOTIATE, negotiate),
                              (Decision.DECLINE, decline)) if on]  # fmt: skip
    if len(chosen) > 1:
        given = " and ".join(f"--{d.value}" for d in chosen)
        raise BadInput(f"{given} contradict each other; give one decision")
    return chosen[0] if chosen else None


def interactive() -> bool:
    """Someone at a terminal can be asked for a missing fact; a script cannot."""
    return sys.stdin.isatty()


def _request(
    ctx: Context,
    target: str,
    kind_text: str | None,
    contact_id: int | None,
    decision: Decision | None,
    supplied: dict[str, str],
) -> drafting.Request:
    if "." in target:  # an action id: 7.thanks.i3.c5
        if kind_text is not None:
            raise BadInput("give an action id alone, or an application id with a KIND")
        request = drafting.request_for_action(ctx, target, decision, supplied)
        if contact_id is not None:
            request = dataclasses.replace(request, contact_id=contact_id)
        return request
    if kind_text is None:
        raise BadInput(f"which message? give a KIND after the application id: {_KINDS}")
    kind = inputs.choice(ActionKind, kind_text, "message kind", DRAFTABLE)
    return drafting.Request(
        app_id=_id(target, "APP_ID"),
        action=kind,
        contact_id=contact_id,
        decision=decision,
        supplied=supplied,
    )


def _id(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"{what} must be a number, not {text!r}") from None
    if not 1 <= value < 2**63:
        raise BadInput(f"{what} must be a positive number, not {text!r}")
    return value


def _ask(missing: MissingFacts, request: drafting.Request) -> dict[str, str]:
    supplied = dict(request.supplied or {})
    for fact in missing.missing:
        whom = " and ".join(missing.who) if missing.who else "them"
        prompt = _PROMPTS.get(fact, SUPPLIABLE.get(fact, fact)).format(name=whom)
        supplied[fact] = click.prompt(prompt).strip()
    return supplied


def _edited(message: Message) -> Message:
    text = click.edit(f"Subject: {message.subject}\n\n{message.body}")
    if text is None:  # closed without saving: keep the draft as written
        return message
    first, _, rest = text.strip().partition("\n")
    if not first.startswith("Subject:") or not rest.strip():
        raise BadInput("an edited draft must keep its 'Subject: ...' line and a body")
    return dataclasses.replace(
        message, subject=first.removeprefix("Subject:").strip(), body=rest.strip() + "\n"
    )


def _recipient(m: Message) -> str:
    name = m.facts_dict().get("recipient_name")
    who = str(name) if name else "(nobody named)"
    return f"{who} <{m.to}>" if m.to else who


def show_messages(
    found: list[Message],
    as_json: bool,
    findings: list[list[Finding]] | None = None,
    attached: list[list[Attachment]] | None = None,
) -> None:
    """Drafts as a person reads them, or as the agreed JSON (``{"messages": [...]}``).

    With ``findings`` (one list per draft, offsets into ``drafting.letter_text``), each
    draft is followed by its review, and the JSON carries it as ``"findings"``.
    """

    def human() -> None:
        for i, m in enumerate(found):
            if i:
                click.echo("")
            click.echo(click.style(f"Draft #{m.id}: {m.kind.value} → {_recipient(m)}", bold=True))
            click.echo(f"Subject: {m.subject}\n")
            click.echo(m.body, nl=False)
            for a in attached[i] if attached is not None else ():
                click.echo(f"Attached: {a.name} ({a.media_type}, {size_text(a.size)})")
            written = _written_by(m)
            if written:
                click.echo("")
                click.echo(written)
            if findings is not None:
                click.echo("")
                text = drafting.letter_text(m)
                report = review_view.render(text, findings[i], f"draft #{m.id}")
                if report:
                    click.echo(report)
                click.echo(f"Review: {review_view.summary(findings[i])}")

    emit(as_json, lambda: _drafts_record(found, findings, attached), human)


def _written_by(m: Message) -> str | None:
    from followup.services import records

    return records.written_by(m)


def _drafts_record(
    found: list[Message],
    findings: list[list[Finding]] | None,
    attached: list[list[Attachment]] | None = None,
) -> object:
    from followup.services import records

    reviewed = None if findings is None else [
        (drafting.letter_text(m), findings[i]) for i, m in enumerate(found)
    ]  # fmt: skip
    return records.drafts(found, reviewed, attached)
