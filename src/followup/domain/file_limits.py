"""How much of a file the program reads, per kind of file, and how deep TOML may nest.

Every file the program reads is named by the user (``check FILE``, ``debrief --from FILE``,
``inbox classify FILE.eml``, the config file, the templates folder), so none is trusted to
end: ``/dev/zero`` never does, and a mistyped path can name a multi-gigabyte file. Each kind
gets a cap far above anything a person writes, and a bigger file is refused (exit status 2)
rather than read into memory. The numbers live here, in the domain, because the CLI (through
``bootstrap``), the adapters and the services all need them and only the domain is below all
three (``docs/architecture.md``); ``adapters/bounded_read.py`` enforces the byte caps and
``domain/toml_depth.py`` the nesting one.
"""

from __future__ import annotations

MIB = 1024 * 1024

# A debrief is a page of notes; a long one is a few KiB.
MAX_DEBRIEF_FILE_BYTES = 1 * MIB
# A letter to proofread (``followup check``): a few hundred words.
MAX_LETTER_FILE_BYTES = 1 * MIB
# A saved message (``inbox classify``) may carry attachments; the parser reads only its
# first 2 MiB (``adapters/mail_parse.MAX_BYTES``), but a real mail with a scan attached is
# still a mail, so the file itself may be larger.
MAX_MAIL_FILE_BYTES = 64 * MIB
# The config file is a handful of ``[policy]`` numbers.
MAX_CONFIG_FILE_BYTES = 1 * MIB
# A user's own message template: a letter with Jinja tags.
MAX_TEMPLATE_FILE_BYTES = 1 * MIB

# Brackets, braces and dotted-key parts a TOML document may nest. A debrief needs 3
# (``[[questions]]`` is 2, ``topics."Jane Doe"`` 2), the config file 1; 32 leaves room for
# anything a person writes and stops ``a=[[[[...]]]]`` long before ``tomllib`` recurses into
# a RecursionError, and ``a.a.a...=1`` before it builds its key prefixes in quadratic memory.
MAX_TOML_DEPTH = 32
