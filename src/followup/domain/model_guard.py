"""The guard over a language model's letter: a model chooses the words, never the facts.

A model writes fluently and invents freely: an employer the candidate never had, a number
they never reached, a misspelt name. So its letter is read against the facts it was given
(the same ``drafting.gather`` values a template renders) before anyone sees it, and every
objection is a sentence the user reads ("the model added 'Google', which is not in your
record"): the service shows the letter only when there is none, and otherwise asks once
more with the objections as feedback, then falls back to the template's letter.

What is checked, without a named-entity model (nothing light and offline reads letters this
short better than their capitals do):

- every capitalised word that is not merely starting a sentence or a title (a name, an
  organisation, a place, a product, a month or weekday), every number (digits, number
  words, ordinals), every time word ("yesterday", "next week") and every product named in
  lower case (``vocabulary.NAMES``) must be in the facts, tolerant of case, plural and
  verb endings and possessives ("Acme's");
- what the kind must have: a greeting naming the recipient as the facts address them,
  thanks where the kind thanks, the company and the role, the topic discussed, a sign-off
  with the sender's name and email or phone;
- the channel's limits (LinkedIn's 300 characters; an email's words, the review's limits);
- no blank left in (``[Name]``, ``{company}``, ``<your name>``, ``XX``);
- English (the letters' language): a letter with few English function words is not.

Pure: no I/O, no clock. The dictionary (lemminflect, through ``lexicon``) is asked only
about capitalised words that start a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from followup.domain import lexicon, review_rules, vocabulary

# The objections' kinds, for a script (``--json``) and for the tests' table.
INVENTED = "invented"
MISSING = "missing"
LENGTH = "length"
PLACEHOLDER = "placeholder"
LANGUAGE = "language"
REVIEW = "review"


@dataclass(frozen=True)
class Objection:
    """Why a model's letter is not shown: ``what`` is one of the kinds above; ``message``
    is for the user (and, rephrased as an instruction, for the model's second try)."""

    what: str
    message: str


# The facts a letter may draw on (``drafting.gather``'s names): what is written from these
# is true by construction, whatever words carry it.
FACT_KEYS = (
    "recipient_name", "first_name", "greeting", "company", "role", "role_phrase", "agency",
    "topic", "strength", "strength_clause", "point", "detail", "terms", "ask", "ask_verb",
    "reason", "interview_day", "timeline", "deadline", "update_day", "when_met", "since",
    "round_word", "sender_name", "sender_email", "sender_phone", "phone", "callee_phone",
    "signature", "cited", "interview_format",
)  # fmt: skip

# Capitalised words every letter may use: the sender's "I", a greeting or a closing, the
# channel, and the few abbreviations a letter about a job takes for granted.
_ALWAYS_TEXT = """
    i i'm i've i'd i'll dear hi hello subject re linkedin mr mrs ms dr cv resume ok ps p.s hr
"""
_ALWAYS = frozenset(_ALWAYS_TEXT.split())
_DAYS_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
"""
_WEEKDAYS = frozenset(_DAYS_TEXT.split()[:7])
_MONTHS = frozenset(_DAYS_TEXT.split()[7:])
# Time words that say when something happened or will: each must be the facts' own.
_TIME_WORDS = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|this (?:morning|afternoon|evening|week)"
    r"|last (?:week|month)|next (?:week|month)|earlier this week)\b",
    re.IGNORECASE,
)
# Time words that may be the letter's own moment, unless the sentence is about a meeting.
_NOW_WORDS = frozenset({"today", "this morning", "this afternoon", "this evening", "this week"})
_MEETING = re.compile(
    r"\b(?:met|meet|meeting|spoke|speak|speaking|talk|talked|talking|interview\w*|"
    r"conversation|chat|call|discuss\w*)\b",
    re.IGNORECASE,
)
_ORDINAL_TEXT = "second third fourth fifth sixth seventh eighth ninth tenth"
_ORDINALS = frozenset(_ORDINAL_TEXT.split())
# Number words common enough to carry no fact ("one of the", "half an hour"), and phrases
# whose number says only "a little" ("a line or two", "two minutes of your time").
_HARMLESS_NUMBERS = frozenset({"one", "half"})
_IDIOMS = re.compile(
    r"\b(?:(?:a|one) (?:line|word|sentence|minute|question|point|thing)s? or two|one or two"
    r"|(?:for |take |spare )?two minutes)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_](?:[\w&]|['\u2019.\-](?=\w))*[+#]*")
_NUMBER = re.compile(r"[$£€¥]?\d(?:[\d,.]*\d)?(?:%|k\b|m\b|bn\b|st\b|nd\b|rd\b|th\b)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")
_GREETING = re.compile(
    r"^\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[ \t]*([^\n,:!]*)",
    re.IGNORECASE,
)
# English's commonest words: a letter in English is about two fifths these.
_ENGLISH_TEXT = """
    is are am was were be been being to of and the for with that this not very have has had
    i me my so as at on in it about from would will
"""
_ENGLISH = lexicon.CLOSED | frozenset(_ENGLISH_TEXT.split())
_ENGLISH_SHARE = 0.2
_LANGUAGE_MIN_WORDS = 12
# Words of a company's name that do not name it ("Northwind Labs": "Northwind" does).
_GENERIC_ORG_TEXT = "labs lab inc ltd llc plc gmbh group co company corp corporation limited the"
_GENERIC_ORG = frozenset(_GENERIC_ORG_TEXT.split())

# Kinds by what they must carry (``MessageKind`` values).
_NOT_EMAIL = frozenset({"linkedin-note", "phone-script"})
_THANKING = frozenset({"thank-you", "reply-to-rejection", "offer-acknowledgement", "acceptance"})
# A thank-you names both; the templates' later follow-ups name the role alone ("I wanted to
# follow up on the Aa role"), so other letters need one of the two.
_COMPANY_AND_ROLE = frozenset({"thank-you"})
# Letters that need not name the job: a note, and the information sent after a talk ("We only
# touched on ... in the interview").
_JOB_UNNAMED = frozenset({"linkedin-note", "additional-info"})


def check(letter: str, facts: Mapping[str, object], kind: str) -> tuple[Objection, ...]:
    """Every objection to ``letter`` (``Subject: ...``, a blank line, then the body; or a
    body alone) written as a ``kind`` letter from ``facts``; empty when it may be shown."""
    known = _Known.of(facts)
    subject, body = _split(letter)
    found: list[Objection] = []
    found += _placeholders(letter)
    found += _invented(subject, body, known, facts)
    found += _musts(body, facts, kind, known)
    found += _limits(body, kind)
    foreign = list(_language(body))
    if foreign:  # every word of it would be "added": say the one thing that matters
        return tuple(o for o in found if o.what == PLACEHOLDER) + tuple(foreign)
    return _without_echoes(tuple(dict.fromkeys(found)))


def _without_echoes(found: tuple[Objection, ...]) -> tuple[Objection, ...]:
    """One word, one objection: a blank ('XX') or a wrong greeting ('Dear Pria,') is not
    also reported as an added name."""
    said = {q for o in found if not o.message.startswith("the model added") for q in _quoted(o)}
    return tuple(
        o for o in found if not (o.message.startswith("the model added") and _quoted(o) & said)
    )


def _quoted(o: Objection) -> set[str]:
    return set(re.findall(r"'([^']+)'", o.message))


def feedback(reasons: Iterable[Objection | str]) -> str:
    """The objections (and the review's errors) as instructions for a model's second try."""
    lines = [f"- {r.message if isinstance(r, Objection) else r}" for r in reasons]
    return (
        "Your letter was refused for these reasons:\n"
        + "\n".join(lines)
        + "\nWrite it again. Use only the facts given; add no name, number, date or place."
    )


# --- the facts, as words ----------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    words: frozenset[str]  # stems of every word of the facts
    numbers: frozenset[str]  # every number in the facts, digits only
    text: str  # all facts, folded, for phrases ("last week")

    @classmethod
    def of(cls, facts: Mapping[str, object]) -> _Known:
        texts = list(_fact_texts(facts))
        folded = " \n ".join(t.casefold() for t in texts)
        words = {_stem(w) for t in texts for w in _words(t)}
        words |= {_stem(w) for t in texts for part in _words(t) for w in part.split("-")}
        numbers = {_digits(n) for t in texts for n in _NUMBER.findall(t)}
        numbers |= {w.casefold() for t in texts for w in _words(t) if _number_word(w)}
        return cls(frozenset(words), frozenset(numbers), folded)

    def has_word(self, word: str) -> bool:
        if _stem(word) in self.words:
            return True
        parts = [p for p in re.split(r"[-.]", word) if p]
        return len(parts) > 1 and all(_stem(p) in self.words for p in parts)


def _fact_texts(facts: Mapping[str, object]) -> Iterator[str]:
    for key in FACT_KEYS:
        value = facts.get(key)
        if isinstance(value, str) and value:
            yield value
        elif isinstance(value, list | tuple):
            yield from (str(v) for v in value if v)
    for key in ("met_day", "send_day", "timeline_on"):  # the years of the dates given
        value = facts.get(key)
        if isinstance(value, str) and value[:4].isdigit():
            yield value[:4]


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _stem(word: str) -> str:
    """``Acme's`` -> ``acme``, ``pipelines`` -> ``pipeline``, ``streaming`` -> ``stream``:
    close enough to match a fact however the sentence inflects it."""
    w = word.casefold().replace("\u2019", "'")
    w = re.sub(r"'s?$", "", w)
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + keep
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number.split(".", maxsplit=1)[0]) or number


def _number_word(word: str) -> bool:
    folded = word.casefold()
    return (folded in lexicon.NUMBER_WORDS and folded not in _HARMLESS_NUMBERS) or (
        folded in _ORDINALS
    )


# --- the letter --------------------------------------------------------------------------


def _split(letter: str) -> tuple[str, str]:
    first, _, rest = letter.lstrip().partition("\n")
    if first.casefold().startswith("subject:"):
        return first[len("subject:") :].strip(), rest
    return "", letter


def _placeholders(letter: str) -> Iterator[Objection]:
    for f in review_rules.placeholders(letter):
        blank = f.message.partition(": ")[2].partition(" must")[0] or "a blank"
        yield Objection(PLACEHOLDER, f"the model left a blank in the letter: {blank}")


def _invented(
    subject: str, body: str, known: _Known, facts: Mapping[str, object]
) -> Iterator[Objection]:
    # The sender's and recipient's addresses are facts; any other address or phone is not.
    for text in (subject, body):
        for m in _EMAIL.finditer(text):
            if m.group(0).casefold() not in known.text:
                yield _added(m.group(0), "address")
        for m in _PHONE.finditer(_EMAIL.sub(" ", text)):
            if _digits(m.group(0)) not in {_digits(p) for p in _phones(facts)} and (
                len(re.sub(r"\D", "", m.group(0))) >= 7
            ):
                yield _added(m.group(0).strip(), "phone number")
    for text, titled in ((subject, True), (body, False)):
        plain = _PHONE.sub(" ", _EMAIL.sub(" ", text))
        yield from _capitals(plain, known, titled=titled)
        yield from _numbers(plain, known)
        yield from _time_words(plain, known, facts)
        yield from _products(plain, known)


def _phones(facts: Mapping[str, object]) -> list[str]:
    keys = ("sender_phone", "phone", "callee_phone")
    return [str(facts[k]) for k in keys if facts.get(k)]


def _added(what: str, sort: str = "") -> Objection:
    sort = f"the {sort} " if sort else ""
    return Objection(INVENTED, f"the model added {sort}'{what}', which is not in your record")


def _capitals(text: str, known: _Known, *, titled: bool) -> Iterator[Objection]:
    """Runs of capitalised words that are not the facts': "Google Cloud", "Friday"."""
    run: list[str] = []
    end = -1
    for m in _WORD.finditer(text):
        word = m.group(0)
        if _suspect(text, m, word, known, titled=titled):
            if run and text[end : m.start()] != " ":
                yield _named(run)
                run = []
            run.append(word)
            end = m.end()
        elif run:
            yield _named(run)
            run = []
    if run:
        yield _named(run)


def _named(run: list[str]) -> Objection:
    phrase = " ".join(run)
    if len(run) == 1 and (run[0].casefold() in _WEEKDAYS or run[0].casefold() in _MONTHS):
        return _added(phrase, "date")
    return _added(phrase)


def _suspect(text: str, m: re.Match[str], word: str, known: _Known, *, titled: bool) -> bool:
    """A capitalised word the facts do not hold, and that is not merely a sentence's (or a
    title's) first word."""
    if not any(c.isupper() for c in word):
        return False
    folded = word.casefold().replace("\u2019", "'")
    if folded in _ALWAYS or known.has_word(word):
        return False
    if folded in _WEEKDAYS or (folded in _MONTHS and not _modal_may(text, m)):
        return True  # a date the facts do not give
    if vocabulary.spelt(word) or (word.isupper() and len(word) > 1):
        return True  # a product, or an acronym (AWS, NASA): a name either way
    starts = titled or _starts_sentence(text, m.start())
    return not (_common(word) and (starts or _beside_a_fact(text, m, known)))


def _beside_a_fact(text: str, m: re.Match[str], known: _Known) -> bool:
    """A common word capitalised as part of a name the facts give: "the Northwind Labs Data
    Team", "your Streaming Platform work" (with "streaming platform" in the record)."""
    before = re.search(r"([^\W\d_][\w'\u2019.&-]*) $", text[: m.start()])
    after = re.match(r" ([^\W\d_][\w'\u2019.&-]*)", text[m.end() :])
    return any(
        n is not None and n.group(1)[:1].isupper() and known.has_word(n.group(1))
        for n in (before, after)
    )


def _modal_may(text: str, m: re.Match[str]) -> bool:
    """ "May I ..." is a question, not the month."""
    return m.group(0) == "May" and not re.search(r"\d", text[max(0, m.start() - 4) : m.end() + 5])


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'(\u201c\u2018*-")
    return not before or before[-1] in ".!?:;\n\u2014\u2013" or before.endswith("- ")


def _common(word: str) -> bool:
    """An English word of the dictionary: capitalised only because a sentence starts."""
    folded = word.casefold().replace("\u2019", "'")
    base = re.sub(r"'\w*$", "", folded)
    return base in _ENGLISH or bool(lexicon.open_classes(base))


def _numbers(text: str, known: _Known) -> Iterator[Objection]:
    text = _IDIOMS.sub(" ", text)
    for m in _NUMBER.finditer(text):
        if _digits(m.group(0)) not in known.numbers:
            yield _added(m.group(0), "number")
    for m in _WORD.finditer(text):
        word = m.group(0)
        if _number_word(word) and word.casefold() not in known.numbers:
            yield _added(word, "number")


def _time_words(text: str, known: _Known, facts: Mapping[str, object]) -> Iterator[Objection]:
    """A day the letter claims: when you met, or when something will happen. "I am writing
    today" is the letter's own day, and claims nothing."""
    for m in _TIME_WORDS.finditer(text):
        said = m.group(0).casefold()
        if said in _NOW_WORDS and not _MEETING.search(_sentence_around(text, m.start())):
            continue
        if said not in known.text:
            when = facts.get("when_met")
            told = f"; your record says you met {when}" if when else ""
            yield Objection(INVENTED, f"the model says '{m.group(0)}', which is not in your "
                            f"record{told}")  # fmt: skip


def _sentence_around(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _products(text: str, known: _Known) -> Iterator[Objection]:
    """A tool or product named in lower case ("our kafka setup") is still a claim."""
    for m in _WORD.finditer(text):
        word = m.group(0)
        # "go", "swift", "spark" are English words too: only a name that is no word counts
        if (
            word.islower()
            and vocabulary.spelt(word)
            and not known.has_word(word)
            and not (_common(word))
        ):
            yield _added(vocabulary.spelt(word) or word)


# --- what the kind must have ---------------------------------------------------------------


def _musts(body: str, facts: Mapping[str, object], kind: str, known: _Known) -> Iterator[Objection]:
    if kind == "phone-script":
        return
    yield from _greeting(body, facts)
    if kind in _THANKING and not review_rules.THANKS.search(body):
        yield Objection(MISSING, "the letter never thanks them")
    company, role = str(facts.get("company") or ""), str(facts.get("role") or "")
    if kind not in _JOB_UNNAMED:
        has_company, has_role = _names_company(body, company), _names_role(body, role)
        if kind in _COMPANY_AND_ROLE:
            if company and not has_company:
                yield Objection(MISSING, f"the letter does not name {company}")
            if role and not has_role:
                yield Objection(MISSING, f"the letter does not name the role ({role})")
        elif (company or role) and not (has_company or has_role):
            yield Objection(MISSING, f"the letter names neither {company} nor the role")
    topic = str(facts.get("topic") or "")
    if topic and _about_topic(kind, facts) and not _mentions_topic(body, topic):
        yield Objection(MISSING, f"the letter does not mention what you discussed ({topic})")
    yield from _signoff(body, facts, kind)


def _about_topic(kind: str, facts: Mapping[str, object]) -> bool:
    if kind == "thank-you":
        return facts.get("situation") == "met"
    return kind == "linkedin-note" and bool(facts.get("met_ever"))


def _greeting(body: str, facts: Mapping[str, object]) -> Iterator[Objection]:
    names = _addresses(facts)
    first = next((line for line in body.splitlines() if line.strip()), "")
    m = _GREETING.match(first)
    if not names:
        if m is None:
            yield Objection(MISSING, "the letter does not open with a greeting")
        return
    expected = f"{str(facts.get('greeting') or '').rstrip(',')}" or f"Dear {names[0]}"
    if m is None:
        yield Objection(MISSING, f"the letter does not open with a greeting ('{expected},')")
        return
    said = m.group(1).strip()
    if not any(_same_name(said, n) for n in names):
        if said:
            yield Objection(
                INVENTED, f"the greeting says '{said}', but you address them as '{names[0]}'"
            )
        else:
            yield Objection(MISSING, f"the greeting does not name them ('{expected},')")


def _addresses(facts: Mapping[str, object]) -> list[str]:
    """How the recipient may be greeted: the facts' greeting, the informal address, the
    full name."""
    out = []
    greeting = str(facts.get("greeting") or "")
    m = _GREETING.match(greeting)
    if m and m.group(1).strip():
        out.append(m.group(1).strip())
    for key in ("first_name", "recipient_name"):
        value = facts.get(key)
        if value:
            out.append(str(value))
    return list(dict.fromkeys(out))


def _same_name(said: str, name: str) -> bool:
    """ "Priya" greets "Priya"; "Ms Shah" greets "Ms. Shah"; "Pria" does not."""
    words = [w.casefold().rstrip(".") for w in _words(said)]
    return bool(words) and words == [w.casefold().rstrip(".") for w in _words(name)]


def _content(text: str) -> list[str]:
    """The words that carry a name's or a phrase's meaning; all of them when none does
    ("Aa", "The Co")."""
    words = [w for w in _words(text) if len(w) > 2 and w.casefold() not in _ENGLISH]
    return words or _words(text)


def _names_company(body: str, company: str) -> bool:
    words = [w for w in _content(company) if w.casefold() not in _GENERIC_ORG] or _content(company)
    letter = {_stem(w) for w in _words(body)}
    return bool(words) and _stem(words[0]) in letter


def _names_role(body: str, role: str) -> bool:
    """Half the role's words: "the data engineering role" names "Senior Data Engineer"."""
    words = {_stem(w) for w in _content(role)}
    letter = {_stem(w) for w in _words(body)}
    return bool(words) and 2 * len(words & letter) >= len(words)


def _mentions_topic(body: str, topic: str) -> bool:
    words = {_stem(w) for w in _content(topic) if w.casefold() not in {"your", "their"}}
    letter = {_stem(w) for w in _words(body)}
    return not words or bool(words & letter)


def _signoff(body: str, facts: Mapping[str, object], kind: str) -> Iterator[Objection]:
    name = str(facts.get("sender_name") or "")
    lines = [line for line in body.strip().splitlines() if line.strip()]
    tail = "\n".join(lines[-5:]) if kind != "linkedin-note" else body
    if name and not any(_stem(w) in {_stem(t) for t in _words(tail)} for w in _words(name)):
        yield Objection(MISSING, f"the letter is not signed with your name ({name})")
    if kind in _NOT_EMAIL:
        return
    email = str(facts.get("sender_email") or "")
    phones = {_digits(p) for p in _phones(facts)}
    has_email = bool(email) and email.casefold() in tail.casefold()
    has_phone = any(_digits(m.group(0)) in phones for m in _PHONE.finditer(tail))
    if not (has_email or has_phone):
        yield Objection(MISSING, "the sign-off does not give your email or phone")


# --- limits and language -------------------------------------------------------------------


def _limits(body: str, kind: str) -> Iterator[Objection]:
    text = body.strip()
    if kind == "linkedin-note":
        if len(text) > review_rules.LINKEDIN_ERROR:
            yield Objection(
                LENGTH,
                f"the note is {len(text)} characters; LinkedIn takes {review_rules.LINKEDIN_ERROR}",
            )
        return
    limit = review_rules.word_limit(kind)
    words = len(re.findall(r"[\w'\u2019-]+", text))
    if limit is not None and words > limit:
        yield Objection(LENGTH, f"the letter is {words} words; a {kind} letter stays under {limit}")


def _language(body: str) -> Iterator[Objection]:
    words = [w.casefold() for w in _words(body)]
    if len(words) < _LANGUAGE_MIN_WORDS:
        return
    share = sum(w in _ENGLISH for w in words) / len(words)
    if share < _ENGLISH_SHARE:
        yield Objection(LANGUAGE, "the letter is not in English, the language of your letters")
