"""`cfgtool lint`, `cfgtool rules` and `cfgtool explain`: thin typer commands over
:mod:`cyberark_cfg.lint`. Imports happen inside the commands, so each loads only what it uses.

Annotations are evaluated when the functions are defined (no `from __future__ import
annotations`): typer reads them at every start, and strings would cost it a compile each.
"""

import sys
from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.display import escape


@app.command()
def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: the current "
                                       "folder)."),
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json, sarif or github."),
    kind: str | None = options.KindOption,
    select: list[str] = typer.Option(None, "--select",
                                     help="Only these codes or prefixes (comma-separated)."),
    ignore: list[str] = typer.Option(None, "--ignore",
                                     help="Skip these codes or prefixes (comma-separated)."),
    exclude: list[str] = options.ExcludeOption,
    fail_on: str | None = typer.Option(None, "--fail-on",
                                       help="Lowest severity that fails: error, warning (the "
                                       "default) or info."),
    config_file: Path | None = options.ConfigOption,
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
    max_bytes: int = options.MaxBytesOption,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes to lint with (default 0: every core from 1,000 "
                             "files, else one; at most 61). The output is the same either "
                             "way."),
    encoding: str | None = options.EncodingOption,
) -> None:
    """Check files for DR/HA configuration mistakes; exit 1 when findings reach --fail-on."""
    from cyberark_cfg.lint.run import lint_command

    done = lint_command(
        [str(path) for path in paths or []], sys.stdout, output_format=output_format, kind=kind,
        quiet=quiet, verbose=verbose, color=color, fail_on=fail_on, encoding=encoding, say=_say,
        config_file=options.path_text(config_file), topology=options.path_text(topology),
        baseline=options.path_text(baseline_file), select=select or (), ignore=ignore or (),
        exclude=exclude or (), write_baseline=options.path_text(write_baseline),
        max_bytes=max_bytes, jobs=jobs)
    if done.recorded is not None:
        typer.echo(f"cfgtool: recorded {done.recorded} findings in {write_baseline}", err=True)
        raise typer.Exit(EXIT_ERROR if done.summary.unreadable else EXIT_OK)
    if done.summary.unreadable or done.summary.unknown:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if done.failing and not exit_zero else EXIT_OK)


def _say(message: str) -> None:
    typer.echo(f"cfgtool: {escape(message)}", err=True)


@app.command()
def rules(
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json or markdown (docs/rules.md)."),
) -> None:
    """List every rule: code, name, severity, fix, kinds and summary."""
    from cyberark_cfg.lint import catalogue

    typer.echo(catalogue.rules_page(output_format), nl=False)


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code such as PADR002.")) -> None:
    """Print the documentation of a rule code (or of a padr.log message code)."""
    from cyberark_cfg.lint import catalogue

    typer.echo(catalogue.explain(code), nl=False)
