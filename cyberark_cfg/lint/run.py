"""One lint run: resolve the configuration, walk the paths, lint each file, filter through the
baseline, and stream every finding to the writer. The CLI only parses options around this.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint import discovery
from cyberark_cfg.lint.config import LintConfig, find_config, load_config
from cyberark_cfg.lint.engine import apply_config
from cyberark_cfg.lint.output import Summary, Writer
from cyberark_cfg.lint.parallel import lint_targets
from cyberark_cfg.rules import CODES

if TYPE_CHECKING:  # a baseline is the caller's; JSON is not loaded without one
    from cyberark_cfg.lint.baseline import Baseline

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def resolve_config(paths: list[str], config_file: str | None = None) -> LintConfig:
    """``config_file`` if given, else the nearest one above the first path, else defaults."""
    found = config_file or find_config(paths[0] if paths else os.getcwd())
    return load_config(found, CODES) if found else LintConfig()


def run(paths: list[str], config: LintConfig, out: Writer, *, kind: str | None = None,
        baseline: Baseline | None = None, recorded: list[Diagnostic] | None = None,
        report: Callable[[str], None] = lambda message: None,
        estate: Iterable[Diagnostic] = (), max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int = 0) -> Summary:
    """Lint ``paths``; each finding goes to ``out`` (and ``recorded``) as soon as it is known.

    ``estate`` holds the findings of the estate rules (`--topology`), filtered and reported
    after the files' own. ``report`` receives one-line notes and errors meant for stderr. A file
    over ``max_bytes`` is reported as unreadable without being read. ``jobs`` is how many
    processes lint (0: all cores for many files); the order of the output does not depend on it.
    """
    summary = Summary()
    out.start()
    for target, result in lint_targets(discovery.targets(paths, kind), config, jobs, max_bytes):
        if isinstance(target, discovery.WalkError):
            report(f"{target.path}: {target.message}")
            summary.unreadable += target.fatal
            continue
        if result is None:
            report(f"{target.path}: not a file of a known kind; skipped (use --kind)")
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
    if summary.unreadable:
        return EXIT_ERROR
    failing = any(count and level >= config.fail_on
                  for level, count in summary.by_severity.items())
    return EXIT_FINDINGS if failing else EXIT_OK
