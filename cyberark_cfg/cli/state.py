"""`cfgtool state`: the DR pair's state from its service snapshots and padr.ini files, as a short
table for a person during a drill or as JSON for a script. Exit 0 for normal or failover, 1
otherwise."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import typer

from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.cli.files import MaxBytesOption
from cyberark_cfg.estate.services import DR_SERVICE, ENE, LABELS, SERVER
from cyberark_cfg.estate.state import StateReport, VaultStatus, read_state
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


SERVICE_ROWS = (SERVER, DR_SERVICE, ENE)


def _service(status: VaultStatus, role: str) -> str:
    found = status.services.find(role) if status.services is not None else None
    if found is None:
        return "-"
    return ", ".join(w for w in (found.status or "status?", found.start_type) if w)


def _column(status: VaultStatus, now: datetime, services: bool) -> list[str]:
    shown = [_service(status, role) for role in SERVICE_ROWS] if services else []
    snapshot = [status.services.path if status.services else "-"] if services else []
    if not status.configured:
        return ["-"] * len(ROWS) + ["-", "no padr.ini", *shown, *snapshot]
    document = status.document
    values = [(document.get(key) if document else None) or "-" for key in ROWS]
    last = status.last_replication
    when = "-" if last is None else (
        f"{last:%Y-%m-%d %H:%M:%S} UTC ({describe_age((now - last).total_seconds())})")
    return [*values, when, status.path or "-", *shown, *snapshot]


def render_text(report: StateReport, now: datetime) -> str:
    services = any(v.services is not None for v in report.vaults)
    labels = [*ROWS, "last replication", "padr.ini"]
    if services:
        labels += [*(LABELS[role] for role in SERVICE_ROWS), "services"]
    heads = [f"{v.name} ({v.site})" if v.site else v.name for v in report.vaults]
    columns = [_column(v, now, services) for v in report.vaults]
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


def _name(path: Path | None) -> str | None:
    return None if path is None else str(path)


@app.command()
def state(
    topology: Path | None = typer.Option(None, "--topology", "-t",
                                         help="The topology file naming the vaults."),
    dr: Path | None = typer.Option(None, "--dr", help="The DR vault's padr.ini."),
    primary: Path | None = typer.Option(
        None, "--primary", help="The primary vault's padr.ini, when PADR is installed there."),
    dr_services: Path | None = typer.Option(
        None, "--dr-services", help="The DR vault's service snapshot (Get-Service JSON or CSV, "
                                    "sc queryex text)."),
    primary_services: Path | None = typer.Option(
        None, "--primary-services", help="The primary vault's service snapshot."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    now: str | None = typer.Option(None, "--now",
                                   help="Measure ages from this ISO 8601 time, not the clock."),
    max_bytes: int = MaxBytesOption,
) -> None:
    """Print the DR pair's state (normal, failover, split-brain, down, inconsistent,
    unverified, unknown)."""
    if output_format not in ("text", "json"):
        raise fail("--format must be text or json")
    moment = parse_now(now)
    if (topology is None) == (dr is None):
        raise fail("give either --topology FILE or --dr DR_PADR [--primary PRIMARY_PADR]")
    if topology is not None and (primary or dr_services or primary_services):
        raise fail("--primary, --dr-services and --primary-services go with --dr; a topology "
                   "names its own files (services = \"...\")")
    report = read_state(topology=_name(topology), dr=_name(dr), primary=_name(primary),
                        dr_services=_name(dr_services),
                        primary_services=_name(primary_services), max_bytes=max_bytes)
    if output_format == "json":
        typer.echo(json.dumps(report.to_json(moment), indent=2))
    else:
        typer.echo(render_text(report, moment))
    raise typer.Exit(EXIT_OK if report.healthy else EXIT_FINDINGS)
