"""One lint run: walk the paths of the resolved settings, lint each file, add the estate rules'
findings, filter through the baseline, and stream every finding to the writer.
:func:`lint_paths` is `cfgtool lint` whole (options checked, settings resolved, a new baseline
recorded), :func:`lint_command` the same from the options as typed; the CLI parses options,
renders and chooses the exit code around it.
"""

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TextIO

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.errors import CfgError, UsageError
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint import discovery, selectors
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import apply_config
from cyberark_cfg.lint.output import Summary, Writer, render_spec
from cyberark_cfg.lint.parallel import lint_walk
from cyberark_cfg.lint.resolve import Settings, resolve, resolve_config

if TYPE_CHECKING:  # a baseline is the caller's; JSON is not loaded without one
    from cyberark_cfg.estate.model import Estate
    from cyberark_cfg.lint.baseline import Baseline

__all__ = ["LintRun", "estate_findings", "lint_all", "lint_command", "lint_paths",
           "load_baseline", "resolve_config", "run"]

Report = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def estate_findings(settings: Settings, estate: "Estate | None" = None) -> list[Diagnostic]:
    """The estate rules' findings on the settings' topology (none without one; ``estate`` when
    it is loaded already), those the configuration selects, about files within the walked
    paths (:meth:`Settings.in_scope`)."""
    if settings.topology is None:
        return []
    from cyberark_cfg.estate import load_estate
    from cyberark_cfg.lint.estate import check_estate

    estate = estate or load_estate(settings.topology, settings.config.encoding)
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
    baseline = load_baseline(settings)
    note(f"configuration: {settings.config.source or 'defaults (no cfgtool.toml found)'}")
    note(f"topology: {settings.topology or 'none (no estate rules)'}")
    estate = estate_findings(settings)

    def skipped(path: str, reason: str) -> None:
        (notice or report if reason.startswith("looks like a copy") else note)(
            f"{path}: {reason}; skipped (lint it by name to check it)")

    summary = run(list(settings.paths), settings.config, out, kind=kind, baseline=baseline,
                  recorded=recorded, report=report, estate=estate, max_bytes=max_bytes,
                  jobs=jobs, skipped=skipped)
    if not (summary.files or summary.unreadable or summary.unknown):
        (notice or report)(f"no configuration file found in {', '.join(settings.paths)}; "
                           f"nothing was checked")
    return summary


def load_baseline(settings: Settings) -> "Baseline | None":
    """The settings' baseline, read (None without one)."""
    if settings.baseline is None:
        return None
    from cyberark_cfg.lint.baseline import Baseline

    return Baseline(settings.baseline)


def run(paths: list[str], config: LintConfig, out: Writer, *, kind: str | None = None,
        baseline: "Baseline | None" = None, recorded: list[Diagnostic] | None = None,
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
    # A pool's workers render the findings when nothing but the writer needs them.
    render = render_spec(out) if baseline is None and recorded is None else None
    for target, result in lint_walk(paths, kind, config, jobs, max_bytes, skipped, render):
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
        if result.rendered is not None:
            for text, severity, fixable in result.rendered:
                summary.count(Severity(severity), fixable)
                out.rendered(text)  # type: ignore[attr-defined]  # has render_spec
        else:
            _emit(result.diagnostics, out, summary, baseline, recorded)
    for diagnostic in estate:
        path = diagnostic.path or ""
        _emit(apply_config([diagnostic], config, path, None), out, summary, baseline, recorded)
    out.finish(summary)
    return summary


def _emit(diagnostics: Sequence[Diagnostic], out: Writer, summary: Summary,
          baseline: "Baseline | None", recorded: list[Diagnostic] | None) -> None:
    for diagnostic in diagnostics:
        if recorded is not None:
            recorded.append(diagnostic)
        if baseline is not None and not baseline.is_new(diagnostic):
            summary.baselined += 1
            continue
        summary.add(diagnostic)
        out.finding(diagnostic)


class LintRun(NamedTuple):
    """What a lint run found (its counts), under which settings, and how many findings it
    recorded in a new baseline (None: none was asked for)."""

    summary: Summary
    settings: Settings
    recorded: int | None = None

    @property
    def failing(self) -> bool:
        """Whether findings reach the configuration's ``fail_on`` severity."""
        return self.summary.reaches(self.settings.config.fail_on)


def lint_paths(paths: Sequence[str], out: Writer, *, config_file: str | None = None,
               topology: str | None = None, baseline: str | None = None,
               select: Sequence[str] = (), ignore: Sequence[str] = (),
               fail_on: Severity | None = None, exclude: Sequence[str] = (),
               kind: str | None = None, write_baseline: str | None = None,
               report: Report = _silent, note: Report = _silent, notice: Report | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 0,
               encoding: str | None = None) -> LintRun:
    """`cfgtool lint` as a function: check that the paths exist and the selectors select
    something, resolve the settings once (:func:`~cyberark_cfg.lint.resolve.resolve`), lint
    (:func:`lint_all`) and record every finding in ``write_baseline``. ``encoding`` is the ANSI
    code page of 8-bit files (`--encoding`, over the configuration's `encoding`). ``CfgError``
    for a bad option or configuration."""
    for name in paths:
        if not os.path.exists(name):
            raise CfgError("no such file or folder", path=name)
    chosen, skipped = selectors.split(select), selectors.split(ignore)
    from cyberark_cfg.rules import CODES

    for selector in chosen + skipped:
        if not selectors.is_known(selector, CODES):
            raise CfgError(f"unknown rule code or prefix {selector!r} (see `cfgtool rules`)")
    settings = resolve(list(paths), config_file=config_file, topology=topology,
                       baseline=baseline, select=chosen, ignore=skipped, fail_on=fail_on,
                       exclude=tuple(exclude), encoding=encoding)
    recorded: list[Diagnostic] | None = [] if write_baseline is not None else None
    summary = lint_all(settings, out, kind=kind, recorded=recorded, report=report, note=note,
                       notice=notice, max_bytes=max_bytes, jobs=jobs)
    count = None
    if write_baseline is not None and recorded is not None:
        from cyberark_cfg.lint.baseline import write_baseline as record

        count = record(write_baseline, recorded)
    return LintRun(summary, settings, count)


def lint_command(paths: Sequence[str], stream: TextIO, *, output_format: str = "text",
                 kind: str | None = None, quiet: bool = False, verbose: bool = False,
                 color: str = "auto", fail_on: str | None = None, encoding: str | None = None,
                 say: Report = _silent, config_file: str | None = None,
                 topology: str | None = None, baseline: str | None = None,
                 select: Sequence[str] = (), ignore: Sequence[str] = (),
                 exclude: Sequence[str] = (), write_baseline: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 0) -> LintRun:
    """:func:`lint_paths` from `cfgtool lint`'s options as typed, checked in the order the
    command line reports them (:class:`UsageError`): findings go to ``stream`` in
    ``output_format`` (coloured per ``color``); ``say`` gets the problems, the notes with
    ``verbose`` and the notices unless ``quiet``. The other options are lint_paths'."""
    from cyberark_cfg.lint.output import FORMATS, use_color, writer
    from cyberark_cfg.usage import check_encoding, check_format, check_kind, usage_errors

    check_format(output_format, tuple(FORMATS))
    kind = check_kind(kind)
    if quiet and verbose:
        raise UsageError("choose one of --quiet and --verbose")
    with usage_errors():
        painted = use_color(color, stream) and output_format == "text"
    with usage_errors("--fail-on"):
        level = Severity.parse(fail_on) if fail_on else None
    return lint_paths(paths, writer(output_format, stream, painted, quiet=quiet), fail_on=level,
                      kind=kind, report=say, note=say if verbose else _silent,
                      notice=_silent if quiet else say, encoding=check_encoding(encoding),
                      config_file=config_file, topology=topology, baseline=baseline,
                      select=select, ignore=ignore, exclude=exclude,
                      write_baseline=write_baseline, max_bytes=max_bytes, jobs=jobs)
