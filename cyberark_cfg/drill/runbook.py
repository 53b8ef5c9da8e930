"""`cfgtool runbook PROCEDURE --topology FILE`: a procedure's steps (data, in
:mod:`cyberark_cfg.drill.procedures`) made concrete for one topology: vault names, padr.ini
paths, addresses and CPM files filled in, and rendered as text, a Markdown checklist or JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cyberark_cfg.display import json_valid
from cyberark_cfg.drill.procedures import PROCEDURES, ProcedureSpec, StepSpec
from cyberark_cfg.errors import CfgError
from cyberark_cfg.estate.services import LABELS
from cyberark_cfg.estate.topology import Topology, Vault, load_topology

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

_PLAIN = re.compile(r"^[A-Za-z0-9_./:\\=+-]+$")


@dataclass(frozen=True)
class Step:
    number: int
    host: str
    kind: str
    text: str
    command: str | None
    sources: tuple[str, ...]
    wait_for: tuple[str, ...]
    expect: dict[str, dict[str, bool]]  # vault name -> service role -> running
    spec: StepSpec
    cpm: str | None = None  # the CPM Vault.ini a `cpm` step is about
    target: str | None = None  # the file the step's command edits (unquoted)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"number": self.number, "host": self.host, "kind": self.kind,
                                 "text": self.text}
        if self.command is not None:
            found["command"] = self.command
        found["sources"] = list(self.sources)
        if self.wait_for:
            found["wait_for"] = list(self.wait_for)
        if self.expect:
            found["expect"] = {vault: {LABELS[role]: "Running" if up else "Stopped"
                                       for role, up in services.items()}
                               for vault, services in self.expect.items()}
        return found


@dataclass(frozen=True)
class Runbook:
    procedure: str
    title: str
    warning: str | None
    topology: Topology
    steps: tuple[Step, ...]
    cpm: tuple[tuple[str, str], ...] = ()  # (path, site) of each CPM Vault.ini

    def to_json(self) -> dict[str, Any]:
        return {"procedure": self.procedure, "title": self.title, "warning": self.warning,
                "topology": self.topology.path, "steps": [s.to_json() for s in self.steps]}


def quoted(path: str) -> str:
    """A path as a shell word that PowerShell, cmd and sh all read back unchanged."""
    return path if _PLAIN.match(path) else '"' + path.replace('"', '\\"') + '"'


def cpm_components(topology: Topology, estate: Estate | None = None
                   ) -> tuple[tuple[str, str], ...]:
    """``(path, site)`` of each CPM Vault.ini of the topology (read, unless ``estate`` is its
    reading): a component file under a `cpm` folder, or of a component whose name says CPM.
    [inferred: the topology names no component roles yet, so this reads the folder and the
    name.]"""
    from cyberark_cfg.estate.model import load_estate

    found: list[tuple[str, str]] = []
    for item in (estate or load_estate(topology)).components:
        words = f"{item.path} {item.component.name or ''}".lower().replace("\\", "/")
        if item.document.kind == "vault" and ("/cpm" in words or "cpm" in
                                              (item.component.name or "").lower()):
            found.append((item.path, item.component.site))
    return tuple(found)


def on_site(cpm: tuple[tuple[str, str], ...], site: str | None = None) -> list[str]:
    """The CPM files on ``site`` when some are there, else all of them."""
    local = [path for path, where in cpm if where == site]
    return local or [path for path, _ in cpm]


def _padr(topology: Topology, vault: Vault) -> str:
    return quoted(topology.resolve(vault.padr)) if vault.padr else f"<{vault.name} padr.ini>"


def build(procedure: str, topology: Topology | str, dr_vault: str | None = None,
          estate: Estate | None = None) -> Runbook:
    """The runbook of ``procedure`` for the topology's primary and its DR vault (the first DR
    vault, or ``dr_vault``); ``estate``: the topology's estate when it has been read."""
    spec: ProcedureSpec | None = PROCEDURES.get(procedure)
    if spec is None:
        raise CfgError(f"unknown procedure {procedure!r}: use one of {', '.join(PROCEDURES)}")
    if not isinstance(topology, Topology):
        topology = load_topology(topology)
    primary = topology.primary
    drs = [v for v in topology.dr_vaults if dr_vault in (None, v.name)]
    if not drs:
        raise CfgError(f"the topology has no DR vault called {dr_vault!r}")
    dr = drs[0]
    values = {
        "primary": primary.name, "dr": dr.name, "topology": quoted(topology.path),
        "primary_padr": _padr(topology, primary), "dr_padr": _padr(topology, dr),
        "primary_address": primary.addresses[0], "dr_address": dr.addresses[0],
    }
    cpm_all = cpm_components(topology, estate)
    hosts = {"primary": primary.name, "dr": dr.name}
    sites = {"primary": primary.site, "dr": dr.site}
    steps: list[Step] = []
    for item in spec.steps:
        active = next((role for role in ("primary", "dr") if f"{{{role}_address}}" in
                       (item.command or "")), "primary")
        targets: list[str | None] = list(on_site(cpm_all, sites[active])) if (
            item.host == "cpm") else []
        for cpm in targets or [None]:
            filled = dict(values, cpm=quoted(cpm) if cpm else "<CPM Vault.ini>")
            command = item.command.format(**filled) if item.command else None
            if item.host == "cpm" and cpm is None:
                command = None  # no CPM in the topology: the text says what to do
            host = hosts.get(item.host, item.host)
            if cpm is not None:
                host = f"cpm ({quoted(cpm)})"
            steps.append(Step(len(steps) + 1, host, item.kind, item.text.format(**filled),
                              command, item.sources, item.wait_for,
                              {hosts[h]: s for h, s in item.expect.items()}, item, cpm,
                              _target(item, topology, primary, dr, cpm)))
        if item.host == "cpm":
            others = [p for p in on_site(cpm_all) if p not in on_site(cpm_all,
                                                                      sites[active])]
            for other in others:
                steps.append(Step(len(steps) + 1, f"cpm ({quoted(other)})", "service",
                                  "Stop the CyberArk Password Manager services of this CPM "
                                  "and set them to Manual: only one CPM manages passwords",
                                  None, ("S16", "S4"), (), {}, item, other))
    return Runbook(spec.name, spec.title, spec.warning, topology, tuple(steps), cpm_all)


def _target(item: StepSpec, topology: Topology, primary: Vault, dr: Vault,
            cpm: str | None) -> str | None:
    words = (item.command or "").split()
    place = {"{primary_padr}": primary.padr, "{dr_padr}": dr.padr}
    if len(words) > 2 and words[2] in place and place[words[2]]:
        return topology.resolve(place[words[2]] or "")
    return cpm if len(words) > 2 and words[2] == "{cpm}" else None


def _wait(step: Step) -> str:
    return f"wait for padr.log: {', '.join(step.wait_for)}" if step.wait_for else ""


def _expected(step: Step) -> str:
    parts = [f"{vault}: " + ", ".join(f"{LABELS[role]} {'Running' if up else 'Stopped'}"
                                      for role, up in services.items())
             for vault, services in step.expect.items()]
    return f"expected services: {'; '.join(parts)}" if parts else ""


def render_text(runbook: Runbook) -> str:
    lines = [f"{runbook.title} ({runbook.procedure}), {len(runbook.steps)} steps"]
    if runbook.warning:
        lines.append(f"WARNING: {runbook.warning}")
    for step in runbook.steps:
        lines.append("")
        lines.append(f"{step.number:>2}. [{step.host}] ({step.kind}) {step.text} "
                     f"[{', '.join(step.sources)}]")
        for extra in (step.command and f"run: {step.command}", _wait(step), _expected(step)):
            if extra:
                lines.append(f"    {extra}")
    return "\n".join(lines)


def render_markdown(runbook: Runbook) -> str:
    lines = [f"## {runbook.title} (`{runbook.procedure}`)", ""]
    if runbook.warning:
        lines += [f"> **Warning:** {runbook.warning}", ""]
    for step in runbook.steps:
        lines.append(f"- [ ] **{step.number}. {step.host}** ({step.kind}): {step.text} "
                     f"_[{', '.join(step.sources)}]_")
        for extra in (step.command and f"`{step.command}`", _wait(step), _expected(step)):
            if extra:
                lines.append(f"  - {extra}")
    return "\n".join(lines)


def render_json(runbook: Runbook) -> str:
    return json.dumps(json_valid(runbook.to_json()), indent=2)
