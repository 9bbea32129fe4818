"""Time reading and classifying mail: the labelled corpus, several times over.

    python bench/classify_mail.py [--rounds 10]

Prints the import cost of the parser and the rules (paid once per process that reads mail)
and the time per mail for ``parse_mail`` + ``replies.classify``, the work an inbox
sync does for every new message.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "mail"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    from followup.adapters.mail.parse import parse_mail
    from followup.domain.replies import classify

    parse_mail(b"Subject: warm-up\r\n\r\nx")
    imported = time.perf_counter() - start
    mails = [path.read_bytes() for path in sorted(CORPUS.glob("*/*.eml"))]
    per_mail = []
    for _ in range(args.rounds):
        begin = time.perf_counter()
        for raw in mails:
            classify(parse_mail(raw))
        per_mail.append((time.perf_counter() - begin) / len(mails))
    print(f"import and first parse: {imported * 1000:.0f} ms")
    median = statistics.median(per_mail) * 1000
    print(
        f"{len(mails)} mails x {args.rounds} rounds: median {median:.2f} ms per mail, "
        f"slowest round {max(per_mail) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
