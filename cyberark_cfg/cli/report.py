"""`cfgtool report`: the DR estate as one self-contained HTML page (state table, diagram,
findings, and optionally the padr.log verdict and the change record) for a drill."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from cyberark_cfg.cli.app import app, fail
from cyberark_cfg.cli.state import parse_now
from cyberark_cfg.errors import FileAccessError


def write_page(path: str, html: str) -> None:
    """Write through a temporary file and a rename: a report open in a browser during the drill
    is never seen half written."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(html)
        os.replace(temporary, path)
    except OSError as exc:
        raise FileAccessError(f"cannot write the report ({exc.strerror})", path=path) from None


@app.command()
def report(
    topology: Path = typer.Option(..., "--topology", "-t",
                                  help="The topology file naming the vaults and components."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o",
                                help="Where to write the page ('-' for standard output)."),
    log: Path | None = typer.Option(None, "--log",
                                    help="A padr.log: add its replication verdict."),
    record: Path | None = typer.Option(None, "--record",
                                       help="A `cfgtool fix --record` file: add the changes."),
    now: str | None = typer.Option(None, "--now",
                                   help="Report time and ages from this ISO 8601 time."),
) -> None:
    """Write a one-page HTML picture of the DR estate: state, diagram, findings."""
    from cyberark_cfg.report import build_page
    from cyberark_cfg.report.render import render_html

    if output.is_dir():
        raise fail(f"{output}: is a directory; give a file name for the report")
    page = build_page(str(topology), parse_now(now), log=str(log) if log else None,
                      record=str(record) if record else None)
    html = render_html(page)
    if str(output) == "-":
        typer.echo(html, nl=False)
        return
    write_page(str(output), html)
    typer.echo(f"{output}: {page.state}, {page.counts['error']} errors, "
               f"{page.counts['warning']} warnings, {page.node_count} components", err=True)
