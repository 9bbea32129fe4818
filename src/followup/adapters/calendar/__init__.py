"""Calendars: invitations read in (``invite``); the plan written out comes beside them."""
