"""The transition rules (CHG001-CHG003): checks on a change to a file, given the file before
and after it, for `cfgtool check-change`. An explicit registry, like the per-file one.

A :class:`ChangeRule` is a :class:`Rule` that never applies to a single document, so the
per-file engine skips it while `cfgtool rules` and `explain` can list it with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Fix
from cyberark_cfg.rules.base import Rule, load_registry

ChangeCheckFn = Callable[[Document | None, Document], Iterable[Diagnostic]]


def _no_document_check(document: Document) -> Iterator[Diagnostic]:
    return iter(())


@dataclass(frozen=True, kw_only=True)
class ChangeRule(Rule):
    """A rule over a change: ``check_change(before, after)``; ``before`` is None for a new file.
    ``kinds`` names the kinds of file the change is checked on."""

    check_change: ChangeCheckFn
    check: Callable[[Document], Iterable[Diagnostic]] = _no_document_check

    def applies_to(self, kind: str | None) -> bool:
        return False

    def applies_to_change(self, kind: str | None) -> bool:
        return not self.kinds or kind in self.kinds

    def finding(self, document: Document, message: str, *, line: int = 1, column: int = 1,
                key: str | None = None, fix: Fix | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, document.path, line, column,
                          key, fix)


_MODULES = ("CHG001", "CHG002", "CHG003")


CHANGE_RULES: dict[str, ChangeRule] = load_registry(__name__, _MODULES, ChangeRule)


def check_transition(before: Document | None, after: Document,
                     rules: Iterable[ChangeRule] | None = None) -> list[Diagnostic]:
    """The transition rules' findings on one file's change, in line order."""
    found: list[Diagnostic] = []
    for rule in CHANGE_RULES.values() if rules is None else rules:
        if rule.applies_to_change(after.kind):
            found.extend(rule.check_change(before, after))
    found.sort(key=lambda d: (d.line, d.column, d.code))
    return found


__all__ = ["CHANGE_RULES", "ChangeCheckFn", "ChangeRule", "check_transition"]
