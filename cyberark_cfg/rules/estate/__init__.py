"""The estate rules (DR001-DR014): checks that need the whole DR estate, read through a
topology file, rather than one document.

A rule here is a :class:`~cyberark_cfg.rules.base.Rule` of scope ESTATE (so the per-file
engine skips it while `cfgtool rules` and `explain` list it with the others): its ``check``
takes the :class:`~cyberark_cfg.estate.model.Estate`, and each finding names the file it is
about, which may be any file of the estate or the topology itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule, Scope, load_registry

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

EstateCheckFn = Callable[["Estate"], Iterable[Diagnostic]]


def EstateRule(*, check_estate: EstateCheckFn, slug: str, severity: Severity, summary: str,
               kinds: tuple[str, ...] = (), fix_title: str | None = None,
               fix_safety: FixSafety | None = None) -> Rule:
    """A rule of scope ESTATE whose ``check`` is ``check_estate``."""
    return Rule(check=check_estate, slug=slug, severity=severity, summary=summary, kinds=kinds,
                fix_title=fix_title, fix_safety=fix_safety, scope=Scope.ESTATE)


def _load() -> dict[str, Rule]:
    from cyberark_cfg.rules import MODULES

    return load_registry("cyberark_cfg.rules", [m for m in MODULES if m.startswith("estate.")])


ESTATE_RULES: dict[str, Rule] = _load()

__all__ = ["ESTATE_RULES", "EstateCheckFn", "EstateRule"]
