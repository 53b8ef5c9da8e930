"""One lint run: resolve the configuration, walk the paths, lint each file, filter through the
baseline, and stream every finding to the writer. :func:`lint_paths` is `cfgtool lint` whole
(options checked, the topology's estate rules, the baseline); the CLI parses and renders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.errors import CfgError
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint import discovery, selectors
from cyberark_cfg.lint.config import LintConfig, find_config, load_config
from cyberark_cfg.lint.engine import apply_config
from cyberark_cfg.lint.output import Summary, Writer
from cyberark_cfg.lint.parallel import lint_targets
from cyberark_cfg.rules import CODES

if TYPE_CHECKING:  # a baseline is the caller's; JSON is not loaded without one
    from cyberark_cfg.lint.baseline import Baseline

Report = Callable[[str], None]


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
            summary.unreadable += 1
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


@dataclass(frozen=True)
class LintRun:
    """What a lint run found (its counts), under which configuration, and how many findings it
    recorded in a new baseline (None: none was asked for)."""

    summary: Summary
    config: LintConfig
    recorded: int | None = None

    @property
    def failing(self) -> bool:
        """Whether findings reach the configuration's ``fail_on`` severity."""
        return self.summary.reaches(self.config.fail_on)


def lint_paths(paths: Sequence[str], out: Writer, *, config_file: str | None = None,
               select: Sequence[str] = (), ignore: Sequence[str] = (),
               fail_on: Severity | None = None, kind: str | None = None,
               topology: str | None = None, baseline: str | None = None,
               write_baseline: str | None = None, report: Report = lambda message: None,
               max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 0) -> LintRun:
    """`cfgtool lint` as a function: check the paths and selectors, resolve the configuration
    (``config_file``, else the nearest one), add the estate rules of ``topology`` (else the
    configured one; without paths, lint the files it names), filter through ``baseline``, and
    record every finding in ``write_baseline``. ``CfgError`` for a bad option or input."""
    names = list(paths)
    for name in names:
        if not os.path.exists(name):
            raise CfgError("no such file or folder", path=name)
    chosen, skipped = selectors.split(select), selectors.split(ignore)
    for selector in chosen + skipped:
        if not selectors.is_known(selector, CODES):
            raise CfgError(f"unknown rule code or prefix {selector!r} (see `cfgtool rules`)")
    config = resolve_config(names or ["."], config_file)
    config = config.with_options(select=chosen, ignore=skipped, fail_on=fail_on)
    estate_findings: list[Diagnostic] = []
    topology_file = topology or config.topology_path()
    if topology_file is not None:
        from cyberark_cfg.estate import load_estate
        from cyberark_cfg.lint.estate import check_estate

        estate = load_estate(topology_file)
        # Without paths, lint the files the topology names; their parse problems then come
        # from the per-file run, not twice.
        names = names or estate.files()
        estate_findings = [d for d in check_estate(estate, include_problems=False)
                           if config.enabled(d.code)]
    known = None
    if baseline is not None:
        from cyberark_cfg.lint.baseline import Baseline

        known = Baseline(baseline)
    recorded: list[Diagnostic] | None = [] if write_baseline is not None else None
    summary = run(names or ["."], config, out, kind=kind, baseline=known, recorded=recorded,
                  estate=estate_findings, report=report, max_bytes=max_bytes, jobs=jobs)
    count = None
    if write_baseline is not None and recorded is not None:
        from cyberark_cfg.lint.baseline import write_baseline as record

        count = record(write_baseline, recorded)
    return LintRun(summary, config, count)
