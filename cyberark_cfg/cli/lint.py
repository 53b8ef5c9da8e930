"""`cfgtool lint`, `cfgtool rules` and `cfgtool explain`: thin typer commands over
:mod:`cyberark_cfg.lint`. Imports happen inside the commands, so each loads only what it uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.cli.options import check_format, check_kind

FORMATS = ("text", "json", "sarif", "github")


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


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
    fail_on: str | None = typer.Option(None, "--fail-on",
                                       help="Lowest severity that fails: error, warning (the "
                                       "default) or info."),
    config_file: Path | None = typer.Option(None, "--config",
                                            help="Configuration file (cfgtool.toml)."),
    baseline_file: Path | None = typer.Option(None, "--baseline",
                                              help="Report only findings not in this file."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline",
                                               help="Record today's findings in this file."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when findings are reported (errors "
                                   "reading files still exit 2)."),
    topology: Path | None = typer.Option(None, "--topology", "-t",
                                         help="DR topology (TOML): also run the estate rules "
                                         "(default: `topology` in the configuration)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Refuse files larger than this, without reading them."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes to lint with (default 0: every core when there "
                             "are many files, else one). The output is the same either way."),
) -> None:
    """Check files for DR/HA configuration mistakes; exit 1 when findings reach --fail-on."""
    from cyberark_cfg.findings import Severity
    from cyberark_cfg.lint.output import writer
    from cyberark_cfg.lint.run import lint_paths

    check_format(output_format, FORMATS)
    kind = check_kind(kind)
    try:
        level = Severity.parse(fail_on) if fail_on else None
    except ValueError as exc:
        raise fail(f"--fail-on: {exc}") from None
    out = writer(output_format, sys.stdout, _use_color() and output_format == "text")
    done = lint_paths(
        [str(path) for path in paths or []], out, select=select or (), ignore=ignore or (),
        config_file=str(config_file) if config_file else None, fail_on=level, kind=kind,
        topology=str(topology) if topology else None,
        baseline=str(baseline_file) if baseline_file else None,
        write_baseline=str(write_baseline) if write_baseline else None,
        report=lambda message: typer.echo(f"cfgtool: {message}", err=True),
        max_bytes=max_bytes, jobs=jobs)
    if done.recorded is not None:
        typer.echo(f"cfgtool: recorded {done.recorded} findings in {write_baseline}", err=True)
        raise typer.Exit(EXIT_ERROR if done.summary.unreadable else EXIT_OK)
    if done.summary.unreadable:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if done.failing and not exit_zero else EXIT_OK)


@app.command()
def rules(
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json or markdown (docs/rules.md)."),
) -> None:
    """List every rule: code, name, severity, fix, kinds and summary."""
    from cyberark_cfg.lint import catalogue

    check_format(output_format, ("text", "json", "markdown"))
    if output_format == "text":
        typer.echo(catalogue.rules_text(), nl=False)
    elif output_format == "json":
        import json

        from cyberark_cfg.rules import RULES

        typer.echo(json.dumps([catalogue.record(rule) for rule in RULES.values()], indent=2))
    else:
        typer.echo(catalogue.rules_markdown(), nl=False)


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code such as PADR002.")) -> None:
    """Print the documentation of a rule code (or of a padr.log message code)."""
    from cyberark_cfg.lint import catalogue

    page = catalogue.explain(code)
    if page is None:
        raise fail(f"unknown code {code!r} (see `cfgtool rules`)")
    typer.echo(page, nl=False)
