"""What a rule is: :class:`Rule`, its identity, documentation and check; what it reports
(:class:`~cyberark_cfg.findings.Diagnostic`, :class:`~cyberark_cfg.findings.Fix`) lives in
:mod:`cyberark_cfg.findings`.

A rule module holds one ``RULE`` and one ``check`` generator; its module docstring, under the
fixed headings (Why it matters / Example / Use instead / Fix), is the page `cfgtool explain`
prints. Rules return diagnostics carrying fixes as data; they never edit a document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from cyberark_cfg.edits import Edit

# Re-exported for one landing while other branches move to cyberark_cfg.findings.
from cyberark_cfg.findings import Diagnostic, Fix, Severity

if TYPE_CHECKING:
    from cyberark_cfg.document import Document
    from cyberark_cfg.nodes import Entry


CheckFn = Callable[["Document"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation; ``check`` yields its diagnostics for one document."""

    code: str
    slug: str
    kinds: tuple[str, ...]  # empty: any kind
    severity: Severity
    summary: str
    check: CheckFn
    doc: str = ""
    fix_title: str | None = None
    fix_safety: str | None = None  # "safe" or "unsafe" when the rule has a fix
    tags: frozenset[str] = field(default_factory=frozenset)

    def applies_to(self, kind: str | None) -> bool:
        return not self.kinds or kind in self.kinds

    def diagnostic(self, document: Document, message: str, *, at: Entry | None = None,
                   line: int = 1, column: int = 1, key: str | None = None,
                   fix: Fix | None = None, path: str | None = None,
                   severity: Severity | None = None) -> Diagnostic:
        """A diagnostic of this rule (default severity unless told) about ``document``, placed
        at the key of entry ``at`` when given, else at ``line`` and ``column``."""
        if at is not None:
            line, column = at.lineno, at.key_column
        return Diagnostic(self.code, severity or self.severity, message, path or document.path,
                          line, column, key, fix)

    def fix(self, *edits: Edit) -> Fix:
        """This rule's fix (its title and safety) made of ``edits``."""
        return Fix(self.fix_title or "", tuple(edits), self.fix_safety != "unsafe")


R = TypeVar("R", bound=Rule)


def load_registry(package: str, modules: Iterable[str], rule_type: type[R]) -> dict[str, R]:
    """Import each rule module of ``package`` (a module is named after its rule's code, with an
    optional subpackage: ``"padr.PADR001"``) and key its ``RULE`` by code, in the given order."""
    rules: dict[str, R] = {}
    for name in modules:
        rule = importlib.import_module(f"{package}.{name}").RULE
        assert isinstance(rule, rule_type) and rule.code == name.rsplit(".", 1)[-1], name
        rules[rule.code] = rule
    return rules
