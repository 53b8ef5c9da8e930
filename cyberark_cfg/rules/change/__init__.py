"""The transition rules (CHG001-CHG003): checks on a change to a file, given the file before
and after it, for `cfgtool check-change`.

A rule here is a :class:`~cyberark_cfg.rules.base.Rule` of scope CHANGE (so the per-file
engine skips it while `cfgtool rules` and `explain` list it with the others): its ``check``
takes ``(before, after)``, ``before`` None for a new file; ``kinds`` names the kinds of file
the change is checked on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule, Scope, load_registry

ChangeCheckFn = Callable[[Document | None, Document], Iterable[Diagnostic]]


def ChangeRule(*, check_change: ChangeCheckFn, slug: str, severity: Severity, summary: str,
               kinds: tuple[str, ...] = (), fix_title: str | None = None,
               fix_safety: FixSafety | None = None) -> Rule:
    """A rule of scope CHANGE whose ``check`` is ``check_change``."""
    return Rule(check=check_change, slug=slug, severity=severity, summary=summary, kinds=kinds,
                fix_title=fix_title, fix_safety=fix_safety, scope=Scope.CHANGE)


def _load() -> dict[str, Rule]:
    from cyberark_cfg.rules import MODULES

    return load_registry("cyberark_cfg.rules", [m for m in MODULES if m.startswith("change.")])


CHANGE_RULES: dict[str, Rule] = _load()


def check_transition(before: Document | None, after: Document,
                     rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    """The transition rules' findings on one file's change, in line order."""
    found: list[Diagnostic] = []
    for rule in CHANGE_RULES.values() if rules is None else rules:
        if rule.covers(after.kind):
            found.extend(rule.check(before, after))
    found.sort(key=lambda d: (d.line, d.column, d.code))
    return found


__all__ = ["CHANGE_RULES", "ChangeCheckFn", "ChangeRule", "check_transition"]
