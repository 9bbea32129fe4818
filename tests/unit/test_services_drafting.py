"""The drafting use case over the fake store: who gets a letter, what is kept, what is refused."""

from __future__ import annotations

import dataclasses

import pytest

from followup.domain.drafting import MissingFacts, greeting
from followup.domain.errors import BadInput, NotFound
from followup.domain.messages import Decision, MessageKind, MessageStatus
from followup.domain.model import ActionKind, Contact, Debrief, Event
from followup.services import drafting
from followup.services.context import Context
from followup.services.planning import ensure_fresh
from tests.unit import drafting_data as d
from tests.unit.fakes import FakeStore, context


def setup(*events: Event, debrief: Debrief | None = d.DEBRIEF) -> tuple[Context, FakeStore]:
    """The drafting data in a fake store: ids as assigned by the store, debrief attached."""
    store = FakeStore()
    with store.transaction():
        store.save_profile(d.PROFILE)
        app = store.add_application(dataclasses.replace(d.APP, id=0))
        ids = {}
        for person in d.PANEL:
            ids[person.id] = store.add_contact(
                dataclasses.replace(person, id=0, application_id=app.id)
            ).id
        topics = tuple((ids[cid], t) for cid, t in d.DEBRIEF.topics)
        reflection = (
            None if debrief is None else dataclasses.replace(d.DEBRIEF, topics=topics, rapport=())
        )
        store.add_interview(
            dataclasses.replace(
                d.ROUND,
                id=0,
                application_id=app.id,
                interviewer_ids=tuple(ids[p.id] for p in d.PANEL),
                debrief=reflection,
            )
        )
        for event in events:
            store.add_event(
                dataclasses.replace(
                    event,
                    id=0,
                    application_id=app.id,
                    contact_id=ids[d.PRIYA.id],
                )
            )
    return context(store, now=d.NOW), store


def app_id(store: FakeStore) -> int:
    return store.application_ids()[0]


def contacts(store: FakeStore) -> list[Contact]:
    return store.list_contacts(app_id(store))


def test_a_thank_you_without_contact_drafts_one_per_interviewer() -> None:
    ctx, store = setup()
    drafts = drafting.compose(
        ctx, d.TEMPLATES, drafting.Request(app_id(store), ActionKind.THANK_YOU)
    )
    assert [m.to for m in drafts] == [c.email for c in contacts(store)]
    assert all(m.id == 0 for m in drafts)
    assert store.list_messages() == []  # composing writes nothing
    saved = drafting.save(ctx, drafts)
    assert [m.id for m in saved] == [m.id for m in drafting.list_drafts(ctx, app_id(store))]
    first = drafting.get_draft(ctx, saved[0].id)
    assert first.status is MessageStatus.DRAFT
    assert first.kind is MessageKind.THANK_YOU
    assert first.facts_dict()["topic"] == "moving the nightly batch jobs to streaming"
    assert len({m.body for m in saved}) == 3


def test_missing_facts_stop_the_draft_and_name_the_options() -> None:
    ctx, store = setup(debrief=None)
    with pytest.raises(MissingFacts) as caught:
        drafting.compose(ctx, d.TEMPLATES, drafting.Request(app_id(store), ActionKind.THANK_YOU))
    assert caught.value.missing == ("topic", "strength")
    assert caught.value.exit_code == 2
    assert "--topic TEXT" in caught.value.message
    assert "--strength TEXT" in caught.value.message


def test_supplied_facts_fill_the_gap() -> None:
    ctx, store = setup(debrief=None)
    tom = contacts(store)[1]
    request = drafting.Request(
        app_id(store),
        ActionKind.THANK_YOU,
        contact_id=tom.id,
        supplied={"topic": "data contracts", "strength": "my dbt work"},
    )
    (draft,) = drafting.compose(ctx, d.TEMPLATES, request)
    assert "data contracts" in draft.body
    assert draft.to == tom.email


def test_an_answer_goes_to_whoever_wrote_last() -> None:
    ctx, store = setup(d.rejection())
    (draft,) = drafting.compose(
        ctx, d.TEMPLATES, drafting.Request(app_id(store), ActionKind.REPLY_TO_REJECTION)
    )
    assert draft.kind is MessageKind.REPLY_TO_REJECTION
    assert draft.to == d.PRIYA.email


def test_decide_offer_needs_a_decision_and_negotiation_an_ask() -> None:
    ctx, store = setup(d.offer())
    request = drafting.Request(app_id(store), ActionKind.DECIDE_OFFER)
    with pytest.raises(BadInput, match="--accept"):
        drafting.compose(ctx, d.TEMPLATES, request)
    negotiate = dataclasses.replace(request, decision=Decision.NEGOTIATE)
    with pytest.raises(MissingFacts, match="--ask"):
        drafting.compose(ctx, d.TEMPLATES, negotiate)
    accept = dataclasses.replace(request, decision=Decision.ACCEPT)
    with pytest.raises(MissingFacts, match="--terms"):  # the offer's note is private
        drafting.compose(ctx, d.TEMPLATES, accept)
    accept = dataclasses.replace(accept, supplied={"terms": "£78k base, start in January"})
    (draft,) = drafting.compose(ctx, d.TEMPLATES, accept)
    assert draft.kind is MessageKind.ACCEPTANCE
    assert "£78k base, start in January" in draft.body
    assert "10% bonus" not in draft.body  # the note as logged never reaches a letter


def test_an_option_a_kind_does_not_use_is_refused_not_ignored() -> None:
    ctx, store = setup(d.offer())
    request = drafting.Request(
        app_id(store),
        ActionKind.DECIDE_OFFER,
        decision=Decision.DECLINE,
        supplied={"detail": "I have accepted a role closer to home"},
    )
    with pytest.raises(BadInput, match=r"does not use --detail.*--reason"):
        drafting.compose(ctx, d.TEMPLATES, request)
    why = {"reason": "I have accepted a role closer to home"}
    reason = dataclasses.replace(request, supplied=why)
    (draft,) = drafting.compose(ctx, d.TEMPLATES, reason)
    assert "I have accepted a role closer to home." in draft.body


def test_a_decision_on_another_kind_is_refused() -> None:
    ctx, store = setup()
    request = drafting.Request(app_id(store), ActionKind.THANK_YOU, decision=Decision.ACCEPT)
    with pytest.raises(BadInput, match="--accept is for decide-offer"):
        drafting.compose(ctx, d.TEMPLATES, request)


def test_a_contact_of_another_application_is_refused() -> None:
    ctx, store = setup()
    with store.transaction():
        other = store.add_application(dataclasses.replace(d.APP, id=0, company="Other"))
        stranger = store.add_contact(Contact(id=0, application_id=other.id, name="Sam Lee"))
    request = drafting.Request(app_id(store), ActionKind.FOLLOW_UP, contact_id=stranger.id)
    with pytest.raises(BadInput, match="not on application"):
        drafting.compose(ctx, d.TEMPLATES, request)


def test_not_a_message() -> None:
    ctx, store = setup()
    with pytest.raises(BadInput, match="not a message"):
        drafting.compose(ctx, d.TEMPLATES, drafting.Request(app_id(store), ActionKind.DEBRIEF))


def test_a_long_linkedin_note_is_refused_not_cut() -> None:
    ctx, store = setup()
    request = drafting.Request(
        app_id(store),
        ActionKind.LINKEDIN_CONNECT,
        contact_id=contacts(store)[0].id,
        supplied={"topic": "the extraordinarily interdisciplinary " * 6 + "platform"},
    )
    with pytest.raises(BadInput, match="300"):
        drafting.compose(ctx, d.TEMPLATES, request)
    short = dataclasses.replace(request, supplied=None)
    (note,) = drafting.compose(ctx, d.TEMPLATES, short)
    assert len(note.body.strip()) <= 200
    assert note.to == d.PRIYA.linkedin


def test_a_planned_action_is_drafted_for_its_contact() -> None:
    ctx, store = setup()
    ensure_fresh(ctx)
    thanks = [a for a in store.cached_plan(app_id(store)) if a.kind is ActionKind.THANK_YOU]
    assert thanks
    request = drafting.request_for_action(ctx, thanks[1].id)
    (draft,) = drafting.compose(ctx, d.TEMPLATES, request)
    assert draft.contact_id == thanks[1].contact_id
    assert draft.action_id == thanks[1].id
    with pytest.raises(NotFound):
        drafting.request_for_action(ctx, "1.nope")


def test_greetings_informal_formal_with_and_without_title() -> None:
    priya = dataclasses.replace(d.PRIYA, title="Ms.")
    formal = dataclasses.replace(d.PROFILE, formal=True)
    assert greeting(d.PROFILE, priya) == "Dear Priya,"
    assert greeting(formal, priya) == "Dear Ms. Shah,"
    assert greeting(formal, d.TOM) == "Dear Tom Okafor,"
    assert greeting(formal, None) == "Hello,"
    _, body = d.render(MessageKind.THANK_YOU, priya, profile=formal)
    assert body.startswith("Dear Ms. Shah,")


def test_the_voicemail_is_short_and_the_script_has_its_points() -> None:
    _, body = d.render(MessageKind.PHONE_SCRIPT, d.PRIYA)
    for heading in ("Opening:", "Reason for calling:", "Interest:", "The question about timing:"):
        assert heading in body
    voicemail = body.split("Voicemail:", 1)[1]
    assert len(voicemail.split()) <= 75
    assert d.PROFILE.phone is not None
    assert d.PROFILE.phone in voicemail


def test_a_call_script_without_a_phone_number_asks_for_one() -> None:
    from followup.domain import drafting as facts

    no_phone = dataclasses.replace(d.PROFILE, phone=None)
    found = facts.gather(d.history(), no_phone, MessageKind.PHONE_SCRIPT, d.PRIYA, d.NOW)
    assert found.missing == ("phone",)
    given = facts.gather(
        d.history(), no_phone, MessageKind.PHONE_SCRIPT, d.PRIYA, d.NOW, {"phone": "0207"}
    )
    assert given.missing == ()


# --- time words for the day the letter goes out ------------------------------------------------
def test_a_draft_is_written_for_its_planned_send_day() -> None:
    ctx, store = setup()
    ensure_fresh(ctx)  # the plan: thank-yous due the morning after the panel
    early = context(store, now=d.ROUND.start.replace(hour=11))  # drafted on the day, 11:00
    request = drafting.Request(
        app_id(store), ActionKind.THANK_YOU, contact_id=contacts(store)[0].id
    )
    (letter,) = drafting.compose(early, d.TEMPLATES, request)
    assert "yesterday" in letter.body  # planned for Tuesday 09:00, about Monday's interview
    assert letter.facts_dict()["send_day"] == "2026-11-24"


def test_a_saved_draft_whose_send_day_moved_is_re_dated_before_it_is_shown() -> None:
    ctx, store = setup()
    ensure_fresh(ctx)
    request = drafting.Request(
        app_id(store), ActionKind.THANK_YOU, contact_id=contacts(store)[0].id
    )
    (saved,) = drafting.save(ctx, drafting.compose(ctx, d.TEMPLATES, request))
    assert "yesterday" in saved.body
    later = context(store, now=d.NOW.replace(day=26))  # Thursday: the letter goes today
    shown = drafting.get_draft(later, saved.id, d.TEMPLATES)
    assert "on Monday" in shown.body
    assert "yesterday" not in shown.body
    assert shown.facts_dict()["send_day"] == "2026-11-26"
    assert store.get_message(saved.id).body == shown.body  # what is shown is what is sent
    assert drafting.get_draft(later, saved.id, d.TEMPLATES) == shown  # once only


def test_an_edited_draft_keeps_its_words_when_re_dated() -> None:
    ctx, store = setup()
    ensure_fresh(ctx)
    request = drafting.Request(
        app_id(store), ActionKind.THANK_YOU, contact_id=contacts(store)[0].id
    )
    (saved,) = drafting.save(ctx, drafting.compose(ctx, d.TEMPLATES, request))
    edited = drafting.save_edit(ctx, saved.id, saved.subject, saved.body + "\nP.S. Mine.\n")
    later = context(store, now=d.NOW.replace(day=26))
    shown = drafting.get_draft(later, edited.id, d.TEMPLATES)
    assert shown.body == edited.body  # the user's words are theirs ...
    assert shown.facts_dict()["send_day"] == "2026-11-26"  # ... and the review knows the day


def test_a_topic_typed_for_a_panel_fills_in_only_for_who_has_none() -> None:
    ctx, store = setup()
    people = contacts(store)
    interview = store.list_interviews(app_id(store))[0]
    assert interview.debrief is not None
    topics = tuple((cid, t) for cid, t in interview.debrief.topics if cid != people[1].id)
    with store.transaction():
        store.update_interview(
            dataclasses.replace(
                interview, debrief=dataclasses.replace(interview.debrief, topics=topics)
            )
        )
    request = drafting.Request(app_id(store), ActionKind.THANK_YOU)
    with pytest.raises(MissingFacts, match=r"for Tom Okafor \(topic\)") as missing:
        drafting.compose(ctx, d.TEMPLATES, request)
    assert missing.value.who == ("Tom Okafor",)
    filled = dataclasses.replace(request, supplied={"topic": "the on-call rota"})
    priya, tom, lena = drafting.compose(ctx, d.TEMPLATES, filled)
    assert "the on-call rota" in tom.body
    assert "moving the nightly batch jobs to streaming" in priya.body
    assert "the on-call rota" not in priya.body + lena.body
