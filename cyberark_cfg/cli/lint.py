"""`cfgtool lint`, `cfgtool rules` and `cfgtool explain`: thin typer commands over
:mod:`cyberark_cfg.lint`. Imports happen inside the commands, so each loads only what it uses.

Annotations are evaluated when the functions are defined (no `from __future__ import
annotations`): typer reads them at every start, and strings would cost it a compile each.
"""

import sys
from pathlib import Path

import typer

from cyberark_cfg import usage
from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.display import escape

FORMATS = ("text", "json", "sarif", "github")


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
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Refuse files larger than this, without reading them."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes to lint with (default 0: every core from 2,000 "
                             "files, else one). The output is the same either way."),
    encoding: str | None = options.EncodingOption,
) -> None:
    """Check files for DR/HA configuration mistakes; exit 1 when findings reach --fail-on."""
    from cyberark_cfg.findings import Severity
    from cyberark_cfg.lint.output import use_color, writer
    from cyberark_cfg.lint.run import lint_paths

    usage.check_format(output_format, FORMATS)
    kind = usage.check_kind(kind)
    if quiet and verbose:
        raise fail("choose one of --quiet and --verbose")
    with usage.usage_errors():
        painted = use_color(color, sys.stdout) and output_format == "text"
    with usage.usage_errors("--fail-on"):
        level = Severity.parse(fail_on) if fail_on else None

    def say(message: str) -> None:
        typer.echo(f"cfgtool: {escape(message)}", err=True)

    done = lint_paths(
        [str(path) for path in paths or []], writer(output_format, sys.stdout, painted,
                                                    quiet=quiet),
        config_file=options.path_text(config_file), topology=options.path_text(topology),
        baseline=options.path_text(baseline_file), select=select or (), ignore=ignore or (),
        fail_on=level, exclude=exclude or (), kind=kind,
        write_baseline=options.path_text(write_baseline), report=say,
        note=say if verbose else _silent, notice=_silent if quiet else say,
        max_bytes=max_bytes, jobs=jobs, encoding=usage.check_encoding(encoding))
    if done.recorded is not None:
        typer.echo(f"cfgtool: recorded {done.recorded} findings in {write_baseline}", err=True)
        raise typer.Exit(EXIT_ERROR if done.summary.unreadable else EXIT_OK)
    if done.summary.unreadable or done.summary.unknown:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if done.failing and not exit_zero else EXIT_OK)


def _silent(message: str) -> None:
    pass


@app.command()
def rules(
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, json or markdown (docs/rules.md)."),
) -> None:
    """List every rule: code, name, severity, fix, kinds and summary."""
    from cyberark_cfg.lint import catalogue

    usage.check_format(output_format, ("text", "json", "markdown"))
    typer.echo(catalogue.rules_page(output_format), nl=False)


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code such as PADR002.")) -> None:
    """Print the documentation of a rule code (or of a padr.log message code)."""
    from cyberark_cfg.lint import catalogue

    page = catalogue.explain(code)
    if page is None:
        raise fail(f"unknown code {code!r} (see `cfgtool rules`)")
    typer.echo(page, nl=False)
