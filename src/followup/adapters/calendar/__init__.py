"""Calendars: the plan written as iCalendar (RFC 5545), and what the calendar feed keeps."""
