"""Import: a spreadsheet uploaded, its dry run shown row by row, then confirmed (issue 16).

The preview reads the file as ``followup import FILE --dry-run`` does and keeps the decoded
text in the confirm form, so what is confirmed is exactly what was shown, without a copy on
the server between the two requests.
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from followup.domain.limits import REQUEST_BYTES
from followup.services.context import Context
from followup.web.forms import checked_form, checked_upload
from followup.web.pages.common import page
from followup.web.state import run

router = APIRouter(include_in_schema=False)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> HTMLResponse:
    return _page(request, None)


@router.post("/import/preview", response_class=HTMLResponse)
async def preview(request: Request) -> HTMLResponse:
    """The uploaded file's dry run: each row's outcome and every problem."""
    raw, name = await checked_upload(
        request, "spreadsheet", REQUEST_BYTES,
        missing="choose a spreadsheet (CSV or TSV) to import",
        too_big="the file is larger than 1 MiB; import it with `followup import FILE`",
    )  # fmt: skip
    label = name or "the spreadsheet"
    text, report = await run(request, lambda ctx: _dry_run(ctx, raw, label))
    return _page(request, report, text=text, file_name=label)


@router.post("/import/confirm", response_class=HTMLResponse)
async def confirm(request: Request) -> HTMLResponse:
    form = await checked_form(request)
    text = form.last.get("text", "")
    skip_bad = form.get("skip_bad") is not None

    def record(ctx: Context) -> object:
        from followup.services import importing

        table = ctx.ports.spreadsheet(text.encode("utf-8"), "the spreadsheet")
        return importing.import_table(ctx, table, skip_bad=skip_bad)

    report = await run(request, record)
    return _page(request, report, done=True)


def _page(
    request: Request, report: object, *, text: str = "", file_name: str = "", done: bool = False
) -> HTMLResponse:
    return page(
        request, "import.html", "settings",
        report=report, text=text, file_name=file_name, done=done,
    )  # fmt: skip


def _dry_run(ctx: Context, raw: bytes, label: str) -> tuple[str, object]:
    from followup.services import importing

    table = ctx.ports.spreadsheet(raw, label)
    report = importing.import_table(ctx, table, skip_bad=True, dry_run=True)
    # The cells as read, written back as plain UTF-8 CSV for the confirm form to post: the
    # confirmation imports exactly what the dry run showed, whatever the file's encoding.
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(table)
    return out.getvalue(), report
