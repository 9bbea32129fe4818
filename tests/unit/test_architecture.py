"""The dependency rules of DESIGN section 4, as import-linter contracts (pyproject.toml).

cli -> bootstrap -> (services | adapters) -> domain; the domain imports no I/O and no
framework; the CLI reaches adapters only through bootstrap. Run through import-linter's own
command, its public interface, so a broken contract fails here with its report.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint_imports), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert f"{len(declared['contracts'])} kept, 0 broken" in proc.stdout  # every one ran
