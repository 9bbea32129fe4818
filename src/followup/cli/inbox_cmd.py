"""STUB until branch ``classify`` is merged: the ``inbox`` group."""

from __future__ import annotations

import click

from followup.cli import inbox_sync_cmd


@click.group()
def inbox() -> None:
    """Read replies: sync, review, confirm."""


inbox.add_command(inbox_sync_cmd.sync)
inbox.add_command(inbox_sync_cmd.review)
inbox.add_command(inbox_sync_cmd.confirm)
inbox.add_command(inbox_sync_cmd.dismiss)
