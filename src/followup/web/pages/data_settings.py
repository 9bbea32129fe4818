"""Settings' Data card (issue 16): the export (JSON, the lossless backup format, or CSV,
one row per application for a spreadsheet) and a backup of the whole database to download,
as ``followup export`` and ``followup backup`` make them.

The backup is taken with SQLite's online backup API into a private temporary folder, sent,
then removed: the server keeps no copy the user did not ask for, and a download of a big
database streams from the file rather than sitting in memory. A POST with the CSRF token,
not a link: the file holds the person's whole job search, and no other page may make the
browser fetch it.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from fastapi import APIRouter, Request
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response

from followup.domain.errors import BadInput
from followup.services import profile
from followup.services.context import Context
from followup.web.forms import checked_form
from followup.web.state import run, session, web_state

router = APIRouter(include_in_schema=False)


def _file_name(ctx: Context, what: str, extension: str) -> str:
    """``followup-backup-2026-11-23.db``: dated on the user's clock, as they file it."""
    day = ctx.now.astimezone(profile.display_zone(ctx)).date()
    return f"followup-{what}-{day.isoformat()}.{extension}"


@router.post("/settings/backup")
async def download_backup(request: Request) -> Response:
    await checked_form(request)
    with session(request) as ctx:
        name = _file_name(ctx, "backup", "db")
    folder = tempfile.mkdtemp(prefix="followup-backup-")  # 0700: only this user reads it
    path = os.path.join(folder, name)
    try:
        await run_in_threadpool(web_state(request).ports.backup_database, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type="application/vnd.sqlite3",
        filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


# format -> (media type, file name extension)
_EXPORTS = {"json": ("application/json", "json"), "csv": ("text/csv; charset=utf-8", "csv")}


@router.post("/settings/export/{format_name}")
async def download_export(request: Request, format_name: str) -> Response:
    await checked_form(request)
    if format_name not in _EXPORTS:
        raise BadInput(f"there is no export as {format_name[:40]!r}; choose JSON or CSV")
    media_type, extension = _EXPORTS[format_name]

    def export(ctx: Context) -> tuple[bytes, str]:
        from followup.services import exporting

        if format_name == "json":
            data = exporting.export_json(ctx).encode()
        else:
            data = exporting.export_csv(ctx)
        return data, _file_name(ctx, "export", extension)

    data, name = await run(request, export)
    return Response(
        data,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
