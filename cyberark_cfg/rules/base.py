"""What a rule is: :class:`Rule`, its identity, documentation and check; what it reports
(:class:`~cyberark_cfg.findings.Diagnostic`, :class:`~cyberark_cfg.findings.Fix`) lives in
:mod:`cyberark_cfg.findings`.

A rule module holds one ``RULE`` and one ``check`` generator; its module docstring, under the
fixed headings (Why it matters / Example / Use instead / Fix), is the page `cfgtool explain`
prints. Rules return diagnostics carrying fixes as data; they never edit a document.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Fix, Severity

if TYPE_CHECKING:
    from cyberark_cfg.document import Document
    from cyberark_cfg.edits import Edit
    from cyberark_cfg.nodes import Entry


class Scope(enum.Enum):
    """What a rule's ``check`` is given: one document, the whole estate (a topology and its
    files), or a change to one file (the document before, or None, and after)."""

    DOCUMENT = "document"
    ESTATE = "estate"
    CHANGE = "change"


class FixSafety(str, enum.Enum):
    """Whether a rule's fix is applied by default (safe) or only with --unsafe-fixes."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


# What ``check`` takes depends on the scope: (document), (estate) or (before, after).
CheckFn = Callable[..., Iterable[Diagnostic]]


class Rule:
    """A rule as data: its identity, scope, the kinds it checks, its fix's title and safety,
    its documentation and ``check``, which yields its diagnostics.

    A rule module states only what the layout does not: :func:`load_registry` fills in the
    code (the module's name), the documentation (the module's docstring) and, for a rule of
    one document, the kinds (its package: ``padr``, ``vault``, ...; ``any`` for every kind).
    A plain class, not a dataclass, which a cold `cfgtool lint FILE` would pay to define.
    """

    def __init__(self, *, slug: str, severity: Severity, summary: str, check: CheckFn,
                 code: str = "", kinds: tuple[str, ...] = (), doc: str = "",
                 fix_title: str | None = None, fix_safety: FixSafety | None = None,
                 scope: Scope = Scope.DOCUMENT) -> None:
        self.slug = slug
        self.severity = severity
        self.summary = summary
        self.check = check
        self.code = code
        self.kinds = kinds  # empty: any kind
        self.doc = doc
        self.fix_title = fix_title
        # Set exactly when the rule has a fix (its word, "safe" or "unsafe", is taken too).
        self.fix_safety = None if fix_safety is None else FixSafety(fix_safety)
        self.scope = scope

    def __repr__(self) -> str:
        return f"Rule(code={self.code!r}, slug={self.slug!r})"

    def applies_to(self, kind: str | None) -> bool:
        """Whether this rule checks a single document of ``kind``."""
        return self.scope is Scope.DOCUMENT and self.covers(kind)

    def covers(self, kind: str | None) -> bool:
        """Whether ``kind`` is among the kinds this rule checks (any, when it names none)."""
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

    def finding(self, where: Document | str | None, message: str, *, line: int = 1,
                column: int = 1, key: str | None = None, fix: Fix | None = None) -> Diagnostic:
        """A diagnostic about the file ``where`` (a document, or a path: an estate rule's
        finding may be about any file of the estate, or the topology itself)."""
        path = where if where is None or isinstance(where, str) else where.path
        return Diagnostic(self.code, self.severity, message, path, line, column, key, fix)

    def fix(self, *edits: Edit) -> Fix:
        """This rule's fix (its title and safety) made of ``edits``."""
        return Fix(self.fix_title or "", tuple(edits), self.fix_safety is not FixSafety.UNSAFE)


def load_registry(package: str, modules: Iterable[str]) -> dict[str, Rule]:
    """Import each rule module of ``package`` (a module is named after its rule's code, in the
    subpackage of what it checks: ``"padr.PADR001"``, ``"estate.DR003"``) and key its ``RULE``
    by code, in the given order. The layout is the index: a rule's code is its module's name,
    its documentation the module's docstring, its scope the estate or change subpackage (else
    one document) and a document rule's kind its package (``any``: every kind)."""
    rules: dict[str, Rule] = {}
    for name in modules:
        module = importlib.import_module(f"{package}.{name}")
        folder, code = name.rsplit(".", 1)
        rule = module.RULE
        scope = {"estate": Scope.ESTATE, "change": Scope.CHANGE}.get(folder, Scope.DOCUMENT)
        assert isinstance(rule, Rule) and rule.code in ("", code) and rule.scope is scope, name
        if not rule.code:  # first registration: the module's RULE becomes the whole rule
            kinds = rule.kinds or (() if scope is not Scope.DOCUMENT or folder == "any"
                                   else (folder,))
            rule = Rule(slug=rule.slug, severity=rule.severity, summary=rule.summary,
                        check=rule.check, code=code, kinds=kinds, doc=module.__doc__ or "",
                        fix_title=rule.fix_title, fix_safety=rule.fix_safety,
                        scope=rule.scope)
            vars(module)["RULE"] = rule
        rules[code] = rule
    return rules
