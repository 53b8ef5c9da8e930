"""Run the estate rules over a loaded estate (`cfgtool lint --topology`, the report).

The lint layer, above both the estate model and the rules, which import the model: importing
:mod:`cyberark_cfg.estate` never loads the rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from cyberark_cfg.estate.model import Estate
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.estate import ESTATE_RULES


def check_estate(estate: Estate, rules: Iterable[Rule] | None = None,
                 *, include_problems: bool = True) -> list[Diagnostic]:
    """The estate's findings, sorted by file and line.

    With ``include_problems`` the files that did not parse come first, as the parser's own
    findings (CFG001/CFG002): a lint run that also lints those files should drop them.
    """
    found: list[Diagnostic] = list(estate.problems) if include_problems else []
    for rule in ESTATE_RULES.values() if rules is None else rules:
        found.extend(rule.check(estate))
    found.sort(key=lambda d: (d.path or "", d.line, d.column, d.code))
    return found
