"""An import-linter contract type that lists what a package MAY import (issue 14).

import-linter's own ``forbidden`` contract is a deny-list: the domain's list named sqlite3
and smtplib, but not ``os``, ``email``, ``pathlib`` or ``keyring``, so a new kind of I/O got
in unnoticed. This contract turns it round: every module the source package imports
directly, outside itself, must be on ``allowed_modules`` (a name allows the module and its
submodules). Used from pyproject.toml's ``[tool.importlinter]`` (``contract_types``); run by
``make arch``.
"""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output


class AllowedImportsContract(Contract):
    """``source_modules`` may import each other and ``allowed_modules``, nothing else."""

    type_name = "allowed_imports"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        sources = [m.name for m in self.source_modules]  # type: ignore[attr-defined]
        allowed = [str(a) for a in self.allowed_modules]  # type: ignore[attr-defined]

        def inside(name: str, packages: list[str]) -> bool:
            return any(name == p or name.startswith(p + ".") for p in packages)

        breaches: list[dict[str, Any]] = []
        for module in sorted(graph.modules):
            if not inside(module, sources):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                if inside(imported, sources) or inside(imported, allowed):
                    continue
                lines = graph.get_import_details(importer=module, imported=imported)
                where = lines[0]["line_number"] if lines else "?"
                breaches.append({"importer": module, "imported": imported, "line": where})
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for breach in check.metadata["breaches"]:
            output.print_error(
                f"{breach['importer']} (line {breach['line']}) imports {breach['imported']}, "
                "which is not on the contract's allowed_modules",
                bold=False,
            )
        output.new_line()
