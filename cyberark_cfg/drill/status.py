"""`cfgtool runbook PROCEDURE --status`: read the current evidence (padr.ini files, service
snapshots, padr.log verdicts, the estate's findings) and say which steps are done, which is
next and what blocks it.

Each step's ``done`` conditions describe the estate right after it, with enough context that
they cannot hold before the step is reached; the last step whose conditions hold marks how far
the procedure got. Steps that files cannot show (manual ones, credential files, service
restarts with no lasting trace) are "unchecked" before that point, "pending" after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cyberark_cfg.drill.runbook import Runbook, Step, on_site
from cyberark_cfg.estate.model import Estate, load_estate
from cyberark_cfg.estate.services import DR_SERVICE, ENE, SERVER
from cyberark_cfg.estate.state import StateReport, VaultStatus, estate_report
from cyberark_cfg.lint.estate import check_estate
from cyberark_cfg.values import parse_address_list

DONE, UNCHECKED, NEXT, PENDING = "done", "unchecked", "next", "pending"
_CONDITION = re.compile(r"^(?:(?P<host>[a-z]+)\.)?(?P<fact>[A-Za-z:,0-9-]+)(?P<op>!?=)"
                        r"(?P<value>[A-Za-z0-9-]+)$")
_SERVICES = {"server": SERVER, "dr-service": DR_SERVICE, "ene": ENE}
# padr.ini defaults when a key is absent (cyberark-formats.md section 2).
_DEFAULTS = {"enablefailover": True, "enabledbsync": True, "activatemanualfailover": False}
_LOG_OK = ("healthy", "full-replication")


@dataclass
class Evidence:
    """What the status reads: the estate, its state, its findings' codes, the log verdicts."""

    estate: Estate
    state: StateReport
    codes: set[str]
    logs: dict[str, str] = field(default_factory=dict)  # vault name -> padr.log verdict

    def vault(self, role: str, runbook: Runbook) -> VaultStatus | None:
        name = {"primary": runbook.topology.primary.name}.get(role)
        if name is None:  # the DR vault the runbook is for
            name = next((s.host for s in runbook.steps if s.spec.host == "dr"),
                        runbook.topology.dr_vaults[0].name)
        return next((v for v in self.state.vaults if v.name == name), None)


def gather(runbook: Runbook, now: datetime | None = None, *, encoding: str | None = None,
           estate: Estate | None = None) -> Evidence:
    """The evidence for ``runbook``: ``estate`` (the topology's estate, already read), else the
    estate read now, its 8-bit files in the code page ``encoding`` (`--encoding`), else in the
    one of the configuration `cfgtool lint` finds for the topology."""
    from cyberark_cfg.lint.resolve import file_encoding
    from cyberark_cfg.padrlog import analyse

    if estate is None:
        page = encoding if encoding is not None else file_encoding(runbook.topology.path)
        estate = load_estate(runbook.topology, page)
    logs = {}
    for vault in runbook.topology.vaults:
        if vault.padrlog:
            logs[vault.name] = analyse(runbook.topology.resolve(vault.padrlog), now=now).verdict
    return Evidence(estate, estate_report(estate), {d.code for d in check_estate(estate)},
                    logs)


def holds(condition: str, evidence: Evidence, runbook: Runbook) -> bool | None:
    """True, False, or None when the evidence does not show it."""
    match = _CONDITION.match(condition)
    if match is None:
        raise ValueError(f"bad condition {condition!r}")
    host, fact, value = match["host"], match["fact"], match["value"]
    found = _fact(host, fact, value, evidence, runbook)
    if found is None:
        return None
    return found if match["op"] == "=" else not found


def _fact(host: str | None, fact: str, value: str, evidence: Evidence,
          runbook: Runbook) -> bool | None:
    if host is None and fact == "state":
        return evidence.state.state == value
    if host is None and fact.startswith("findings:"):
        return not (set(fact.split(":", 1)[1].split(",")) & evidence.codes)
    if host == "cpm":
        return _cpm_points_at(value, evidence, runbook)
    vault = evidence.vault(host or "", runbook)
    if vault is None:
        return None
    if fact in _SERVICES:
        running = vault.running(_SERVICES[fact])
        return None if running is None else running == (value == "running")
    if fact.startswith("start:"):
        snapshot = vault.services
        found = snapshot.find(_SERVICES[fact.split(":", 1)[1]]) if snapshot else None
        return None if found is None or found.start_type is None else (
            found.start_type == value)
    if fact == "log":
        verdict = evidence.logs.get(vault.name)
        if verdict is None:
            return None
        return verdict == value if value == "full-replication" else (
            (verdict in _LOG_OK) == (value == "healthy"))
    document = vault.document
    if document is None:
        return None
    if fact == "positions":
        present = any(document.entry(k) is not None for k in
                      ("NextBinaryLogNumberToStartAt", "LastDataReplicationTimestamp"))
        return present == (value == "present")
    flag = document.typed(fact, expect=bool)
    if flag is None and document.entry(fact) is None:
        flag = _DEFAULTS.get(fact.lower())
    return None if flag is None else flag == (value.lower() == "yes")


def _cpm_points_at(role: str, evidence: Evidence, runbook: Runbook) -> bool | None:
    """Every CPM Vault.ini's ADDRESS names the ``role`` vault and no other."""
    target = evidence.vault(role, runbook)
    if target is None:
        return None
    site = next(v.site for v in runbook.topology.vaults if v.name == target.name)
    wanted = on_site(runbook.cpm, site)
    files = [c for c in evidence.estate.components if c.path in wanted]
    if not files:
        return None
    for item in files:
        listed = parse_address_list(item.document.get("ADDRESS") or "")
        owners = {getattr(runbook.topology.owner_of(a), "name", a) for a in listed if a}
        if owners != {target.name}:
            return False
    return True


@dataclass(frozen=True)
class StepStatus:
    step: Step
    status: str
    checked: bool | None  # the step's own conditions now; None: not checkable
    blocked: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"number": self.step.number, "host": self.step.host, "kind": self.step.kind,
                "text": self.step.text, "status": self.status,
                "checkable": bool(self.step.spec.done), "checked": self.checked,
                "blocked": list(self.blocked)}


@dataclass(frozen=True)
class Status:
    runbook: Runbook
    steps: tuple[StepStatus, ...]
    state: str

    @property
    def complete(self) -> bool:
        return all(s.status in (DONE, UNCHECKED) for s in self.steps)

    @property
    def next(self) -> StepStatus | None:
        return next((s for s in self.steps if s.status == NEXT), None)

    def to_json(self) -> dict[str, Any]:
        upcoming = self.next
        return {"procedure": self.runbook.procedure, "state": self.state,
                "complete": self.complete, "next": upcoming.step.number if upcoming else None,
                "steps": [s.to_json() for s in self.steps]}


def _all(conditions: tuple[str, ...], evidence: Evidence, runbook: Runbook) -> bool | None:
    results = [holds(c, evidence, runbook) for c in conditions]
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) or not results else True


def status(runbook: Runbook, evidence: Evidence | None = None,
           now: datetime | None = None, encoding: str | None = None) -> Status:
    evidence = evidence or gather(runbook, now, encoding=encoding)
    checks = [_all(s.spec.done, evidence, runbook) for s in runbook.steps]
    last = max((i for i, c in enumerate(checks) if c), default=-1)
    found = []
    for index, (step, check) in enumerate(zip(runbook.steps, checks, strict=True)):
        if index <= last:
            found.append(StepStatus(step, DONE if check is not None else UNCHECKED, check))
        elif index == last + 1:
            blocked = []
            for condition, why in step.spec.requires:
                result = holds(condition, evidence, runbook)
                if result is False:
                    blocked.append(why)
                elif result is None:
                    blocked.append(f"cannot tell from the evidence ({condition}): {why}")
            found.append(StepStatus(step, NEXT, check, tuple(blocked)))
        else:
            found.append(StepStatus(step, PENDING, check))
    return Status(runbook, tuple(found), evidence.state.state)


def _short(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def render_status(result: Status) -> str:
    upcoming = result.next
    head = (f"{result.runbook.procedure}: complete" if upcoming is None else
            f"{result.runbook.procedure}: step {upcoming.step.number} of "
            f"{len(result.steps)} is next")
    lines = [f"{head} (state: {result.state})"]
    for item in result.steps:
        text = item.step.text if item.status == NEXT else _short(item.step.text)
        lines.append(f"  {item.status:<9} {item.step.number:>2}. [{item.step.host}] "
                     f"({item.step.kind}) {text}")
        if item.status == NEXT:
            if item.step.command:
                lines.append(f"            run: {item.step.command}")
            for why in item.blocked:
                lines.append(f"            blocked: {why}")
            if item.checked is None and not item.step.spec.done:
                lines.append("            (files cannot show this step: do it, then go on)")
    return "\n".join(lines)
