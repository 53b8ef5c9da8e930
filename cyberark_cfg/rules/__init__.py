"""The rule registry: an explicit table of contents, one module per rule, keyed by code.

Codes are a public contract: never renumber, never reuse.
"""

from __future__ import annotations

from collections.abc import Iterable

from cyberark_cfg.document import Document
from cyberark_cfg.rules.base import Diagnostic, Fix, Rule, Severity, load_registry

# Package, module: the module's name is the rule's code.
_MODULES = (
    "any.CFG001", "any.CFG002", "any.CFG003", "any.CFG004", "any.CFG005", "any.CFG006",
    "padr.PADR001", "padr.PADR002", "padr.PADR003", "padr.PADR004", "padr.PADR005",
    "padr.PADR006",
    "vault.VAULT001", "vault.VAULT002", "vault.VAULT003", "vault.VAULT004", "vault.VAULT005",
    "vault.VAULT006",
    "psm.PSM001", "psm.PSM002",
    "cred.CRED001", "cred.CRED002", "cred.CRED003", "cred.CRED004",
    "tsparm.TSPARM001",
    "dbparm.DBPARM001", "dbparm.DBPARM002", "dbparm.DBPARM003",
    # Estate and transition rules never apply to a single document: `check_document` skips
    # them; `cfgtool lint --topology` and `cfgtool check-change` run them.
    "estate.DR001", "estate.DR002", "estate.DR003", "estate.DR004", "estate.DR005",
    "estate.DR006", "estate.DR007", "estate.DR008",
    "change.CHG001", "change.CHG002", "change.CHG003",
)


RULES: dict[str, Rule] = load_registry(__name__, _MODULES, Rule)


def check_document(document: Document, rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    """Run every applicable rule (or the given ones) on one document, in line order."""
    found: list[Diagnostic] = []
    for rule in RULES.values() if rules is None else rules:
        if rule.applies_to(document.kind):
            found.extend(rule.run(document))
    found.sort(key=lambda d: (d.line, d.column, d.code))
    return found


__all__ = ["RULES", "Diagnostic", "Fix", "Rule", "Severity", "check_document"]
