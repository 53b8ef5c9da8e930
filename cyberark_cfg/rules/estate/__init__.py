"""The estate rules (DR001-DR008): checks that need the whole DR estate, read through a
topology file, rather than one document. An explicit registry, like the per-file one.

An :class:`EstateRule` is a :class:`Rule` that never applies to a single document, so the
per-file engine skips it while `cfgtool rules` and `explain` can list it with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Fix
from cyberark_cfg.rules.base import Rule, load_registry

if TYPE_CHECKING:
    from cyberark_cfg.document import Document
    from cyberark_cfg.estate.model import Estate

EstateCheckFn = Callable[["Estate"], Iterable[Diagnostic]]


def _no_document_check(document: Document) -> Iterator[Diagnostic]:
    return iter(())


@dataclass(frozen=True, kw_only=True)
class EstateRule(Rule):
    """A rule over an :class:`~cyberark_cfg.estate.model.Estate`; each finding names the file
    it is about, which may be any file of the estate or the topology itself."""

    check_estate: EstateCheckFn
    check: Callable[[Document], Iterable[Diagnostic]] = _no_document_check
    kinds: tuple[str, ...] = ()

    def applies_to(self, kind: str | None) -> bool:
        return False

    def finding(self, path: str | None, message: str, *, line: int = 1, column: int = 1,
                key: str | None = None, fix: Fix | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, path, line, column, key, fix)

    def run_estate(self, estate: Estate) -> Iterator[Diagnostic]:
        yield from self.check_estate(estate)


_MODULES = ("DR001", "DR002", "DR003", "DR004", "DR005", "DR006", "DR007", "DR008",
            # DR020 onward (issue 15): component roles and cross-file checks.
            "DR020", "DR021")


ESTATE_RULES: dict[str, EstateRule] = load_registry(__name__, _MODULES, EstateRule)

__all__ = ["ESTATE_RULES", "EstateCheckFn", "EstateRule"]
