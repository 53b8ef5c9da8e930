"""The DR estate's state per the founding document's services table (cyberark-formats.md section
10): which vault runs PrivateArk Server, read from service snapshots, with padr.ini as the weaker
evidence when a vault has no snapshot.

States: ``normal`` (PrivateArk Server runs on the primary only), ``failover`` (on a DR vault
only), ``split-brain`` (on two vaults: proven only by services, never by padr.ini alone),
``down`` (on none), ``inconsistent`` (a vault's padr.ini contradicts its services),
``unverified`` (without services, two vaults may be active: both padr.ini files say
FailoverMode=Yes) and ``unknown`` (not enough evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cyberark_cfg.document import Document
from cyberark_cfg.estate.services import DR_SERVICE, LABELS, SERVER, Snapshot
from cyberark_cfg.estate.topology import DR, PRIMARY, Topology
from cyberark_cfg.kinds.padr import PadrFile

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

NORMAL, FAILOVER, SPLIT_BRAIN, DOWN, INCONSISTENT, UNVERIFIED, UNKNOWN = (
    "normal", "failover", "split-brain", "down", "inconsistent", "unverified", "unknown")
STATES = (NORMAL, FAILOVER, SPLIT_BRAIN, DOWN, INCONSISTENT, UNVERIFIED, UNKNOWN)
HEALTHY = (NORMAL, FAILOVER)


@dataclass(frozen=True)
class VaultStatus:
    """One vault's evidence: its padr.ini and its service snapshot.

    ``configured`` is False when the vault has no padr.ini (PADR not installed there);
    ``document`` is None when it is configured but could not be read; ``services`` is None
    when no snapshot was given (or it could not be read).
    """

    name: str
    role: str
    site: str | None
    path: str | None
    configured: bool
    document: Document | None
    services: Snapshot | None = None

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

    def running(self, role: str) -> bool | None:
        """Whether the snapshot shows the service of ``role`` up; None without evidence."""
        return self.services.running(role) if self.services is not None else None

    @property
    def server_running(self) -> bool | None:
        return self.running(SERVER)

    @property
    def evidence(self) -> list[str]:
        found = ["padr.ini"] if self.document is not None else []
        return found + (["services"] if self.services is not None else [])

    def where(self) -> str:
        """The file a finding about this vault belongs to: padr.ini, else its snapshot."""
        return self.path or (self.services.path if self.services else None) or self.name

    def to_json(self, now: datetime) -> dict[str, Any]:
        last = self.last_replication
        snapshot = self.services
        return {
            "name": self.name,
            "role": self.role,
            "site": self.site,
            "evidence": self.evidence,
            "padr": self.path,
            "FailoverMode": self.failover_mode,
            "EnableFailover": self._bool("EnableFailover"),
            "EnableReplicate": self._bool("EnableReplicate"),
            "ActivateManualFailover": self._bool("ActivateManualFailover"),
            "LastDataReplication": iso_utc(last) if last else None,
            "LastDataReplicationAgeSeconds": age_seconds(last, now) if last else None,
            "services": None if snapshot is None else {
                "file": snapshot.path, "format": snapshot.format,
                "list": [s.to_json() for s in snapshot.known()]},
        }


@dataclass(frozen=True)
class StateReport:
    state: str
    reasons: tuple[str, ...]
    vaults: tuple[VaultStatus, ...]
    # The vault a finding about the state belongs to.
    subject: VaultStatus

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def healthy(self) -> bool:
        return self.state in HEALTHY

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "state": self.state,
            "reasons": list(self.reasons),
            "now": iso_utc(now),
            "vaults": [v.to_json(now) for v in self.vaults],
        }


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def age_seconds(moment: datetime, now: datetime) -> int:
    return int((now - moment).total_seconds())


def _names(vaults: list[VaultStatus]) -> str:
    return " and ".join(v.name for v in vaults)


def contradiction(vault: VaultStatus) -> str | None:
    """How a vault's padr.ini contradicts its services (invariant 4), or None.

    Not contradictions: a stopped or crashed vault that still reads FailoverMode=Yes, and a
    primary promoted back with FailoverMode=No (S3, S4) that runs PrivateArk Server."""
    mode, server = vault.failover_mode, vault.server_running
    if mode is None or server is None:
        return None
    if mode and not server and vault.running(DR_SERVICE):
        return (f"{vault.name}: padr.ini says FailoverMode=Yes (active), but {LABELS[SERVER]} "
                f"is stopped and {LABELS[DR_SERVICE]} runs (replicating)")
    if not mode and server and vault.role == DR:
        return (f"{vault.name}: padr.ini says FailoverMode=No (a replica), but "
                f"{LABELS[SERVER]} runs")
    return None


def decide(vaults: tuple[VaultStatus, ...]) -> StateReport:
    """The state of the estate: the primary plus one or more DR vaults."""
    primary = next(v for v in vaults if v.role == PRIMARY)
    drs = [v for v in vaults if v.role == DR]
    up = [v for v in vaults if v.server_running]
    if len(up) > 1:
        return StateReport(SPLIT_BRAIN, (f"{LABELS[SERVER]} runs on {_names(up)}",),
                           vaults, next((v for v in up if v.role == DR), up[-1]))
    odd = [(v, text) for v in vaults if (text := contradiction(v))]
    if odd:
        return StateReport(INCONSISTENT, tuple(t for _, t in odd), vaults, odd[0][0])
    if all(v.server_running is not None for v in vaults):
        return _from_services(vaults, up, primary, drs)
    return _from_files(vaults, up, primary, drs)


def _from_services(vaults: tuple[VaultStatus, ...], up: list[VaultStatus],
                   primary: VaultStatus, drs: list[VaultStatus]) -> StateReport:
    if not up:
        return StateReport(DOWN, (f"{LABELS[SERVER]} is stopped on {_names(list(vaults))}",),
                           vaults, drs[0])
    active = up[0]
    reasons = [f"{LABELS[SERVER]} runs on {active.name} only"]
    for standby in (v for v in drs if v is not active):
        if standby.running(DR_SERVICE) is False:
            reasons.append(f"{LABELS[DR_SERVICE]} is stopped on {standby.name}: it does not "
                           f"replicate")
    state = NORMAL if active is primary else FAILOVER
    return StateReport(state, tuple(reasons), vaults, active if state == FAILOVER else drs[0])


def _from_files(vaults: tuple[VaultStatus, ...], up: list[VaultStatus],
                primary: VaultStatus, drs: list[VaultStatus]) -> StateReport:
    """Some vault has no snapshot: its padr.ini stands in for it, as a claim only."""
    unproven = [v for v in vaults if v.server_running is None]
    for status in unproven:
        problem = _unreadable(status)
        if problem is not None:
            return StateReport(UNKNOWN, (problem,), vaults, status)
    claimed = [v for v in unproven if v.failover_mode]
    if not up and not claimed and not primary.configured and primary in unproven:
        claimed = [primary]  # no PADR there: the primary is active unless a DR vault is
    candidates = up + claimed
    missing = f"no service snapshot for {_names(unproven)}"
    if len(candidates) > 1:
        said = [f"padr.ini says FailoverMode=Yes on {_names(claimed)}"] if claimed else []
        said += [f"{LABELS[SERVER]} runs on {_names(up)}"] if up else []
        check = (f"{missing}: check {LABELS[SERVER]} on {_names(claimed)}; it must run on one "
                 f"vault only")
        return StateReport(UNVERIFIED, (" and ".join(said), check),
                           vaults, next((v for v in candidates if v.role == DR), candidates[0]))
    if not candidates:
        return StateReport(UNKNOWN, (
            "no vault is shown active: every padr.ini without a service snapshot says "
            "FailoverMode=No (after a failback that is the documented end state when the "
            f"primary runs {LABELS[SERVER]})", f"{missing}: check which vault runs "
            f"{LABELS[SERVER]}"), vaults, drs[0])
    active = candidates[0]
    how = (f"{LABELS[SERVER]} runs on {active.name}" if active in up else
           f"{active.name}'s padr.ini says FailoverMode=Yes" if active.configured else
           f"{active.name} has no padr.ini")
    others = [v for v in vaults if v is not active]
    said = [f"{v.name} {'has no padr.ini' if not v.configured else 'has FailoverMode=No'}"
            if v.server_running is None else f"{LABELS[SERVER]} is stopped on {v.name}"
            for v in others]
    state = NORMAL if active is primary else FAILOVER
    return StateReport(state, (f"{how} and {', '.join(said)}", missing), vaults,
                       active if state == FAILOVER else drs[0])


def _unreadable(status: VaultStatus) -> str | None:
    if not status.configured:
        return f"the {status.name} vault has no padr.ini" if status.role == DR else None
    if status.document is None:
        return f"{status.path or status.name} could not be read"
    if status.failover_mode is None:
        return f"FailoverMode is missing or not Yes/No in {status.path or status.name}"
    return None


def pair_report(dr: Document, primary: Document | None, dr_services: Snapshot | None = None,
                primary_services: Snapshot | None = None) -> StateReport:
    """The state of one DR padr.ini and, optionally, the primary's (``cfgtool state --dr``)."""
    return decide((
        VaultStatus(PRIMARY, PRIMARY, None, primary.path if primary else None,
                    primary is not None, primary, primary_services),
        VaultStatus(DR, DR, None, dr.path, True, dr, dr_services),
    ))


def topology_report(topology: Topology, documents: dict[str, Document | None],
                    snapshots: dict[str, Snapshot | None] | None = None) -> StateReport:
    """The state of a topology's vaults, given each vault's loaded padr.ini and service
    snapshot (by vault name)."""
    snapshots = snapshots or {}
    return decide(tuple(
        VaultStatus(v.name, v.role, v.site, topology.resolve(v.padr) if v.padr else None,
                    v.padr is not None, documents.get(v.name), snapshots.get(v.name))
        for v in topology.vaults))


def estate_report(estate: Estate) -> StateReport:
    """The state of a loaded estate (a padr.ini that did not load makes it unknown)."""
    return topology_report(estate.topology, estate.padr, estate.services)


__all__ = ["DOWN", "FAILOVER", "HEALTHY", "INCONSISTENT", "NORMAL", "SPLIT_BRAIN",
           "STATES", "UNKNOWN", "UNVERIFIED", "StateReport", "VaultStatus", "decide",
           "estate_report", "pair_report", "topology_report"]
