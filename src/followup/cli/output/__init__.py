"""What a command prints: ``emit`` chooses JSON or text once; one module per thing a
person reads (the agenda, records, a debrief, review findings, times). Nothing here imports
click at package level: ``fast`` (``today --json``) imports ``json_text`` without it."""
