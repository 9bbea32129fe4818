"""followup: the post-interview follow-up playbook, computed from the interview itself."""

__version__ = "0.1.0"
