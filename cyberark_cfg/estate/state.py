"""The DR pair's state from the padr.ini files alone, per the founding document's table
(cyberark-formats.md section 2): normal, failover, split-brain, inconsistent or unknown.

With more than one DR vault the same table holds for the estate as a whole: one active vault
is normal (the primary) or failover (one DR vault); two active vaults are a split brain; none
is inconsistent; a FailoverMode that cannot be read makes it unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cyberark_cfg.document import Document
from cyberark_cfg.estate.topology import DR, PRIMARY, Topology
from cyberark_cfg.kinds.padr import PadrFile

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

NORMAL, FAILOVER, SPLIT_BRAIN, INCONSISTENT, UNKNOWN = (
    "normal", "failover", "split-brain", "inconsistent", "unknown")
HEALTHY = (NORMAL, FAILOVER)


@dataclass(frozen=True)
class VaultStatus:
    """One vault's padr.ini as the state table reads it.

    ``configured`` is False when the vault has no padr.ini (PADR not installed there);
    ``document`` is None when it is configured but could not be read.
    """

    name: str
    role: str
    site: str | None
    path: str | None
    configured: bool
    document: Document | None

    def _bool(self, key: str) -> bool | None:
        return self.document.typed(key, expect=bool) if self.document is not None else None

    @property
    def failover_mode(self) -> bool | None:
        return self._bool("FailoverMode")

    @property
    def failover_mode_line(self) -> int:
        entry = self.document.entry("FailoverMode") if self.document is not None else None
        return entry.lineno if entry is not None else 1

    @property
    def last_replication(self) -> datetime | None:
        if isinstance(self.document, PadrFile):
            return self.document.last_data_replication
        return None

    def to_json(self, now: datetime) -> dict[str, Any]:
        last = self.last_replication
        return {
            "role": self.role,
            "site": self.site,
            "padr": self.path,
            "FailoverMode": self.failover_mode,
            "EnableFailover": self._bool("EnableFailover"),
            "EnableReplicate": self._bool("EnableReplicate"),
            "ActivateManualFailover": self._bool("ActivateManualFailover"),
            "LastDataReplication": iso_utc(last) if last else None,
            "LastDataReplicationAgeSeconds": age_seconds(last, now) if last else None,
        }


@dataclass(frozen=True)
class StateReport:
    state: str
    reason: str
    vaults: tuple[VaultStatus, ...]
    # The padr.ini a finding about the state belongs to, and the line of its FailoverMode.
    subject: VaultStatus

    @property
    def healthy(self) -> bool:
        return self.state in HEALTHY

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "state": self.state,
            "reason": self.reason,
            "now": iso_utc(now),
            "vaults": {v.name: v.to_json(now) for v in self.vaults},
        }


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def age_seconds(moment: datetime, now: datetime) -> int:
    return int((now - moment).total_seconds())


def _describe(status: VaultStatus) -> str:
    return status.path or f"the {status.name} vault"


def decide(vaults: tuple[VaultStatus, ...]) -> StateReport:
    """The state of the estate: the primary plus one or more DR vaults."""
    primary = next(v for v in vaults if v.role == PRIMARY)
    drs = [v for v in vaults if v.role == DR]
    for dr in drs:
        if not dr.configured:
            return StateReport(UNKNOWN, f"the {dr.name} vault has no padr.ini", vaults, dr)
    for status in [*drs, primary] if primary.configured else drs:
        if status.document is None:
            return StateReport(UNKNOWN, f"{_describe(status)} could not be read", vaults, status)
        if status.failover_mode is None:
            return StateReport(UNKNOWN, f"FailoverMode is missing or not Yes/No in "
                                        f"{_describe(status)}", vaults, status)
    active = [dr for dr in drs if dr.failover_mode]
    primary_active = primary.failover_mode if primary.configured else None
    primary_said = ("has no padr.ini" if primary_active is None
                    else f"has FailoverMode={'Yes' if primary_active else 'No'}")
    if len(active) > 1:
        names = " and ".join(v.name for v in active)
        return StateReport(SPLIT_BRAIN, f"DR vaults {names} all have FailoverMode=Yes",
                           vaults, active[1])
    if active and primary_active:
        return StateReport(SPLIT_BRAIN, f"both {primary.name} and {active[0].name} have "
                                        "FailoverMode=Yes", vaults, active[0])
    if active:
        return StateReport(FAILOVER, f"{active[0].name} has FailoverMode=Yes and "
                                     f"{primary.name} {primary_said}", vaults, active[0])
    if primary_active is False:
        return StateReport(INCONSISTENT, "every vault has FailoverMode=No, so none is active",
                           vaults, drs[0])
    standby = f"{' and '.join(d.name for d in drs)} {'has' if len(drs) == 1 else 'have'}"
    return StateReport(NORMAL, f"{standby} FailoverMode=No and {primary.name} {primary_said}",
                       vaults, drs[0])


def pair_report(dr: Document, primary: Document | None) -> StateReport:
    """The state of one DR padr.ini and, optionally, the primary's (``cfgtool state --dr``)."""
    return decide((
        VaultStatus(PRIMARY, PRIMARY, None, primary.path if primary else None,
                    primary is not None, primary),
        VaultStatus(DR, DR, None, dr.path, True, dr),
    ))


def topology_report(topology: Topology, documents: dict[str, Document | None]) -> StateReport:
    """The state of a topology's vaults, given each vault's loaded padr.ini (by vault name)."""
    return decide(tuple(
        VaultStatus(v.name, v.role, v.site, topology.resolve(v.padr) if v.padr else None,
                    v.padr is not None, documents.get(v.name))
        for v in topology.vaults))


def estate_report(estate: Estate) -> StateReport:
    """The state of a loaded estate (a padr.ini that did not load makes it unknown)."""
    return topology_report(estate.topology, estate.padr)
