"""`cfgtool runbook PROCEDURE --topology FILE`: the ordered cross-host steps of a DR procedure
(text, a Markdown checklist, or JSON); with `--status`, where the drill stands; with
`--drill-record`, the record for auditors. Exit 0 (with --status: 0 only when complete)."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg import usage
from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app, fail


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
) -> None:
    """Print a DR procedure's steps across the vaults and components of a topology."""
    from cyberark_cfg.drill.runbook import build, render_json, render_markdown, render_text

    usage.check_format(output_format, ("text", "markdown", "json"))
    if show_status and drill_record:
        raise fail("give --status or --drill-record, not both")
    if record is not None and not drill_record:
        raise fail("--record goes with --drill-record")
    book = build(procedure, usage.topology_or_found(options.path_text(topology)), dr_vault)
    if drill_record:
        from cyberark_cfg.drill.record import drill_record as make_record
        from cyberark_cfg.drill.record import render_record

        typer.echo(render_record(make_record(book, options.path_text(record),
                                             usage.parse_now(now))))
        raise typer.Exit(EXIT_OK)
    if show_status:
        import json

        from cyberark_cfg.drill.status import render_status, status

        if output_format == "markdown":
            raise fail("--status prints text or json")
        result = status(book, now=usage.parse_now(now).replace(tzinfo=None))
        typer.echo(json.dumps(result.to_json(), indent=2) if output_format == "json"
                   else render_status(result))
        raise typer.Exit(EXIT_OK if result.complete else EXIT_FINDINGS)
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}
    typer.echo(render[output_format](book))
