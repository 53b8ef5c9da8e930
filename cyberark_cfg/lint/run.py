"""One lint run: walk the paths of the resolved settings, lint each file, add the estate rules'
findings, filter through the baseline, and stream every finding to the writer. The CLI only
parses options around this (:func:`lint_all`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint import discovery
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import apply_config
from cyberark_cfg.lint.output import Summary, Writer
from cyberark_cfg.lint.parallel import lint_targets
from cyberark_cfg.lint.resolve import Settings, resolve_config

if TYPE_CHECKING:  # a baseline is the caller's; JSON is not loaded without one
    from cyberark_cfg.lint.baseline import Baseline

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "estate_findings", "exit_code", "lint_all",
           "resolve_config", "run"]


def estate_findings(settings: Settings) -> list[Diagnostic]:
    """The estate rules' findings on the settings' topology (none without one), those the
    configuration selects, about files within the walked paths (:meth:`Settings.in_scope`)."""
    if settings.topology is None:
        return []
    from cyberark_cfg.estate import load_estate
    from cyberark_cfg.lint.estate import check_estate

    estate = load_estate(settings.topology)
    # Parse problems of the estate's files come from the per-file run, not twice.
    return [d for d in check_estate(estate, include_problems=False)
            if settings.config.enabled(d.code) and settings.in_scope(d.path)]


def lint_all(settings: Settings, out: Writer, *, kind: str | None = None,
             recorded: list[Diagnostic] | None = None,
             report: Callable[[str], None] = lambda message: None,
             note: Callable[[str], None] = lambda message: None,
             notice: Callable[[str], None] | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 0) -> Summary:
    """`cfgtool lint`: every file under the settings' paths, the estate rules when there is a
    topology, findings in the baseline left out. ``report`` receives the errors (unreadable
    files and files of unknown kind), ``notice`` the copies of configuration files a walk
    skipped (default: ``report``), ``note`` what a verbose run says (every skipped file, the
    configuration and topology used).
    """
    baseline = None
    if settings.baseline is not None:
        from cyberark_cfg.lint.baseline import Baseline

        baseline = Baseline(settings.baseline)
    note(f"configuration: {settings.config.source or 'defaults (no cfgtool.toml found)'}")
    note(f"topology: {settings.topology or 'none (no estate rules)'}")
    estate = estate_findings(settings)

    def skipped(path: str, reason: str) -> None:
        (notice or report if reason.startswith("looks like a copy") else note)(
            f"{path}: {reason}; skipped (lint it by name to check it)")

    return run(list(settings.paths), settings.config, out, kind=kind, baseline=baseline,
               recorded=recorded, report=report, estate=estate, max_bytes=max_bytes,
               jobs=jobs, skipped=skipped)


def run(paths: list[str], config: LintConfig, out: Writer, *, kind: str | None = None,
        baseline: Baseline | None = None, recorded: list[Diagnostic] | None = None,
        report: Callable[[str], None] = lambda message: None,
        estate: Iterable[Diagnostic] = (), max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int = 0, skipped: Callable[[str, str], None] = lambda path, reason: None
        ) -> Summary:
    """Lint ``paths``; each finding goes to ``out`` (and ``recorded``) as soon as it is known.

    ``estate`` holds the findings of the estate rules (`--topology`), filtered and reported
    after the files' own. ``report`` receives one-line notes and errors meant for stderr. A file
    over ``max_bytes`` is reported as unreadable without being read. ``jobs`` is how many
    processes lint (0: all cores for many files); the order of the output does not depend on it.
    """
    summary = Summary()
    out.start()
    walk = discovery.targets(paths, kind, config, skipped)
    for target, result in lint_targets(walk, config, jobs, max_bytes):
        if isinstance(target, discovery.WalkError):
            report(f"{target.path}: {target.message}")
            summary.unreadable += target.fatal
            continue
        if result is None:
            report(f"{target.path}: not a file of a known kind; not checked (use --kind)")
            summary.unknown += 1
            continue
        if result.error is not None:
            report(result.error)
            summary.unreadable += 1
            continue
        summary.files += 1
        _emit(result.diagnostics, out, summary, baseline, recorded)
    for diagnostic in estate:
        path = diagnostic.path or ""
        _emit(apply_config([diagnostic], config, path, None), out, summary, baseline, recorded)
    out.finish(summary)
    return summary


def _emit(diagnostics: list[Diagnostic], out: Writer, summary: Summary,
          baseline: Baseline | None, recorded: list[Diagnostic] | None) -> None:
    for diagnostic in diagnostics:
        if recorded is not None:
            recorded.append(diagnostic)
        if baseline is not None and not baseline.is_new(diagnostic):
            summary.baselined += 1
            continue
        summary.add(diagnostic)
        out.finding(diagnostic)


def exit_code(summary: Summary, config: LintConfig) -> int:
    if summary.unreadable or summary.unknown:
        return EXIT_ERROR
    failing = any(count and level >= config.fail_on
                  for level, count in summary.by_severity.items())
    return EXIT_FINDINGS if failing else EXIT_OK
