"""`cfgtool state` as library calls: read the padr.ini files of a DR pair (named, or through a
topology) into a :class:`~cyberark_cfg.estate.state.StateReport`, and show it as a table."""

from __future__ import annotations

from datetime import datetime

from cyberark_cfg.api import DEFAULT_MAX_BYTES, load
from cyberark_cfg.document import Document
from cyberark_cfg.estate.state import StateReport, VaultStatus, pair_report, topology_report
from cyberark_cfg.estate.topology import load_topology
from cyberark_cfg.values import describe_age

ROWS = ("FailoverMode", "EnableFailover", "EnableReplicate", "ActivateManualFailover")


def read_state(*, topology: str | None = None, dr: str | None = None,
               primary: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> StateReport:
    """The state of the vaults ``topology`` names, or of the pair of ``dr`` (and ``primary``,
    when PADR is installed there) padr.ini files: give one of ``topology`` and ``dr``."""
    if topology is not None:
        parsed = load_topology(topology)
        documents: dict[str, Document | None] = {
            v.name: load(parsed.resolve(v.padr), "padr", max_bytes=max_bytes)
            for v in parsed.vaults if v.padr}
        return topology_report(parsed, documents)
    if dr is None:
        raise ValueError("give topology or dr")
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
    """The state line, then one column per vault: its padr.ini switches, last replication and
    file (ages measured from ``now``)."""
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
