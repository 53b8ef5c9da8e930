"""`cfgtool lint`, `cfgtool rules` and `cfgtool explain`: thin typer commands over
:mod:`cyberark_cfg.lint`. Imports happen inside the commands, so each loads only what it uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.cli.app import EXIT_ERROR, app, fail

FORMATS = ("text", "json", "sarif", "github")


@app.command()
def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: the current "
                                       "folder)."),
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json, sarif or github."),
    kind: str | None = typer.Option(None, "--kind", "-k", help="Force the file kind."),
    select: list[str] = typer.Option(None, "--select",
                                     help="Only these codes or prefixes (comma-separated)."),
    ignore: list[str] = typer.Option(None, "--ignore",
                                     help="Skip these codes or prefixes (comma-separated)."),
    exclude: list[str] = typer.Option(None, "--exclude", metavar="PATTERN",
                                      help="Also skip files and folders matching this pattern "
                                      "in folder walks (repeatable; on top of the default "
                                      "excludes: backups and copies)."),
    fail_on: str | None = typer.Option(None, "--fail-on",
                                       help="Lowest severity that fails: error, warning (the "
                                       "default) or info."),
    config_file: Path | None = typer.Option(None, "--config",
                                            help="Configuration file (cfgtool.toml)."),
    baseline_file: Path | None = typer.Option(None, "--baseline",
                                              help="Report only findings not in this file "
                                              "(default: `baseline` in the configuration)."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline",
                                               help="Record today's findings in this file."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when findings are reported (errors "
                                   "reading files still exit 2)."),
    topology: Path | None = typer.Option(None, "--topology", "-t",
                                         help="DR topology (TOML): also run the estate rules "
                                         "(default: `topology` in the configuration, else a "
                                         "topology.toml in the linted folder or above it)."),
    color: str = typer.Option("auto", "--color", help="auto (a terminal, unless NO_COLOR is "
                              "set), always or never."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the findings only: no "
                               "summary, no notes."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also say which configuration "
                                 "and topology are used, and every file a walk skips."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Refuse files larger than this, without reading them."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes to lint with (default 0: every core when there "
                             "are many files, else one). The output is the same either way."),
) -> None:
    """Check files for DR/HA configuration mistakes; exit 1 when findings reach --fail-on."""
    from cyberark_cfg.findings import Diagnostic, Severity
    from cyberark_cfg.kinds import KINDS
    from cyberark_cfg.lint import selectors
    from cyberark_cfg.lint.output import use_color, writer
    from cyberark_cfg.lint.resolve import resolve
    from cyberark_cfg.lint.run import exit_code, lint_all
    from cyberark_cfg.rules import CODES

    if output_format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}")
    if kind is not None and kind.strip().lower() not in KINDS:
        raise fail(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    if quiet and verbose:
        raise fail("choose one of --quiet and --verbose")
    try:
        painted = use_color(color, sys.stdout) and output_format == "text"
    except ValueError as exc:
        raise fail(str(exc)) from None
    names = [str(path) for path in paths] if paths else []
    for name in names:
        if not os.path.exists(name):
            raise fail(f"{name}: no such file or folder")
    chosen, skipped = selectors.split(select), selectors.split(ignore)
    for selector in chosen + skipped:
        if not selectors.is_known(selector, CODES):
            raise fail(f"unknown rule code or prefix {selector!r} (see `cfgtool rules`)")
    try:
        level = Severity.parse(fail_on) if fail_on else None
    except ValueError as exc:
        raise fail(f"--fail-on: {exc}") from None
    settings = resolve(names, config_file=str(config_file) if config_file else None,
                       topology=str(topology) if topology else None,
                       baseline=str(baseline_file) if baseline_file else None,
                       select=chosen, ignore=skipped, fail_on=level,
                       exclude=tuple(exclude or ()))

    def say(message: str) -> None:
        typer.echo(f"cfgtool: {message}", err=True)

    recorded: list[Diagnostic] | None = [] if write_baseline is not None else None
    out = writer(output_format, sys.stdout, painted, quiet=quiet)
    summary = lint_all(settings, out, kind=kind.strip().lower() if kind else None,
                       recorded=recorded, report=say, note=say if verbose else _silent,
                       notice=_silent if quiet else say,
                       max_bytes=max_bytes, jobs=jobs)
    if write_baseline is not None and recorded is not None:
        from cyberark_cfg.lint.baseline import write_baseline as record

        count = record(str(write_baseline), recorded)
        typer.echo(f"cfgtool: recorded {count} findings in {write_baseline}", err=True)
        raise typer.Exit(EXIT_ERROR if summary.unreadable else 0)
    code = exit_code(summary, settings.config)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def _silent(message: str) -> None:
    pass


@app.command()
def rules(
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json or markdown (docs/rules.md)."),
) -> None:
    """List every rule: code, name, severity, fix, kinds and summary."""
    from cyberark_cfg.lint import catalogue

    if output_format == "text":
        typer.echo(catalogue.rules_text(), nl=False)
    elif output_format == "json":
        import json

        from cyberark_cfg.rules import RULES

        typer.echo(json.dumps([catalogue.record(rule) for rule in RULES.values()], indent=2))
    elif output_format == "markdown":
        typer.echo(catalogue.rules_markdown(), nl=False)
    else:
        raise fail("--format must be text, json or markdown")


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code such as PADR002.")) -> None:
    """Print the documentation of a rule code (or of a padr.log message code)."""
    from cyberark_cfg.lint import catalogue

    page = catalogue.explain(code)
    if page is None:
        raise fail(f"unknown code {code!r} (see `cfgtool rules`)")
    typer.echo(page, nl=False)
