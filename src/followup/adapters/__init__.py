"""Concrete implementations of the ports: SQLite store, config file, ..."""
