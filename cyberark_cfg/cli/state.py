"""`cfgtool state`: the DR pair's state from its service snapshots and padr.ini files, as a short
table for a person during a drill or as JSON for a script. Exit 0 for normal or failover, 1
otherwise."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.estate.state_view import state_output
from cyberark_cfg.lint.resolve import file_encoding


@app.command()
def state(
    topology: Path | None = options.TopologyOption,
    dr: Path | None = typer.Option(None, "--dr", help="The DR vault's padr.ini."),
    primary: Path | None = typer.Option(
        None, "--primary", help="The primary vault's padr.ini, when PADR is installed there."),
    dr_services: Path | None = typer.Option(
        None, "--dr-services", help="The DR vault's service snapshot (Get-Service JSON or CSV, "
                                    "sc queryex text)."),
    primary_services: Path | None = typer.Option(
        None, "--primary-services", help="The primary vault's service snapshot."),
    output_format: str = options.FormatOption,
    now: str | None = options.NowOption,
    max_bytes: int = options.MaxBytesOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Print the DR pair's state (normal, failover, split-brain, down, inconsistent,
    unverified, unknown)."""
    text = options.path_text
    shown, healthy = state_output(
        output_format=output_format, now=now, topology=text(topology), dr=text(dr),
        primary=text(primary), dr_services=text(dr_services),
        primary_services=text(primary_services), max_bytes=max_bytes,
        find_topology=options.found_topology, encoding=encoding, find_encoding=file_encoding)
    typer.echo(shown)
    raise typer.Exit(EXIT_OK if healthy else EXIT_FINDINGS)
