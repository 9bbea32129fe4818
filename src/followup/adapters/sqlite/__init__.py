"""SQLite: the store, its read side, the inbox tables, migrations and the file itself."""
