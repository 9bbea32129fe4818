"""A spreadsheet saved as text, as cells: the encoding and the delimiter found (issue 16).

Excel writes UTF-8 with a BOM, UTF-16 ("Unicode text", tab-separated) or the Windows code
page, and European Excel separates with semicolons; ``charset-normalizer`` and
``csv.Sniffer`` decide, which is what each does well. A file that decodes to nothing
readable (a picture, an archive) is refused as bad input, naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io

from followup.domain.errors import BadInput

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def decode(raw: bytes, label: str) -> str:
    """The file's text; BOMs first, then UTF-8, then what charset-normalizer finds."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="strict")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = from_bytes(raw)
        best = matches.best()
        if best is None:
            raise BadInput(f"{label}: not a spreadsheet saved as text (CSV or TSV)") from None
        # Central European and Baltic code pages read Western text as well as Windows-1252
        # does, byte for byte; a tie goes to Windows-1252, what Excel writes in the West.
        western = next((m for m in matches if m.encoding == "cp1252"), None)
        if western is not None and (western.chaos, -western.coherence) <= (
            best.chaos,
            -best.coherence,
        ):
            best = western
        text = str(best)
    if "\x00" in text or _control_share(text) > 0.01:
        raise BadInput(f"{label}: not a spreadsheet saved as text (CSV or TSV)")
    return text


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    odd = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return odd / len(sample)


def cells(text: str) -> list[list[str]]:
    """The rows' cells; the delimiter (comma, semicolon, tab) sniffed from the first lines."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def table(raw: bytes, label: str) -> list[list[str]]:
    try:
        return cells(decode(raw, label))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadInput(f"{label}: cannot read it as a spreadsheet ({exc})") from None
