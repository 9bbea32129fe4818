"""``followup backup`` and ``followup restore`` as a person runs them (issue 16)."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.e2e.conftest import Followup, make_profile


def test_backup_then_restore_brings_back_what_was_backed_up(followup: Followup) -> None:
    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    copy = followup.db.parent / "copy.db"
    assert "backed up" in followup.ok("backup", str(copy))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    refused = followup("backup", str(copy))
    assert refused.code == 2
    assert "--force" in refused.err
    assert "Traceback" not in refused.err
    followup.ok("backup", str(copy), "--force")
    followup.ok("app", "add", "Globex", "Analyst")
    assert followup.counts()["application"] == 2
    out = followup.ok("restore", str(copy))
    assert "before-restore-" in out
    assert followup.counts()["application"] == 1
    kept = [p for p in followup.db.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600


def test_restore_of_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(
    followup: Followup, tmp_path: Path
) -> None:
    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    before = followup.fingerprint()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n" * 20)
    for path in (junk, tmp_path / "missing.db"):
        result = followup("restore", str(path))
        assert result.code == 2, result.err
        assert result.err.startswith("error:")
        assert "Traceback" not in result.err
    assert followup.fingerprint() == before
    assert not [p for p in followup.db.parent.iterdir() if ".before-restore-" in p.name]
