"""Per-file fix plans from the estate rules' fixes, for `cfgtool fix --topology`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from cyberark_cfg.edits import Edit
from cyberark_cfg.estate.model import Estate
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.estate import check_estate
from cyberark_cfg.rules.estate import ESTATE_RULES


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
