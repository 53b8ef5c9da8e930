"""`cfgtool state`: the DR pair's state from its padr.ini files, as a short table for a
person during a drill or as JSON for a script. Exit 0 for normal or failover, 1 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.cli.options import FormatOption, MaxBytesOption, check_format, parse_now
from cyberark_cfg.estate.state_view import read_state, render_text


@app.command()
def state(
    topology: Path | None = typer.Option(None, "--topology", "-t",
                                         help="The topology file naming the vaults."),
    dr: Path | None = typer.Option(None, "--dr", help="The DR vault's padr.ini."),
    primary: Path | None = typer.Option(
        None, "--primary", help="The primary vault's padr.ini, when PADR is installed there."),
    output_format: str = FormatOption,
    now: str | None = typer.Option(None, "--now",
                                   help="Measure ages from this ISO 8601 time, not the clock."),
    max_bytes: int = MaxBytesOption,
) -> None:
    """Print the DR pair's state (normal, failover, split-brain, inconsistent, unknown)."""
    check_format(output_format)
    moment = parse_now(now)
    if (topology is None) == (dr is None):
        raise fail("give either --topology FILE or --dr DR_PADR [--primary PRIMARY_PADR]")
    if topology is not None and primary is not None:
        raise fail("--primary goes with --dr, not --topology")
    report = read_state(topology=str(topology) if topology else None,
                        dr=str(dr) if dr else None, primary=str(primary) if primary else None,
                        max_bytes=max_bytes)
    if output_format == "json":
        typer.echo(json.dumps(report.to_json(moment), indent=2))
    else:
        typer.echo(render_text(report, moment))
    raise typer.Exit(EXIT_OK if report.healthy else EXIT_FINDINGS)
