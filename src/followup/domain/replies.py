"""What an inbound mail means for the playbook: a bounce, an auto-reply, or a human answer
(rejection, offer, next round, information request, timeline, or any other reply).

Pure: it reads an ``InboundMail`` and nothing else; dates are computed from the mail's own
``Date`` header, never from the clock, so the same mail always classifies the same way.

The rules run strongest first, because the cheap, certain signals should decide before the
wording is weighed:

1. **bounce**: a delivery status notification (RFC 3464), a mailer-daemon or postmaster
   sender, failed recipients, or a bounce subject in one of several languages;
2. **auto_reply**: RFC 3834 ``Auto-Submitted: auto-replied``, ``X-Autoreply``,
   ``X-Autorespond``, ``Precedence: auto_reply``, an out-of-office subject, or out-of-office
   wording in the body. ``Auto-Submitted: auto-generated`` and ``Precedence: bulk/junk`` say
   only that a machine sent it: an applicant-tracking system sends its rejections that way,
   so a mail with those headers that states a decision is read as that decision;
   ``X-Auto-Response-Suppress`` is a request *to* responders, never a sign of one;
3. **human answers**: weighted phrases per kind, read sentence by sentence; a phrase marked
   negatable does not count when a negation precedes it in its clause ("we are *not* able
   to offer you" is no offer, and is a rejection by its own phrase). The kind with the
   highest score above its threshold wins; ties go to the more consequential kind (a
   rejection before an offer before an invitation ...). Nothing above threshold: ``reply``.

The user confirms every classification (``followup inbox review``): the rules aim for high
recall on the kinds that change the plan, and say in ``reasons`` why they decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from followup.domain.kinds import _Named
from followup.domain.mail import InboundMail
from followup.domain.prefilter import fold, needles, possible
from followup.domain.textdates import DateMention, describe, find_dates


class ReplyKind(_Named):
    REJECTION = "rejection"
    OFFER = "offer"
    NEXT_ROUND = "next_round"
    INFO_REQUEST = "info_request"
    TIMELINE = "timeline"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    REPLY = "reply"


@dataclass(frozen=True)
class Classification:
    """The proposed meaning of a mail, for the user to confirm.

    ``date``: an auto-reply's stated return, a timeline's decision date, an offer's response
    deadline; None when none is stated (or the kind has none).
    """

    kind: ReplyKind
    date: date | None
    confidence: float  # 0..1: how sure the rules are, not a probability
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "date": None if self.date is None else self.date.isoformat(),
            "confidence": round(self.confidence, 2),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class _Signal:
    pattern: re.Pattern[str]
    weight: int
    reason: str
    negatable: bool = False  # does not count after a negation in its clause
    negated_only: bool = False  # counts only after one ("we won't be taking you further")
    # Lower-cased strings one of which every match contains (``domain.prefilter``): a
    # sentence that holds none is not searched. None: always searched.
    needles: tuple[str, ...] | None = None

    def possible(self, folded: str | None) -> bool:
        """Could the pattern match a text whose ``prefilter.fold`` is ``folded``?"""
        return possible(self.needles, folded)


_NEGATED_ONLY = "negated-only"


def _signals(
    *rows: tuple[str, int, str] | tuple[str, int, str, bool | str],
) -> tuple[_Signal, ...]:
    """Rows of (regex, weight, reason[, True for negatable, or ``_NEGATED_ONLY``])."""
    return tuple(
        _Signal(
            re.compile(row[0], re.IGNORECASE),
            row[1],
            row[2],
            negatable=row[3:] == (True,),
            negated_only=row[3:] == (_NEGATED_ONLY,),
            needles=needles(row[0], re.IGNORECASE),
        )
        for row in rows
    )


# --- bounces -----------------------------------------------------------------------------

_DAEMON_LOCALPARTS = frozenset(
    {"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "mail-daemon", "mdaemon"}
)
_DAEMON_NAMES = re.compile(
    r"^(mail delivery (system|subsystem)|mailer[- ]daemon|postmaster|microsoft outlook)$",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver(ed|able)|returned mail|delivery status notification \((failure|delay)\)|"
    r"mail delivery (failed|failure)|delivery (has )?failed|delivery failure|failure notice|"
    r"message not delivered|could not be delivered|non-delivery|"
    r"unzustellbar|nicht zustellbar|non remis|non distribuable|"
    r"non recapitabile|onbestelbaar|no se puede entregar|no entregado|"
    r"não (é possível|foi possível) entregar|não entregue",
    re.IGNORECASE,
)

# --- auto-replies ------------------------------------------------------------------------

_AUTO_SUBJECT = re.compile(
    r"automatic reply|auto[- ]?reply|auto[- ]?response|automated (reply|response)|"
    r"out of (the )?office|\booo\b|away from (the |my )?office|"
    r"abwesenheitsnotiz|automatische antwort|abwesenheit|nicht im büro|"
    r"réponse automatique|absence du bureau|absent\b|"
    r"respuesta automática|respuesta automatica|fuera de la oficina|"
    r"risposta automatica|fuori ufficio|fuori sede|"
    r"automatisch antwoord|afwezig|niet op kantoor|"
    r"resposta automática|resposta automatica|fora do escritório|ausência",
    re.IGNORECASE,
)

_OOO_BODY = _signals(
    (
        r"\b(i am|i'm|i will be|i'll be|i shall be|we are|we're) (currently |now )?"
        r"(out of (the )?office|ooo\b|away from (the |my )?(office|desk)|on (annual |parental |"
        r"maternity |paternity |sick |study )?leave|on vacation|on holiday|out of the country|"
        r"travell?ing (on business )?(with|and have) (limited|no))",
        3,
        "out-of-office wording in English",
    ),
    (r"\b(limited|no|intermittent) access to (my )?e-?mails?\b", 2, "limited access to email"),
    (
        r"\b(i will|i'll|i shall) (respond|reply|get back to you|answer)[^.]{0,40}"
        r"(upon|on|after) my return\b",
        3,
        "will answer on return",
    ),
    (
        r"\b(this is an automatic|this is an automated|automatic reply|auto-?reply|automated "
        r"(response|reply|message))\b",
        3,
        "says it is automatic",
    ),
    (r"\bback in the office\b|\breturning to the office\b", 2, "back in the office"),
    (
        r"\b(we have|we've) received your (message|e-?mail|enquiry|inquiry|request)\b|"
        r"\b(your|the) (e-?mail|message|enquiry|inquiry) has been received\b|"
        r"\bthank you for contacting\b|\ba member of (the|our) team will\b",
        2,
        "an acknowledgement of receipt",
    ),
    (
        r"\b(this (mailbox|inbox|e-?mail address|address) is not (monitored|read)|unmonitored "
        r"(mailbox|inbox)|do not reply to this (e-?mail|message))\b",
        3,
        "says the mailbox is not read",
    ),
    (
        r"\b(ich bin|bin ich)\b[^\n]{0,60}\b(nicht im büro|abwesend|im urlaub|außer haus|"
        r"nicht erreichbar)|\bab dem\b[^\n]{0,30}\bwieder\b|\bwieder erreichbar\b|"
        r"\bkeinen zugriff auf (meine )?e-?mails?\b",
        3,
        "out-of-office wording in German",
    ),
    (
        r"\bje (suis|serai) (absente?|en congés?|hors du bureau|en vacances)|"
        r"\bde retour (le|à partir)\b|\bje serai de retour\b",
        3,
        "out-of-office wording in French",
    ),
    (
        r"\b(estoy|estaré|estare) (fuera de la oficina|ausente|de vacaciones)|"
        r"\b(regresaré|regresare|volveré|volvere|de vuelta el)\b",
        3,
        "out-of-office wording in Spanish",
    ),
    (
        r"\b(sono|sarò|saro) (fuori ufficio|assente|in ferie)|\b(rientrerò|rientrero)\b|"
        r"\bdi ritorno (il|dal)\b",
        3,
        "out-of-office wording in Italian",
    ),
    (
        r"\b(ik ben|ben ik)\b[^\n]{0,40}\b(afwezig|niet op kantoor|met vakantie|niet bereikbaar)|"
        r"\bweer (aanwezig|terug|bereikbaar)\b",
        3,
        "out-of-office wording in Dutch",
    ),
    (
        r"\b(estou|estarei) (fora do escritório|ausente|de férias)|"
        r"\b(retornarei|voltarei|estarei de volta)\b",
        3,
        "out-of-office wording in Portuguese",
    ),
)

# Words before a date that make it the return (or the last day away).
_RETURN_CUE = re.compile(
    r"(back|return|returning|until|till|til|through|zurück|wieder|bis|ab dem|ab|retour|jusqu|"
    r"à partir du|a partir del|dal|vanaf|a partir de|"
    r"regres|vuelta|volver|hasta|rientr|ritorno|fino|terug|weer|tot|retorn|voltar|volta|até)"
    r"[^.\n]{0,25}$",
    re.IGNORECASE,
)

# --- human answers -----------------------------------------------------------------------

# An offer spoken of as a condition ("if we were to make an offer") is no offer; for the other
# kinds "let me know if you'd like to schedule a call" is still an invitation.
_HYPOTHETICAL = re.compile(r"\b(if|whether|were we to|should we)\b", re.IGNORECASE)
_NEG = re.compile(
    r"\b(not|no|never|cannot|unable|neither|nor|without)\b|n't\b|\bno longer\b",
    re.IGNORECASE,
)

_REJECTION = _signals(
    (r"\bunfortunately\b|\bregrettably\b|\bsadly\b", 1, "says 'unfortunately'"),
    (r"\bregret to (inform|tell|advise|let you know)\b", 3, "regrets to inform"),
    (
        r"\b(decided|decision|chosen|chose|opted|elected) to (move|go|proceed|continue|pursue|"
        r"progress)( forward| ahead)? with (an?other|other|a different|the other|another)\b",
        4,
        "they went with someone else",
    ),
    (
        r"\b(move|moving|go|going|proceed|proceeding|progress|progressing) (forward |ahead )?"
        r"with (an?other|other|a different) (candidate|applicant|person|profile)s?",
        3,
        "moving forward with other candidates",
    ),
    (
        r"\b(will not|won't|not|decided not to|unable to|cannot|can't) (be )?"
        r"(move|moving|go|going|proceed|proceeding|progress|progressing|take|taking|advance|"
        r"advancing)\s+(you\s+|your (application|candidacy)\s+|with your (application|"
        r"candidacy)\s*)?(forward|further|ahead|to the next|at this (time|stage|point))",
        4,
        "they will not move forward with you",
    ),
    (
        r"\bnot to (proceed|progress|move forward|continue|take (this|it|things) further)\b",
        4,
        "decided not to proceed",
    ),
    (
        r"\b(have|has) not been (successful|selected|shortlisted)\b|\bunsuccessful\b|"
        r"\bnot (been )?(selected|shortlisted)\b",
        3,
        "not successful",
    ),
    (r"\b(position|role|vacancy|job) (has|have) (now )?been filled\b", 4, "the position is filled"),
    (
        r"\bno longer (under consideration|being considered|considering)\b",
        4,
        "no longer under consideration",
    ),
    (
        r"\b(not|unable to|cannot|can't|won't) (be )?(able to )?(offer you|extend (you )?an offer|"
        r"extending (you )?an offer|make (you )?an offer|making (you )?an offer|offering you)",
        3,
        "not able to offer",
    ),
    (r"\b(a )?different direction\b", 2, "going in a different direction"),
    (
        r"\b(pursue|pursuing|proceed with|proceeding with|progress|progressing) (other |"
        r"another |different )?(candidates|applicants|profiles)\b",
        3,
        "they chose other candidates",
    ),
    (r"\b(best of luck|good luck)\b", 1, "wishes you luck"),
    (
        r"\b(take|taking|move|moving|progress|progressing|go|going|proceed|proceeding|continue|"
        r"continuing|put|putting)\b[^.]{0,40}\b(further|forward|ahead|through)\b",
        4,
        "will not take you further",
        _NEGATED_ONLY,
    ),
    (
        r"\b(selected|chosen|hired|appointed|picked|recruited|identified) (another|a different|an "
        r"internal|someone else|other|a more)\b",
        3,
        "they chose someone else",
    ),
    (r"\b(closer|better|stronger|more suitable) (fit|match)(es)?\b", 2, "others fit better"),
    (
        r"\b(go|going|gone|went) with (someone|somebody|another (candidate|applicant|person)|a "
        r"different (candidate|applicant|person)|an internal|other candidates)\b",
        3,
        "they went with someone else",
    ),
    (r"\bnot (been )?successful\b|\bregret that\b", 3, "not successful"),
    (
        r"\b(hired|appointed|selected|chosen|offered (it|the role|the position) to) (someone|"
        r"somebody)\b|\bwent the other way\b",
        3,
        "they chose someone else",
    ),
    (
        r"\b(pursue|pursuing|consider|considering|progress|progressing|advance|advancing) your "
        r"(application|candidacy|profile)\b",
        4,
        "will not pursue your application",
        _NEGATED_ONLY,
    ),
    (r"\b(does|do|did)( not|n't) (match|meet|fit|align with)\b", 3, "not a match"),
    (
        r"\b(invite|inviting|shortlist|shortlisting|select|selecting) you\b",
        4,
        "will not invite you further",
        _NEGATED_ONLY,
    ),
    (
        r"\b(isn't|is not|wasn't|was not|aren't) (quite )?(what|the (profile|experience|skills?)) "
        r"(we|they|the team|the client)",
        3,
        "not what they need",
    ),
    (
        r"\boffer(ed|ing)? (it|the role|the position|the job|the post) to (a|an|another|someone|"
        r"somebody|the other|one)\b",
        4,
        "the role went to someone else",
    ),
    (
        r"\bclosed the (role|position|vacancy|search|requisition)\b|\bno next steps?\b",
        3,
        "the role is closed",
    ),
    (r"\b(i'm afraid|i am afraid|bad news|disappointing news)\b", 1, "brings bad news"),
    (
        r"\b(hire|hiring|fill (it|the role|the position)) internally\b|\binternal candidate\b",
        3,
        "they hired internally",
    ),
    (
        r"\b(has been|was|have been) (offered|given) to\b|\baccepted by (another|a different|an "
        r"internal|someone)\b",
        4,
        "the role went to someone else",
    ),
    (r"\bnot (quite )?(the right|a good|a strong enough) (fit|match)\b", 3, "not the right fit"),
    (
        r"\b(went|gone|going|decided to go) with (a|an|another|one|the other|someone|a different)"
        r"\b[^.]{0,30}\b(candidate|applicant|person|else|profile)",
        3,
        "they went with someone else",
    ),
    (
        r"\b(offered|given) the (role|position|job) to (another|someone|a different|an "
        r"internal)",
        4,
        "the role went to someone else",
    ),
    (
        r"\bcandidates? (whose|with) (experience|skills|background|profiles?|qualifications)"
        r"[^.]{0,40}(more closely|better|closer)",
        3,
        "others matched more closely",
    ),
    (
        r"\b(keep|retain|hold) your (details|cv|resume|résumé|profile|information|application) "
        r"on (file|record)\b",
        2,
        "keeps your CV on file",
    ),
    (
        r"\bwish you (the )?(very )?(best|every success|all the best|luck|success|well)\b"
        r"[^.]{0,30}\b(search|future|career|endeavou?rs|next step)",
        2,
        "wishes you luck in your search",
    ),
    (r"\bdecided not to\b", 2, "decided not to"),
    (
        r"\b(position|role|vacancy|requisition) (is|has been) (now )?(closed|cancelled|canceled|"
        r"put on hold|withdrawn)\b",
        3,
        "the position is closed",
    ),
    (
        r"\bleider\b|\bmalheureusement\b|\blamentablemente\b|\bpurtroppo\b|\bhelaas\b|"
        r"\binfelizmente\b",
        1,
        "says 'unfortunately' (not in English)",
    ),
    (
        r"\b(absage|nicht berücksichtigen|nicht weiter berücksichtigen|anderen? (kandidat|bewerber)"
        r"|pas (été )?retenue?|autre candidat|otros? candidat|altr[oi] candidat|andere kandida"
        r"|outr[oa]s? candidat)",
        3,
        "rejection wording (not in English)",
    ),
)

_OFFER = _signals(
    (
        r"\b(pleased|delighted|happy|thrilled|excited|glad) to (formally )?(offer you|extend "
        r"(to you |you )?(an?|our) (formal |job |official )?offer|make you an offer|confirm "
        r"(our|an) offer)",
        5,
        "pleased to offer you",
        True,
    ),
    (
        r"\boffer (you )?(the|a) (position|role|job|post)\b(?! to\b)",
        4,
        "offers you the role",
        True,
    ),
    (
        r"\b(pleasure|pleased|delighted|happy|glad) to offer you\b|\boffer you (employment|a "
        r"contract|a permanent)\b",
        4,
        "offers you the job",
        True,
    ),
    (r"\b(bring|have|welcome) you (on ?board|aboard)\b", 4, "wants you on board", True),
    (
        r"\b(like|want|going|able) to (extend|make) (to )?(you )?an? (formal |job |verbal |"
        r"official )?offer\b",
        4,
        "wants to make you an offer",
        True,
    ),
    (r"\b(the|this|our) offer (is|will be|remains) (valid|open)\b", 3, "the offer is open", True),
    (
        r"\b(like|love|want|pleased|delighted|happy) to offer you\b|\boffer you (the|a|this)\b"
        r"[^.]{0,40}\b(position|role|job|post)\b",
        4,
        "offers you the role",
        True,
    ),
    (r"\b(your|the) (employment |job )?contract\b", 2, "mentions your contract", True),
    (r"\bwant you (on|to join) (the|our) team\b", 3, "wants you on the team", True),
    (
        r"\b(make|making|made|extend|extending|send|sending|prepare|preparing) (you )?an? "
        r"(\w+ )?offer\b",
        4,
        "making you an offer",
        True,
    ),
    (r"\b(job|role|position|post) is yours\b", 4, "the job is yours", True),
    (
        r"\b(our|an|the|your) offer (for|of) (the )?(position|role|job|post)\b|\boffer "
        r"(details|pack|package|expires|deadline|terms)\b",
        4,
        "sets out the offer",
        True,
    ),
    (
        r"\b(love|like|want) (for )?you to join\b",
        3,
        "wants you to join them",
        True,
    ),
    (r"\b(want|wants|decided|like|love) to hire you\b", 4, "wants to hire you", True),
    (r"\bmake it official\b", 3, "wants to make it official", True),
    (r"\boffer\b", 1, "mentions an offer", True),
    (r"\byou('ve)? got the (job|role|position)\b", 4, "you got the job", True),
    (
        r"\b(send|sending|email|emailing|forward|share|sharing) (you )?(over )?(the|an|your) "
        r"(formal |written |official )?offer\b|\bsend the offer\b",
        4,
        "will send the offer",
        True,
    ),
    (
        r"\b(able to|can|happy to|pleased to|delighted to) offer (you )?(a|an) (base|salary|"
        r"package|starting salary|annual salary|total)\b",
        4,
        "offers a salary",
        True,
    ),
    (
        r"\b(formal|written|job|employment|conditional|verbal|official) offer\b",
        3,
        "mentions a formal offer",
        True,
    ),
    (
        r"\boffer letter\b|\boffer of employment\b|\bemployment contract\b",
        3,
        "an offer letter or contract",
        True,
    ),
    (
        r"\b(starting|base|annual) salary\b|\bcompensation package\b|\bsigning bonus\b|"
        r"\bequity\b|\bstock options\b",
        1,
        "talks salary or package",
    ),
    (r"\bcongratulations\b", 1, "says congratulations"),
    (
        r"\b(sign|countersign)(ed)? (and return )?(the |your |this )?(offer|contract)\b",
        2,
        "asks you to sign",
        True,
    ),
    (
        r"\b(accept|accepting|acceptance of) (the |this |our )?offer\b",
        2,
        "talks of accepting the offer",
        True,
    ),
    (r"\bwelcome (you )?(aboard|to the team)\b", 2, "welcomes you to the team", True),
)

# Words that make a date an offer's response deadline.
_DEADLINE_CUE = re.compile(
    r"(deadline|respond|response|reply|decision|decide|accept|let (us|me) know|sign|return|"
    r"valid|expires?|open until|by|before|until)[^.\n]{0,40}$",
    re.IGNORECASE,
)

_NEXT_ROUND = _signals(
    (r"\b(invite|inviting) you (to|for)\b", 3, "invites you to a meeting", True),
    (
        r"\b(second|2nd|third|3rd|final|next|follow[- ]up|technical|panel|on-?site|in-person|"
        r"face-to-face|last|further) (round|interview|stage|chat|call|conversation)s?\b",
        3,
        "a further interview round",
        True,
    ),
    (
        r"\b(move|moving|progress|progressing|advance|advancing|take|taking|invite) (you )?"
        r"(forward |on |through )?(to|into) the (next|second|final) (round|stage|step)",
        4,
        "you move on to the next round",
        True,
    ),
    (
        r"\b(schedule|arrange|set up|book|organi[sz]e) (a|an|the|your|some|another) "
        r"(time|call|chat|interview|meeting|conversation|video call|follow-up|slot)",
        3,
        "wants to schedule a call or interview",
        True,
    ),
    (
        r"\b(your|share your|send (me |us )?your|let (me|us) know your|confirm your) "
        r"availability\b",
        2,
        "asks for your availability",
        True,
    ),
    (
        r"\bmeet (with )?(the|our) (wider |broader )?(team|hiring manager|ceo|cto|founders?|"
        r"director|panel|head of)\b",
        2,
        "to meet the team",
        True,
    ),
    (
        r"\b(take-home|coding (challenge|exercise|test)|technical (assessment|test|exercise|task)"
        r"|case study|assessment (centre|center|day))\b",
        2,
        "an assessment or exercise",
        True,
    ),
    (r"\b(book|pick|choose|select) a (time|slot)\b|\bcalendly\b", 2, "book a time slot"),
    (
        r"\b(would like|we'd like|love|keen|like) to (speak|talk|chat|meet) (with you )?"
        r"(again|further|more)\b",
        3,
        "would like to talk again",
        True,
    ),
    (r"\bnext step\b", 1, "mentions a next step", True),
    (
        r"\b(have you back|invite you back|come back in|come in again|see you again)\b",
        3,
        "wants to see you again",
        True,
    ),
    (
        r"\bmeet (with )?(our|the) (\w+ ){0,3}(team|manager|vp|ceo|cto|cfo|coo|founders?|"
        r"director|panel|head|lead|partners?)\b",
        2,
        "to meet more of the team",
        True,
    ),
    (r"\b(are you|would you be|will you be) (free|available)\b", 2, "asks when you are free", True),
    (r"\bshortlisted\b", 2, "you are shortlisted", True),
    (r"\b(bring|have|get) you (back )?in (for|to)\b", 3, "wants to bring you in", True),
    (
        r"\b(next up|the next part|the next stage|the next round) (is|will be)\b",
        3,
        "names the next stage",
    ),
    (
        r"\b(pairing session|pair programming|whiteboard|system design interview)\b",
        2,
        "a technical session",
        True,
    ),
    (
        r"\b(meet|see|speak (to|with)|talk (to|with)) you again\b",
        3,
        "wants to meet you again",
        True,
    ),
    (r"\bwhen (are|would|will) you (be )?(free|available)\b", 2, "asks when you are free"),
    (r"\bin the (diary|calendar)\b", 2, "wants a date in the diary", True),
    (
        r"\b(take|taking|move|moving|progress|progressing|put|putting) (your application|you|your "
        r"candidacy|your profile) (further|forward|through)\b",
        3,
        "takes your application further",
        True,
    ),
    (r"\b(on-?site|superday|panel interview)\b", 2, "an onsite or panel", True),
    (
        r"\b(would love|would like|'d love|'d like|want|keen) to (grab|have|get) (a )?(coffee|chat|"
        r"call|lunch|quick call)\b",
        3,
        "wants to meet you",
        True,
    ),
    (
        r"\b(passed|through to|made it to|got through|progressed to|moving on to) (the )?(first|"
        r"next|second|final|initial|last) (stage|round)\b",
        4,
        "you passed a stage",
        True,
    ),
    (
        r"\b(could|can) you do (monday|tuesday|wednesday|thursday|friday|tomorrow|next|the)\b",
        2,
        "proposes a time",
    ),
    (
        r"\b(like|want|love) you to (present|meet|come|join us|do|complete|take|attend|"
        r"speak|interview|visit)\b",
        3,
        "asks you to a further step",
        True,
    ),
    (
        r"\b(progress|move|advance|take|invite|put) you (forward |on |through )?(to|into|for) "
        r"(the|a|an) (\w+ ){0,2}(round|stage|step|interview)\b",
        4,
        "you move on to another round",
        True,
    ),
    (
        r"\b(move|moving|go|going|proceed|proceeding|progress|progressing) (forward |ahead )?"
        r"with your (application|candidacy)\b",
        3,
        "moving forward with your application",
        True,
    ),
    (r"\bcongratulations\b", 1, "says congratulations"),
)

_INFO_REQUEST = _signals(
    (
        r"\b(could|can|would) you (please )?(kindly )?(also )?(send|share|provide|forward|email|"
        r"fill|complete|confirm|let (me|us) know|give us|upload)\b",
        2,
        "asks you to send or confirm something",
        True,
    ),
    (
        r"\bplease (kindly )?(send|share|provide|forward|email|fill (in|out)|complete|submit|"
        r"confirm|upload)\b",
        2,
        "asks you to send or confirm something",
        True,
    ),
    (r"\b(references|referees?|reference contacts)\b", 2, "asks for references", True),
    (
        r"\b(portfolio|work samples?|writing samples?|code samples?|transcripts?|certificates?|"
        r"diplomas?|github)\b",
        2,
        "asks for samples or documents",
        True,
    ),
    (
        r"\b(salary expectations?|expected salary|desired salary|compensation expectations?|"
        r"notice period|right to work|work permit|visa (status|sponsorship)|earliest start date|"
        r"when (could|can) you start)\b",
        2,
        "asks about salary, notice or right to work",
        True,
    ),
    (r"\b(updated|latest|current|recent) (cv|resume|résumé)\b", 2, "asks for a current CV", True),
    (r"\bavailability\b", 1, "mentions availability"),
    (
        r"\b(we|i)('ll| will)? (also )?need (the|your|a|some|an|copies|to see|a copy)\b",
        3,
        "needs something from you",
        True,
    ),
    (r"\bmissing (your|the|some)\b", 2, "something is missing"),
    (
        r"\bneed you to (complete|send|provide|fill|confirm|sign|upload|submit|share)\b",
        3,
        "needs something from you",
        True,
    ),
    (r"\b(questionnaire|application form|online form|survey)\b", 1, "mentions a form"),
    (
        r"\b(are|would|will) you (be )?(able|willing|open|happy) to\b",
        2,
        "asks whether you can or would",
        True,
    ),
    (r"\bfill (\w+ )?(in|out)\b", 2, "asks you to fill something in", True),
    (
        r"\bwould you mind (sending|sharing|providing|forwarding|filling|completing|confirming|"
        r"letting)\b",
        2,
        "asks you to send or confirm something",
        True,
    ),
    (
        r"\b(passport|payslip|pay slip|proof of (address|identity|id)|identification|id document|"
        r"dbs|background check|reference check|p45|w-?2|i-9|visa|sponsorship)\b",
        2,
        "asks for documents or checks",
        True,
    ),
    (
        r"\b(can|could|would) you (tell|explain|clarify|describe|elaborate)\b",
        2,
        "asks you to explain something",
        True,
    ),
    (
        r"\b(need|require|missing) (a few |some |more |additional |further )?(details|information|"
        r"documents|documentation)\b",
        2,
        "needs more information",
        True,
    ),
    (r"\?", 1, "asks a question"),
)

_TIMELINE = _signals(
    (
        r"\b(expect|expects|expecting|hope|hoping|plan|planning|aim|aiming|intend|intending|"
        r"on track) to (make|reach|have|finali[sz]e|share|announce|come to|let you know|be in "
        r"touch|get back|update|conclude|complete|decide)\b",
        3,
        "states when they expect to decide",
    ),
    (
        r"\b(make|making|reach|reaching|have|communicate|share|take|taking) (a|our|the|their) "
        r"(final )?decisions? "
        r"(by|before|within|in|early|next|on|at|towards)\b",
        3,
        "states when they will decide",
    ),
    (
        r"\bdecisions? (is|are|will be|should be) (expected|made|taken|reached|communicated)",
        3,
        "states when they will decide",
    ),
    (
        r"\b(be|get|getting|will be) (back )?in touch (with you )?(by|before|within|early|"
        r"next|later|on|in|at the end|once|when)\b",
        2,
        "will be in touch",
    ),
    (
        r"\b(get|come) back to (you|everyone|all|candidates) (by|before|within|early|next|"
        r"later|on|in|at the end|once|"
        r"when)\b",
        2,
        "will get back to you",
    ),
    (
        r"\b(let you know|update you|hear from us|send you an update|an update) (by|before|"
        r"within|early|next|later|on|in the next|at the end|once|when)\b",
        2,
        "will update you",
    ),
    (
        r"\b(still|currently) (interviewing|reviewing|meeting|speaking|talking|considering|"
        r"deciding|discussing|"
        r"assessing|evaluating|in the process)\b",
        2,
        "still interviewing",
    ),
    (
        r"\b(not yet|haven't|have not|yet to) (made|make|reached|reach|come to) (a|our|the) "
        r"(final )?decision",
        2,
        "no decision yet",
    ),
    (r"\bno (final )?decision (has been|yet|made)\b", 2, "no decision yet"),
    (
        r"\b(process|interviews?|recruitment) (will|should|to) (take|conclude|finish|wrap up|be "
        r"completed|close|run)\b",
        2,
        "says how long the process takes",
    ),
    (r"\b(timeline|timeframe|time frame|time scale|timescale)\b", 1, "mentions a timeline"),
    (
        r"(\bno\b|\bnot\b|n't\b)[^.]{0,30}\b(decision|news|update|answer|outcome)\b[^.]{0,30}"
        r"\b(until|before)\b",
        3,
        "no decision before a stated time",
    ),
    (
        r"\b(weeks?|days?) (away )?from (a|making a|our|the) (final )?decision\b",
        3,
        "says how far off the decision is",
    ),
    (
        r"\b(have|has|get|give|share|send) (you )?(some )?(news|an update|feedback|an answer|"
        r"the outcome)\b",
        2,
        "will have news",
        True,
    ),
    (
        r"\b(finishing|finish|wrapping up|wrap up|concluding|conclude|completing|complete|"
        r"closing) (the |our |all )?(\w+ )?(interviews|process|search|recruitment|shortlist)\b",
        2,
        "says when the process ends",
    ),
    (r"\b(delay|delayed|taking longer|bear with us|patience)\b", 1, "mentions a delay"),
)

_HUMAN: tuple[tuple[ReplyKind, tuple[_Signal, ...], int], ...] = (
    (ReplyKind.REJECTION, _REJECTION, 3),
    (ReplyKind.OFFER, _OFFER, 3),
    (ReplyKind.NEXT_ROUND, _NEXT_ROUND, 3),
    (ReplyKind.INFO_REQUEST, _INFO_REQUEST, 3),
    (ReplyKind.TIMELINE, _TIMELINE, 2),
)
# Every needle of the human signals, once: a mail is tested for each of them once, and a
# signal none of whose needles it holds is not searched at all.
_HUMAN_NEEDLES: tuple[str, ...] = tuple(
    sorted({n for _, signals, _ in _HUMAN for s in signals for n in s.needles or ()})
)
_DECISIONS = frozenset({ReplyKind.REJECTION, ReplyKind.OFFER, ReplyKind.NEXT_ROUND})
_PAST = re.compile(
    r"\b(thanks?|thank you|for coming|for attending|after|following|during)\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•]\s)")
# A promise of news: with a stated date in the same sentence, a timeline.
_PROMISE = re.compile(
    r"\b(hear from (us|me)|hear back|be in touch|get back to|come back to|let you know|update you|"
    r"write to you|reach out|be in contact|contact you|let (everyone|all candidates|you all) know|"
    r"keep you posted|news|decision|decide|outcome|feedback|an answer)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[,:;()\u2014]|\bbut\b|\bhowever\b", re.IGNORECASE)
_REPLY_PREFIX = re.compile(
    r"^\s*((re|aw|antw|sv|vs|rif|r|ref|fw|fwd|wg|tr|enc|rv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def classify(mail: InboundMail) -> Classification:
    """The proposed meaning of ``mail``, with the reasons the rules found."""
    bounce = _bounce(mail)
    if bounce is not None:
        return bounce
    anchor = mail.date.date() if mail.date is not None else None
    sentences = _sentences(mail)
    machine, auto_reasons, decisive = _auto_signals(mail, sentences)
    human = _human(sentences, anchor)
    if decisive:
        return _auto_reply(mail, sentences, anchor, auto_reasons, 0.95)
    top = human[0] if human else None
    # Out-of-office wording in the body only: an auto-reply unless a strong human answer.
    if auto_reasons and not machine and (top is None or top[1] < 4):
        return _auto_reply(mail, sentences, anchor, auto_reasons, 0.8)
    if machine:
        if top is not None and top[0] in _DECISIONS:
            kind, _score, reasons, day = top
            note = f"sent by a machine ({machine}), but it states a decision"
            return Classification(kind, day, _confidence(human) * 0.85, (*reasons, note))
        return _auto_reply(
            mail, sentences, anchor, (*auto_reasons, f"sent by a machine ({machine})"), 0.75
        )
    if top is None:
        return Classification(
            ReplyKind.REPLY,
            None,
            0.6,
            ("a human answer: no decision, invitation, request or timeline found",),
        )
    kind, _score, reasons, day = top
    others = [f"also reads as {k.label}" for k, *_ in human[1:2]]
    return Classification(kind, day, _confidence(human), (*reasons, *others))


# --- bounce ------------------------------------------------------------------------------


def _bounce(mail: InboundMail) -> Classification | None:
    reasons: list[str] = []
    confidence = 0.0
    if mail.delivery_status:
        reasons.append("a delivery status notification (multipart/report)")
        confidence = 0.99
    local = (mail.from_address or "").split("@", 1)[0]
    if local in _DAEMON_LOCALPARTS or _DAEMON_NAMES.match((mail.from_name or "").strip()):
        reasons.append(f"sent by {mail.from_address or mail.from_name}")
        confidence = max(confidence, 0.8)
    if _BOUNCE_SUBJECT.search(mail.subject):
        reasons.append(f"bounce subject: {_short(mail.subject)!r}")
        confidence = max(confidence, 0.85)
    if mail.failed_recipients:
        reasons.append("failed recipients: " + ", ".join(mail.failed_recipients[:5]))
        confidence = max(confidence, 0.9)
    if not reasons:
        return None
    if len(reasons) > 1:
        confidence = min(0.99, confidence + 0.05)
    return Classification(ReplyKind.BOUNCE, None, confidence, tuple(reasons))


# --- auto-reply --------------------------------------------------------------------------


def _auto_signals(mail: InboundMail, sentences: list[str]) -> tuple[str, tuple[str, ...], bool]:
    """(machine-sent note, auto-reply reasons, decisive?)."""
    reasons: list[str] = []
    decisive = False
    machine = ""
    submitted = _first_token(mail.header("auto-submitted"))
    if submitted and submitted != "no":
        if submitted == "auto-replied":
            reasons.append("Auto-Submitted: auto-replied")
            decisive = True
        else:
            machine = f"Auto-Submitted: {submitted}"
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder", "x-autogenerated"):
        value = mail.header(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            reasons.append(f"{name.title()} header")
            decisive = True
    precedence = _first_token(mail.header("precedence"))
    if precedence in ("auto_reply", "auto-reply"):
        reasons.append(f"Precedence: {precedence}")
        decisive = True
    elif precedence in ("bulk", "junk", "list") and not machine:
        machine = f"Precedence: {precedence}"
    if _AUTO_SUBJECT.search(_REPLY_PREFIX.sub("", mail.subject) or mail.subject):
        reasons.append(f"auto-reply subject: {_short(mail.subject)!r}")
        decisive = True
    body = "\n".join(sentences)
    folded = fold(body)
    for signal in _OOO_BODY:
        if signal.possible(folded) and signal.pattern.search(body):
            reasons.append(signal.reason)
    return machine, tuple(dict.fromkeys(reasons)), decisive


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _first_token(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _auto_reply(
    mail: InboundMail,
    sentences: list[str],
    anchor: date | None,
    reasons: tuple[str, ...],
    confidence: float,
) -> Classification:
    text = "\n".join([_REPLY_PREFIX.sub("", mail.subject), *sentences])
    day, why = _return_date(text, anchor)
    extra = (why,) if why else ()
    return Classification(ReplyKind.AUTO_REPLY, day, confidence, (*reasons, *extra))


def _return_date(text: str, anchor: date | None) -> tuple[date | None, str]:
    """The stated return: a date after a cue (back, until, bis, jusqu'au ...), else the
    latest date that is not in the past; a span ("next week") gives its first day."""
    mentions = [m for m in find_dates(text, anchor) if anchor is None or m.last >= anchor]
    if not mentions:
        return None, ""
    cued = [m for m in mentions if _RETURN_CUE.search(text[max(0, m.start - 40) : m.start])]
    chosen = max(cued or mentions, key=lambda m: m.first)
    return chosen.first, f"return date stated: {describe(chosen)!r}"


# --- human answers -----------------------------------------------------------------------


def _sentences(mail: InboundMail) -> list[str]:
    """The body's sentences; a fresh mail's subject first ("Offer of employment"), but not a
    reply's, whose subject is usually the user's own words."""
    body = [" ".join(s.split()) for s in _SENTENCE.split(mail.text) if s.strip()]
    subject = mail.subject.strip()
    if subject and not _REPLY_PREFIX.match(subject):
        body.insert(0, subject)
    return body


def _human(
    sentences: list[str], anchor: date | None
) -> list[tuple[ReplyKind, int, tuple[str, ...], date | None]]:
    """Every human kind at or above its threshold, best first.

    Each signal is searched only in the sentences that hold one of its needles (most
    signals fit no sentence of a mail, and a substring test is far cheaper than a search),
    which changes what is found in nothing."""
    found: list[tuple[ReplyKind, int, tuple[str, ...], date | None]] = []
    order = {kind: i for i, (kind, _, _) in enumerate(_HUMAN)}
    folded = [fold(sentence) for sentence in sentences]
    whole = fold("\n".join(sentences))
    present = None if whole is None else frozenset(n for n in _HUMAN_NEEDLES if n in whole)
    for kind, signals, threshold in _HUMAN:
        score = 0
        reasons: list[str] = []
        hit_sentences: list[str] = []
        fired: set[int] = set()  # each signal counts once per mail, however often it occurs
        live = _live(signals, present)
        for sentence, sentence_folded in zip(sentences, folded, strict=True):
            for number, signal, held in live:
                if number in fired or not possible(held, sentence_folded):
                    continue
                match = signal.pattern.search(sentence)
                if match is None:
                    continue
                negated = _negated(sentence, match.start()) or (
                    kind is ReplyKind.OFFER
                    and _HYPOTHETICAL.search(_clause_before(sentence, match.start())) is not None
                )
                if (signal.negatable and negated) or (signal.negated_only and not negated):
                    continue
                if kind is ReplyKind.NEXT_ROUND and _looking_back(sentence, match.start()):
                    continue
                fired.add(number)
                score += signal.weight
                reasons.append(signal.reason)
                if sentence not in hit_sentences:
                    hit_sentences.append(sentence)
        day: date | None = None
        why = ""
        if kind is ReplyKind.TIMELINE:
            day, why = _kind_date(kind, hit_sentences, anchor)
            promised = _promised_date(sentences, anchor)
            if promised is not None and promised[0] not in hit_sentences:
                score += 3
                reasons.append("promises news around a stated date")
                hit_sentences.append(promised[0])
                day, why = _kind_date(kind, hit_sentences, anchor)
            elif day is not None and score:
                score += 1
        elif kind is ReplyKind.OFFER and score >= threshold:
            day, why = _kind_date(kind, sentences, anchor)  # the deadline may be anywhere
        if score >= threshold:
            if why:
                reasons.append(why)
            found.append((kind, score, tuple(dict.fromkeys(reasons)), day))
    found.sort(key=lambda row: (-row[1], order[row[0]]))
    return found


def _live(
    signals: tuple[_Signal, ...], present: frozenset[str] | None
) -> list[tuple[int, _Signal, tuple[str, ...] | None]]:
    """The signals that may match a mail holding the needles ``present`` (None: every
    signal, with all its needles), each with the needles of it that the mail holds."""
    live: list[tuple[int, _Signal, tuple[str, ...] | None]] = []
    for number, signal in enumerate(signals):
        if present is None or signal.needles is None:
            live.append((number, signal, None if present is None else signal.needles))
            continue
        held = tuple(n for n in signal.needles if n in present)
        if held:
            live.append((number, signal, held))
    return live


def _promised_date(sentences: list[str], anchor: date | None) -> tuple[str, date] | None:
    """The first sentence that promises news and states a date not in the past."""
    for sentence in sentences:
        if not _PROMISE.search(sentence) or _negated_promise(sentence):
            continue
        for mention in find_dates(sentence, anchor):
            if anchor is None or mention.last >= anchor:
                return sentence, mention.last
    return None


def _negated_promise(sentence: str) -> bool:
    match = _PROMISE.search(sentence)
    return match is not None and _negated(sentence, match.start())


def _looking_back(sentence: str, at: int) -> bool:
    """A round mentioned as past: "thanks for coming in for the final round", "following
    your second interview" name the round that was, not one to come."""
    return _PAST.search(_clause_before(sentence, at)) is not None


def _negated(sentence: str, at: int) -> bool:
    """A negation in the clause before ``at`` (at most 60 characters back)."""
    return _NEG.search(_clause_before(sentence, at)) is not None


def _clause_before(sentence: str, at: int) -> str:
    """The words of ``at``'s clause before it (a comma, colon, "but" ... starts a clause),
    at most 60 characters."""
    before = sentence[max(0, at - 60) : at]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    return before[starts[-1] :] if starts else before


def _kind_date(
    kind: ReplyKind, sentences: list[str], anchor: date | None
) -> tuple[date | None, str]:
    if kind not in (ReplyKind.TIMELINE, ReplyKind.OFFER):
        return None, ""
    mentions: list[DateMention] = []
    for sentence in sentences:
        for mention in find_dates(sentence, anchor):
            if anchor is not None and mention.last < anchor:
                continue
            if kind is ReplyKind.OFFER and not _DEADLINE_CUE.search(
                sentence[max(0, mention.start - 60) : mention.start]
            ):
                continue
            mentions.append(mention)
    if not mentions:
        return None, ""
    chosen = max(mentions, key=lambda m: m.last)
    label = "decision date" if kind is ReplyKind.TIMELINE else "response deadline"
    return chosen.last, f"{label} stated: {describe(chosen)!r}"


def _confidence(human: list[tuple[ReplyKind, int, tuple[str, ...], date | None]]) -> float:
    """Higher for a stronger score, lower when another kind comes close."""
    top = human[0][1]
    second = human[1][1] if len(human) > 1 else 0
    base = min(0.95, 0.55 + 0.06 * top)
    return round(max(0.3, base - 0.25 * (second / top)), 2)
