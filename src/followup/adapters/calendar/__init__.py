"""Calendars: the plan written as iCalendar (RFC 5545), what the calendar feed keeps, and
invitations read in (``invite``, issue 15)."""
