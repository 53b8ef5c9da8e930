"""`cfgtool runbook PROCEDURE --topology FILE`: the ordered cross-host steps of a DR procedure
(text, a Markdown checklist, or JSON); with `--status`, where the drill stands; with
`--drill-record`, the record for auditors. Exit 0 (with --status: 0 only when complete)."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app


@app.command()
def runbook(
    procedure: str = typer.Argument(..., help="failover, failback, failback-no-padr, "
                                              "full-replication or return-to-standby."),
    topology: Path | None = options.TopologyOption,
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="text, markdown or json."),
    show_status: bool = typer.Option(False, "--status",
                                     help="Read the current evidence: which steps are done, "
                                          "which is next, what blocks it."),
    drill_record: bool = typer.Option(False, "--drill-record",
                                      help="Print the drill record (JSON) for auditors."),
    record: Path | None = typer.Option(None, "--record",
                                       help="With --drill-record: the `cfgtool fix --record` "
                                            "file of this drill."),
    dr_vault: str | None = typer.Option(None, "--dr-vault",
                                        help="The DR vault (default: the first one)."),
    now: str | None = options.NowOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Print a DR procedure's steps across the vaults and components of a topology."""
    from cyberark_cfg.drill.run import runbook_output

    shown = runbook_output(procedure, options.path_text(topology), output_format=output_format,
                           dr_vault=dr_vault, status=show_status, drill_record=drill_record,
                           record=options.path_text(record), now=now, encoding=encoding)
    typer.echo(shown.text)
    raise typer.Exit(EXIT_OK if shown.complete else EXIT_FINDINGS)
