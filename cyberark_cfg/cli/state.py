"""`cfgtool state`: the DR pair's state from its padr.ini files, as a short table for a
person during a drill or as JSON for a script. Exit 0 for normal or failover, 1 otherwise."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import typer

from cyberark_cfg.api import DEFAULT_MAX_BYTES, load
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.cli.files import MaxBytesOption
from cyberark_cfg.document import Document
from cyberark_cfg.estate.state import StateReport, VaultStatus, pair_report, topology_report
from cyberark_cfg.estate.topology import load_topology
from cyberark_cfg.values import describe_age

ROWS = ("FailoverMode", "EnableFailover", "EnableReplicate", "ActivateManualFailover")


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO 8601 time (naive means UTC); the clock when not given."""
    if text is None:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise fail("--now must be an ISO 8601 time, for example 2026-10-01T12:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def report_for(topology: Path | None, dr: Path | None, primary: Path | None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> StateReport:
    if topology is not None and dr is not None:
        raise fail("give either --topology FILE or --dr DR_PADR [--primary PRIMARY_PADR]")
    if topology is None and dr is None:
        if primary is not None:
            raise fail("--primary goes with --dr DR_PADR")
        from cyberark_cfg.lint.resolve import topology_settings

        found = topology_settings().topology  # the one `cfgtool lint` finds
        assert found is not None
        topology = Path(found)
    if topology is not None:
        if primary is not None:
            raise fail("--primary goes with --dr, not --topology")
        parsed = load_topology(topology)
        documents: dict[str, Document | None] = {
            v.name: load(parsed.resolve(v.padr), "padr", max_bytes=max_bytes)
            for v in parsed.vaults if v.padr}
        return topology_report(parsed, documents)
    assert dr is not None
    return pair_report(load(dr, "padr", max_bytes=max_bytes),
                       load(primary, "padr", max_bytes=max_bytes) if primary else None)


def _column(status: VaultStatus, now: datetime) -> list[str]:
    if not status.configured:
        return ["-"] * len(ROWS) + ["-", "no padr.ini"]
    document = status.document
    values = [(document.get(key) if document else None) or "-" for key in ROWS]
    last = status.last_replication
    when = "-" if last is None else (
        f"{last:%Y-%m-%d %H:%M:%S} UTC ({describe_age((now - last).total_seconds())})")
    return [*values, when, status.path or "-"]


def render_text(report: StateReport, now: datetime) -> str:
    labels = [*ROWS, "last replication", "padr.ini"]
    heads = [f"{v.name} ({v.site})" if v.site else v.name for v in report.vaults]
    columns = [_column(v, now) for v in report.vaults]
    width = max(len(label) for label in labels) + 2
    widths = [max(len(head), *(len(c) for c in column)) + 2
              for head, column in zip(heads, columns, strict=True)]
    lines = [f"state: {report.state} ({report.reason})", ""]
    header = "".join(h.ljust(w) for h, w in zip(heads, widths, strict=True))
    lines.append(("".ljust(width) + header).rstrip())
    for row, label in enumerate(labels):
        cells = "".join(c[row].ljust(w) for c, w in zip(columns, widths, strict=True))
        lines.append((label.ljust(width) + cells).rstrip())
    return "\n".join(lines)


@app.command()
def state(
    topology: Path | None = typer.Option(None, "--topology", "-t",
                                         help="The topology file naming the vaults (default: "
                                         "the one `cfgtool lint` finds)."),
    dr: Path | None = typer.Option(None, "--dr", help="The DR vault's padr.ini."),
    primary: Path | None = typer.Option(
        None, "--primary", help="The primary vault's padr.ini, when PADR is installed there."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    now: str | None = typer.Option(None, "--now",
                                   help="Measure ages from this ISO 8601 time, not the clock."),
    max_bytes: int = MaxBytesOption,
) -> None:
    """Print the DR pair's state (normal, failover, split-brain, inconsistent, unknown)."""
    if output_format not in ("text", "json"):
        raise fail("--format must be text or json")
    moment = parse_now(now)
    report = report_for(topology, dr, primary, max_bytes)
    if output_format == "json":
        typer.echo(json.dumps(report.to_json(moment), indent=2))
    else:
        typer.echo(render_text(report, moment))
    raise typer.Exit(EXIT_OK if report.healthy else EXIT_FINDINGS)
