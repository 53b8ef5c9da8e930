"""The findings the report lists: every estate file's own lint findings plus the estate rules'
(DR001-DR008), filtered by the same configuration `cfgtool lint` would use, and the worst
severity per file that colours the diagram."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cyberark_cfg.estate.model import Estate
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.catalogue import sections, why
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import apply_config, lint_file
from cyberark_cfg.lint.estate import check_estate
from cyberark_cfg.lint.run import resolve_config
from cyberark_cfg.rules import RULES


@dataclass(frozen=True)
class Explanation:
    """A rule's documentation, short enough to repeat under each finding that cites it."""

    code: str
    summary: str
    why: str
    fix: str


def file_key(path: str | None) -> str:
    """Paths compare by this: the estate and the lint engine spell the same file alike only
    after normalising."""
    return os.path.normcase(os.path.normpath(path or ""))


def collect(estate: Estate, config: LintConfig | None = None) -> list[Diagnostic]:
    """Every finding on the estate, worst first, then by file and line.

    The configuration defaults to the one `cfgtool lint` finds from the topology's folder.
    """
    if config is None:
        config = resolve_config([estate.topology.path])
    found: list[Diagnostic] = []
    linted = set()
    for path in estate.files():
        linted.add(file_key(path))
        result = lint_file(path, config)
        if result.error is None:
            found.extend(result.diagnostics)
    # Files that did not even decode are not among the loaded ones: keep the parser's finding.
    found.extend(d for d in estate.problems if file_key(d.path) not in linted)
    for diagnostic in check_estate(estate, include_problems=False):
        found.extend(apply_config([diagnostic], config, diagnostic.path or "", None))
    unique = list(dict.fromkeys(found))
    unique.sort(key=lambda d: (-d.severity, d.path or "", d.line, d.column, d.code))
    return unique


def explanation(code: str) -> Explanation | None:
    rule = RULES.get(code)
    if rule is None:
        return None
    fix = " ".join(sections(rule).get("fix", "").split())
    if rule.fix_title:
        fix = f"{rule.fix_title} (`cfgtool fix`, {rule.fix_safety}). {fix}".strip()
    return Explanation(code, rule.summary, why(rule), fix)
