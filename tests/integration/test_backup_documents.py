"""A backup carries the documents' files (issues 16 and 18): the backup stays one file, a
restore puts every file back byte for byte, a damaged file refuses the restore, and a file
missing from the folder is named while the rest is backed up."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from followup import bootstrap
from followup.domain.documents import DocumentKind
from followup.domain.errors import BadInput
from followup.services import applications, documents

STAMP = "20261205T103000Z"
PDF = b"%PDF-1.4\n% Alex Morgan, resume\n" + bytes(range(256)) * 40
SAMPLE = b"a work sample: how I size A/B tests\n" * 100


def _with_documents(tmp_path: Path) -> tuple[bootstrap.Settings, dict[int, bytes]]:
    settings = bootstrap.Settings(db=str(tmp_path / "live" / "f.db"), config=None, now=None)
    Path(settings.db).parent.mkdir()
    with bootstrap.session(settings) as ctx:
        app = applications.add_application(ctx, "Globex", "Data Analyst")
        resume = documents.keep(ctx, app.id, PDF, "Résumé.pdf", kind=DocumentKind.RESUME)
        sample = documents.keep(ctx, app.id, SAMPLE, "sample.txt")
    return settings, {resume.id: PDF, sample.id: SAMPLE}


def _contents(settings: bootstrap.Settings) -> dict[int, bytes]:
    with bootstrap.session(settings) as ctx:
        return {d.id: documents.content(ctx, d.id)[1] for d in documents.list_documents(ctx)}


def test_a_restore_on_another_machine_gives_every_document_back(tmp_path: Path) -> None:
    settings, files = _with_documents(tmp_path)
    adapters = bootstrap.Adapters(settings)
    copy = tmp_path / "backup.db"
    assert adapters.backup_database(str(copy)) == []
    assert not Path(str(copy) + ".files").exists()  # one file: the files are inside it
    # Another machine: nothing but the backup.
    other = bootstrap.Settings(db=str(tmp_path / "other" / "f.db"), config=None, now=None)
    Path(other.db).parent.mkdir()
    bootstrap.Adapters(other).restore_database(str(copy), STAMP)
    assert _contents(other) == files
    with closing(sqlite3.connect(other.db)) as conn:
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master")}
    assert "backup_file" not in tables  # the carrier table stays in the backup


def test_a_damaged_file_in_the_backup_refuses_the_restore(tmp_path: Path) -> None:
    settings, _ = _with_documents(tmp_path)
    copy = tmp_path / "backup.db"
    bootstrap.Adapters(settings).backup_database(str(copy))
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("UPDATE backup_file SET data = X'00' WHERE rowid = 1")
        conn.commit()
    other = bootstrap.Settings(db=str(tmp_path / "other.db"), config=None, now=None)
    with pytest.raises(BadInput, match="does not match its hash"):
        bootstrap.Adapters(other).restore_database(str(copy), STAMP)
    assert not Path(other.db).exists()
    assert not Path(other.db + ".files").exists()


def test_a_file_missing_from_the_folder_is_named_and_the_rest_backed_up(
    tmp_path: Path,
) -> None:
    settings, _ = _with_documents(tmp_path)
    adapters = bootstrap.Adapters(settings)
    with bootstrap.session(settings) as ctx:
        sample = next(d for d in documents.list_documents(ctx) if d.name == "sample.txt")
    Path(adapters.document_files().path(sample.sha256)).unlink()
    copy = tmp_path / "backup.db"
    assert adapters.backup_database(str(copy)) == [sample.sha256]
    shutil.rmtree(adapters.document_folder)
    adapters.restore_database(str(copy), STAMP)
    with bootstrap.session(settings) as ctx:
        resume = next(d for d in documents.list_documents(ctx) if d.name == "Résumé.pdf")
        assert documents.content(ctx, resume.id)[1] == PDF
