"""Proofreading engines (Harper, proselint, readability) and the process that keeps them warm."""
