"""Run the estate rules over a loaded estate, and turn their fixes into per-file plans for
`cfgtool fix --topology`.

Kept apart from :mod:`cyberark_cfg.estate` itself because the rules import the estate model:
importing the package never loads the rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from cyberark_cfg.edits import Edit
from cyberark_cfg.estate.model import Estate
from cyberark_cfg.rules.base import Diagnostic
from cyberark_cfg.rules.estate import ESTATE_RULES, EstateRule


def check_estate(estate: Estate, rules: Iterable[EstateRule] | None = None,
                 *, include_problems: bool = True) -> list[Diagnostic]:
    """The estate's findings, sorted by file and line.

    With ``include_problems`` the files that did not parse come first, as the parser's own
    findings (CFG001/CFG002): a lint run that also lints those files should drop them.
    """
    found: list[Diagnostic] = list(estate.problems) if include_problems else []
    for rule in ESTATE_RULES.values() if rules is None else rules:
        found.extend(rule.run_estate(estate))
    found.sort(key=lambda d: (d.path or "", d.line, d.column, d.code))
    return found


def fix_plans(estate: Estate, paths: Iterable[str] | None = None,
              keep: Callable[[Diagnostic], bool] | None = None
              ) -> list[tuple[str, list[Edit]]]:
    """``[(path, edits)]`` for `cfgtool fix --topology`: the DR003/DR004 fixes, one plan per
    component file, in path order; ``paths`` limits it to those files (normalised paths),
    ``keep`` to the findings it accepts (those the lint configuration reports)."""
    wanted = None if paths is None else {_normal(p) for p in paths}
    plans: dict[str, list[Edit]] = {}
    for diagnostic in check_estate(estate, [ESTATE_RULES["DR003"], ESTATE_RULES["DR004"]],
                                   include_problems=False):
        if diagnostic.fix is None or diagnostic.path is None:
            continue
        if wanted is not None and _normal(diagnostic.path) not in wanted:
            continue
        if keep is not None and not keep(diagnostic):
            continue
        edits = plans.setdefault(diagnostic.path, [])
        # DR003 and DR004 carry the same complete list for a file: keep one copy.
        edits.extend(e for e in diagnostic.fix.edits if e not in edits)
    return sorted(plans.items())


def _normal(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
