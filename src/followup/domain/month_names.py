"""Month names and their short forms in the languages mail and spreadsheets come in, by
number: one table for reading dates in replies (``textdates``) and in imported files
(``importing``)."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio januari janeiro",
        "february feb februar février fevrier febrero febbraio februari fevereiro",
        "march mar märz maerz mars marzo maart março marco",
        "april apr avril abril aprile",
        "may mai mayo maggio mei maio",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setiembre settembre setembro",
        "october oct oktober octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number


def month_number(word: str) -> int | None:
    """1-12 for a month's name or short form in the languages above ("Nov", "novembre",
    "März"), any case; None for any other word."""
    return MONTHS.get(word.lower())
