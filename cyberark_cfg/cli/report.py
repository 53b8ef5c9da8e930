"""`cfgtool report`: the DR estate as one self-contained HTML page (state table, diagram,
findings, and optionally the padr.log verdict and the change record) for a drill.

Exit codes are `cfgtool lint --topology FILE`'s for the same findings: 0 none at or above the
configuration's fail-on, 1 some (the page is written either way), 2 a usage error or an
unreadable input.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg import usage
from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app, fail


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
) -> None:
    """Write a one-page HTML picture of the DR estate: state, diagram, findings."""
    from cyberark_cfg.report import build_page
    from cyberark_cfg.report.render import render_html, summary, write_page

    to_stdout = str(output) == "-"
    if not to_stdout and output.is_dir():
        raise fail(f"{output}: is a folder; give a file name for the report")
    page = build_page(options.path_text(topology), usage.parse_now(now),
                      log=options.path_text(log), record=options.path_text(record),
                      config_file=options.path_text(config_file), runbook=runbook)
    html = render_html(page)
    if to_stdout:
        typer.echo(html, nl=False)
    else:
        write_page(str(output), html)
        typer.echo(summary(page, str(output)), err=True)
    # As `cfgtool lint --topology FILE` exits for the same findings.
    raise typer.Exit(EXIT_ERROR if page.unreadable else EXIT_FINDINGS if page.problem
                     else EXIT_OK)
