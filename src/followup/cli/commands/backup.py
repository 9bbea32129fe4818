"""``followup backup PATH`` and ``followup restore PATH``: the whole database, kept and put back.

Backup is safe while ``serve`` and ``worker`` write (SQLite's online backup API). Restore
checks the file first (a sound followup database of a schema this release knows) and keeps
the database it replaces beside it, ``<db>.before-restore-<stamp>``; while another process
holds the write lock it refuses (exit 2) rather than wait for ever. Bad input: exit 2,
nothing written or replaced.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from followup.cli.session import ports


@click.command()
@click.argument("path", metavar="PATH")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def backup(path: str, force: bool) -> None:
    """Copy the database to PATH (a consistent copy, even while serve or worker run)."""
    missing = ports().backup_database(path, force=force)
    click.echo(f"backed up to {path}")
    if missing:
        # The database is backed up whole; only these files could not come with it.
        click.echo(
            f"warning: {len(missing)} document file(s) missing or damaged in the documents "
            f"folder are not in the backup: {', '.join(h[:12] for h in missing[:5])}"
            + (" ..." if len(missing) > 5 else ""),
            err=True,
        )


@click.command()
@click.argument("path", metavar="PATH")
def restore(path: str) -> None:
    """Replace the database by the backup at PATH; the old one is kept beside it."""
    # The stamp names a file, not a moment in the plan: the real clock, not --now.
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = ports().restore_database(path, stamp)
    click.echo(f"restored from {path}" + (f"; the previous database is at {kept}" if kept else ""))
