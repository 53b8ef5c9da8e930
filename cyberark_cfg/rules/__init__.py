"""The rule registry: an explicit table of contents, one module per rule, keyed by code.

Codes are a public contract: never renumber, never reuse. A rule module lives in the package
of the one kind it checks (`any` for every kind), so linting a file imports only the rules of
its kind (:func:`rules_for`); ``RULES``, every rule, is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.rules.base import Rule, load_registry

# Package, module: the module's name is the rule's code.
MODULES = (
    "any.CFG001", "any.CFG002", "any.CFG003", "any.CFG004", "any.CFG005", "any.CFG006",
    "padr.PADR001", "padr.PADR002", "padr.PADR003", "padr.PADR004", "padr.PADR005",
    "padr.PADR006", "padr.PADR007",
    "vault.VAULT001", "vault.VAULT002", "vault.VAULT003", "vault.VAULT004", "vault.VAULT005",
    "vault.VAULT006", "vault.VAULT007",
    "psm.PSM001", "psm.PSM002",
    "cred.CRED001", "cred.CRED002", "cred.CRED003", "cred.CRED004",
    "tsparm.TSPARM001", "tsparm.TSPARM002",
    "dbparm.DBPARM001", "dbparm.DBPARM002", "dbparm.DBPARM003", "dbparm.DBPARM004",
    # Estate and transition rules never apply to a single document: `check_document` skips
    # them; `cfgtool lint --topology` and `cfgtool check-change` run them.
    "estate.DR001", "estate.DR002", "estate.DR003", "estate.DR004", "estate.DR005",
    "estate.DR006", "estate.DR007", "estate.DR008", "estate.DR009", "estate.DR010",
    "estate.DR011", "estate.DR012", "estate.DR013", "estate.DR014",
    # DR020 onward: component roles and cross-file checks (issue 15).
    "estate.DR020", "estate.DR021", "estate.DR022", "estate.DR023", "estate.DR024",
    "estate.DR025", "estate.DR026",
    "change.CHG001", "change.CHG002", "change.CHG003",
)


# Every code, in registry order, known without importing a rule (selectors check against it).
CODES: tuple[str, ...] = tuple(name.rsplit(".", 1)[1] for name in MODULES)
# Packages whose rules never run on one document (see `check_document`).
_NOT_PER_DOCUMENT = ("estate", "change")

RULES: dict[str, Rule]  # every rule by code; imported on first use (see __getattr__)
_BY_KIND: dict[str | None, tuple[Rule, ...]] = {}
_LINE_ORDER = attrgetter("line", "column", "code")


def __getattr__(name: str) -> Any:
    if name == "RULES":
        rules = load_registry(__name__, MODULES)
        globals()["RULES"] = rules
        return rules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def all_rules() -> dict[str, Rule]:
    """``RULES``, imported now if it was not yet (a test may have replaced it)."""
    rules: dict[str, Rule] = globals().get("RULES") or __getattr__("RULES")
    return rules


def rules_for(kind: str | None) -> tuple[Rule, ...]:
    """The rules that check a single document of ``kind``, importing only their modules."""
    if kind not in _BY_KIND:
        packages = ("any", kind)
        modules = [name for name in MODULES if name.split(".", 1)[0] in packages
                   and name.split(".", 1)[0] not in _NOT_PER_DOCUMENT]
        rules = tuple(load_registry(__name__, modules).values())
        # The layout is the index: a rule checks exactly the kind its package is named after.
        assert all(rule.kinds == ((kind,) if package != "any" else ())
                   for rule, package in zip(rules, (m.split(".")[0] for m in modules),
                                            strict=True)), kind
        _BY_KIND[kind] = rules
    return _BY_KIND[kind]


def check_document(document: Document, rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    """Run every applicable rule (or the applicable ones of those given) on one document, in
    line order."""
    kind = document.kind
    chosen = all_rules().values() if rules is None else rules
    return run_rules(document, [rule for rule in chosen if rule.applies_to(kind)])


def run_rules(document: Document, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Run ``rules``, each known to apply to the document's kind, in line order (lint decides
    which apply once per kind, not once per file)."""
    found: list[Diagnostic] = []
    for rule in rules:
        found.extend(rule.check(document))
    if len(found) > 1:
        found.sort(key=_LINE_ORDER)
    return found


__all__ = ["CODES", "MODULES", "RULES", "Rule", "all_rules", "check_document", "rules_for",
           "run_rules"]
