"""`cfgtool report`: the DR estate as one self-contained HTML page (state table, diagram,
findings, and optionally the padr.log verdict and the change record) for a drill. Exit codes
are `cfgtool lint --topology FILE`'s for the same findings: 0 none at or above the fail-on, 1
some (the page is written either way), 2 a usage error or an unreadable input."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app


@app.command()
def report(
    topology: Path | None = options.TopologyOption,
    config_file: Path | None = options.ConfigOption,
    output: Path = typer.Option(Path("report.html"), "--output", "-o",
                                help="Where to write the page ('-' for standard output)."),
    log: Path | None = typer.Option(None, "--log",
                                    help="A padr.log: add its replication verdict."),
    record: Path | None = typer.Option(None, "--record",
                                       help="A `cfgtool fix --record` file: add the changes."),
    now: str | None = options.NowOption,
    runbook: str | None = typer.Option(None, "--runbook", metavar="PROCEDURE",
                                       help="Add a procedure's steps with their status and "
                                            "the drill record (with --record: its changes)."),
    encoding: str | None = options.EncodingOption,
) -> None:
    """Write a one-page HTML picture of the DR estate: state, diagram, findings."""
    from cyberark_cfg.report.render import publish, summary

    page, html = publish(str(output), options.path_text(topology), now,
                         log=options.path_text(log), record=options.path_text(record),
                         config_file=options.path_text(config_file), runbook=runbook,
                         encoding=encoding)
    if html is not None:
        typer.echo(html, nl=False)
    else:
        typer.echo(summary(page, str(output)), err=True)
    # As `cfgtool lint --topology FILE` exits for the same findings.
    raise typer.Exit(EXIT_ERROR if page.unreadable else EXIT_FINDINGS if page.problem
                     else EXIT_OK)
