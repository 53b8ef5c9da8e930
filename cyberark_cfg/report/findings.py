"""The findings the report lists: exactly what `cfgtool lint --topology FILE` reports (every
file in the topology's folder, those the topology does not name in a group of their own, and the
estate rules' DR001-DR008, through the same configuration and baseline), lint's exit code for
them, and the worst severity per file that colours the diagram."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cyberark_cfg.estate.model import Estate
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.catalogue import sections, why
from cyberark_cfg.lint.output import Summary
from cyberark_cfg.lint.resolve import Settings
from cyberark_cfg.lint.run import estate_findings, load_baseline, run
from cyberark_cfg.rules import RULES


@dataclass
class _Kept:
    """A lint writer that keeps the findings (and the errors) instead of printing them."""

    found: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def start(self) -> None:
        pass

    def finding(self, diagnostic: Diagnostic) -> None:
        self.found.append(diagnostic)

    def finish(self, summary: Summary) -> None:
        pass


@dataclass(frozen=True)
class Collected:
    """The report's findings, worst first, and lint's verdict on the same run: whether they
    reach the fail-on severity, how many files could not be read (and why)."""

    findings: list[Diagnostic]
    failing: bool
    unreadable: int
    errors: tuple[str, ...]


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
    return os.path.normcase(os.path.abspath(path or "")) if path else ""


def collect(estate: Estate, settings: Settings) -> Collected:
    """Every finding `cfgtool lint` gives with ``settings`` (the estate rules run on the loaded
    ``estate``), worst first, then by file and line."""
    kept = _Kept()
    summary = run(list(settings.paths), settings.config, kept, baseline=load_baseline(settings),
                  estate=estate_findings(settings, estate), report=kept.errors.append)
    found = list(dict.fromkeys(kept.found))
    found.sort(key=lambda d: (-d.severity, d.path or "", d.line, d.column, d.code))
    return Collected(found, summary.reaches(settings.config.fail_on),
                     summary.unreadable + summary.unknown, tuple(kept.errors))


def explanation(code: str) -> Explanation | None:
    rule = RULES.get(code)
    if rule is None:
        return None
    fix = " ".join(sections(rule).get("fix", "").split())
    if rule.fix_title:
        fix = f"{rule.fix_title} (`cfgtool fix`, {rule.fix_safety}). {fix}".strip()
    return Explanation(code, rule.summary, why(rule), fix)
