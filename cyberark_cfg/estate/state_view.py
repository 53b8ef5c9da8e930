"""`cfgtool state` as library calls: read the padr.ini files and service snapshots of a DR pair
(named, or through a topology) into a :class:`~cyberark_cfg.estate.state.StateReport`, and show
it as a table."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from cyberark_cfg.api import DEFAULT_MAX_BYTES, load
from cyberark_cfg.display import escape, json_valid
from cyberark_cfg.errors import UsageError
from cyberark_cfg.estate.services import DR_SERVICE, ENE, LABELS, SERVER, load_snapshot
from cyberark_cfg.estate.state import StateReport, VaultStatus, pair_report, topology_report
from cyberark_cfg.estate.topology import load_topology
from cyberark_cfg.usage import check_encoding, check_format, parse_now
from cyberark_cfg.values import describe_age

ROWS = ("FailoverMode", "EnableFailover", "EnableReplicate", "ActivateManualFailover")


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
    """The state line, then one column per vault: its padr.ini switches, last replication and
    file, and its services when a snapshot was given (ages measured from ``now``)."""
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


def read_state(*, topology: str | None = None, dr: str | None = None,
               primary: str | None = None, dr_services: str | None = None,
               primary_services: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               find_topology: Callable[[], str] | None = None,
               encoding: str | None = None,
               find_encoding: Callable[[str], str | None] | None = None) -> StateReport:
    """`cfgtool state`: read the files a topology names (padr.ini and service snapshots), or
    the ones given one by one, strictly (a file that cannot be read or parsed raises
    :class:`~cyberark_cfg.errors.CfgError` naming it), and decide the state. With neither
    ``topology`` nor ``dr``, ``find_topology`` gives the topology (the CLI passes the search
    `cfgtool lint` makes). ``encoding`` is the ANSI code page of 8-bit padr.ini files
    (`--encoding`), else what ``find_encoding`` gives for the topology or the DR file (the CLI
    passes the configuration's `encoding`). :class:`UsageError` for files that do not go
    together."""
    if topology is not None and dr is not None:
        raise UsageError("give either --topology FILE or --dr DR_PADR [--primary PRIMARY_PADR]")
    if topology is not None and (primary or dr_services or primary_services):
        raise UsageError("--primary, --dr-services and --primary-services go with --dr; a "
                         "topology names its own files (services = \"...\")")
    if topology is None and dr is None:
        if primary or primary_services or dr_services:
            raise UsageError("--primary, --dr-services and --primary-services go with --dr")
        if find_topology is None:
            raise UsageError("give topology or dr")
        topology = find_topology()
    page = check_encoding(encoding)
    if page is None and find_encoding is not None:
        page = find_encoding(topology or dr or os.curdir)
    if topology is not None:
        parsed = load_topology(topology)
        return topology_report(
            parsed,
            {v.name: load(parsed.resolve(v.padr), "padr", max_bytes=max_bytes, encoding=page)
             for v in parsed.vaults if v.padr},
            {v.name: load_snapshot(parsed.resolve(v.services), max_bytes)
             for v in parsed.vaults if v.services})
    assert dr is not None
    return pair_report(
        load(dr, "padr", max_bytes=max_bytes, encoding=page),
        load(primary, "padr", max_bytes=max_bytes, encoding=page) if primary else None,
        load_snapshot(dr_services, max_bytes) if dr_services else None,
        load_snapshot(primary_services, max_bytes) if primary_services else None)


def state_output(*, output_format: str = "text", now: str | None = None,
                 topology: str | None = None, dr: str | None = None,
                 primary: str | None = None, dr_services: str | None = None,
                 primary_services: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 find_topology: Callable[[], str] | None = None,
                 encoding: str | None = None,
                 find_encoding: Callable[[str], str | None] | None = None) -> tuple[str, bool]:
    """`cfgtool state` as a function: the state of the pair the other arguments name (those
    of :func:`read_state`) as text or JSON, ages from ``now`` (`--now`'s text; the clock when
    None), and whether it is healthy. Options are checked as typed (:class:`UsageError`)."""
    check_format(output_format)
    moment = parse_now(now)
    report = read_state(topology=topology, dr=dr, primary=primary, dr_services=dr_services,
                        primary_services=primary_services, max_bytes=max_bytes,
                        find_topology=find_topology, encoding=encoding,
                        find_encoding=find_encoding)
    if output_format == "json":
        import json

        return json.dumps(json_valid(report.to_json(moment)), indent=2), report.healthy
    # Paths from the topology (a folder named with ESC or U+202E) reach the text: escaped.
    return escape(render_text(report, moment), keep="\n"), report.healthy
