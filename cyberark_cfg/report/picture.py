"""What the estate diagram shows, before any geometry: one column per site, the vaults, one node
per component file (or per kind, when a site has many), and the arrows from each component to
the vault it tries first (solid) and the next one (dashed), coloured by the file's worst finding.

Clients try the ADDRESS entries in order and use the first vault that answers
(cyberark-formats.md section 3), so the first two distinct vaults are what a failover relies on.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cyberark_cfg.document import Document
from cyberark_cfg.estate.model import Estate
from cyberark_cfg.estate.services import DR_SERVICE
from cyberark_cfg.estate.state import VaultStatus
from cyberark_cfg.estate.topology import Topology
from cyberark_cfg.findings import Severity
from cyberark_cfg.kinds import kind_by_filename
from cyberark_cfg.report.findings import file_key
from cyberark_cfg.values import parse_address_list

FIRST, NEXT = "first", "next"
# A site showing more component nodes than this shows one node per kind instead.
GROUP_OVER = 10
# Path words that give a component's role away; checked in this order.
_ROLE_WORDS = (("PVWA", ("pvwa", "passwordvault", "password vault web access")),
               ("CPM", ("cpm", "passwordmanager", "password manager")),
               ("PSM", ("psm", "privilegedsessionmanager")),
               ("PADR", ("padr", "disaster recovery")))


def level(severity: Severity | int | None) -> str:
    """The colour class of a severity: error, warning, info, or ok for a clean file."""
    return str(Severity(severity)) if severity else "ok"


@dataclass(frozen=True)
class Arrow:
    source: str  # node id
    target: str  # vault name
    order: str  # FIRST (solid) or NEXT (dashed)
    level: str
    count: int = 1  # components behind a grouped node's arrow


@dataclass(frozen=True)
class VaultBox:
    id: str
    name: str
    role: str
    site: str
    addresses: tuple[str, ...]
    status: str  # active, standby, unknown, no padr.ini, padr.ini missing or unreadable
    level: str
    file: str | None
    conflict: bool = False  # active while another vault is active too (split brain)


@dataclass(frozen=True)
class Node:
    id: str
    role: str  # PVWA, CPM, PSM, PADR or the file kind
    site: str
    title: str  # the file relative to the topology, or "12 PVWA" for a group
    detail: str  # ADDRESS, PSMServerId, or what is missing
    level: str
    files: tuple[str, ...]
    codes: tuple[str, ...] = ()  # the codes of the worst findings
    missing: bool = False
    levels: tuple[tuple[str, int], ...] = ()  # per colour class, for a group

    @property
    def grouped(self) -> bool:
        return len(self.files) > 1

    @property
    def tally(self) -> str:
        """A group's members by colour: '3 errors, 297 clean'."""
        words = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
                 "info": ("info", "info"), "ok": ("clean", "clean")}
        return ", ".join(f"{n} {words[name][n != 1]}" for name, n in self.levels)


@dataclass
class Site:
    name: str
    vaults: list[VaultBox] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)


@dataclass
class Picture:
    sites: list[Site]
    arrows: list[Arrow]


def relative(topology: Topology, path: str) -> str:
    """``path`` as the topology names it (relative to its folder), '/'-separated."""
    try:
        shown = os.path.relpath(path, topology.base or ".")
    except ValueError:  # another drive on Windows
        shown = ".."
    return (path if shown.startswith("..") else shown).replace(os.sep, "/")


def guess_role(path: str, kind: str | None, label: str | None = None) -> str:
    """PVWA, CPM, PSM or PADR from the file's kind and the words of its path or label."""
    if kind == "psm":
        return "PSM"
    if kind == "padr":
        return "PADR"
    words = f"{path} {label or ''}".lower().replace("\\", "/")
    for role, hints in _ROLE_WORDS:
        if any(hint in words for hint in hints):
            return role
    return {"vault": "Vault.ini", "cred": "credentials"}.get(kind or "", kind or "file")


def vault_targets(topology: Topology, document: Document) -> list[str]:
    """The distinct vaults of ADDRESS in the order a client tries them (unknown entries skipped)."""
    entry = document.entry("ADDRESS") if document.kind == "vault" else None
    if entry is None:
        return []
    names: list[str] = []
    for address in parse_address_list(document.display_value(entry)):
        owner = topology.owner_of(address) if address else None
        if owner is not None and owner.name not in names:
            names.append(owner.name)
    return names


def _detail(document: Document) -> str:
    for key, label in (("ADDRESS", "ADDRESS"), ("PSMServerId", "server ID")):
        entry = document.entry(key)
        if entry is not None:
            value = document.display_value(entry)
            if key == "ADDRESS":
                value = ", ".join(a for a in parse_address_list(value) if a)
            return f"{label} {value}"
    return document.kind or ""


class _Builder:
    def __init__(self, estate: Estate, worst: dict[str, Severity], codes: dict[str, list[str]]
                 ) -> None:
        self.estate, self.topology = estate, estate.topology
        self.worst, self.codes = worst, codes
        self.sites: dict[str, Site] = {}
        self.arrows: list[Arrow] = []
        self.count = 0

    def next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def site(self, name: str) -> Site:
        return self.sites.setdefault(name, Site(name))

    def file_node(self, path: str, site: str, document: Document, role: str) -> None:
        key = file_key(path)
        node_id = self.next_id("n")
        shown = relative(self.topology, path)
        node = Node(node_id, role, site, shown, _detail(document), level(self.worst.get(key)),
                    (shown,), tuple(self.codes.get(key, ())))
        self.site(site).nodes.append(node)
        for order, target in zip((FIRST, NEXT), vault_targets(self.topology, document),
                                 strict=False):
            self.arrows.append(Arrow(node_id, target, order, node.level))

    def missing_node(self, pattern: str, reason: str, site: str) -> None:
        node_id = self.next_id("m")
        kind = kind_by_filename(pattern)
        self.site(site).nodes.append(Node(
            node_id, guess_role(pattern, kind.name if kind else None), site, pattern, reason,
            "error",
            (pattern,), ("DR008",), missing=True))


def build_picture(estate: Estate, statuses: Iterable[VaultStatus],
                  worst: dict[str, Severity], codes: dict[str, list[str]],
                  group_over: int = GROUP_OVER) -> Picture:
    """The picture of ``estate``; ``worst`` and ``codes`` map a file (:func:`file_key`) to its
    worst severity and the codes found at that severity."""
    builder = _Builder(estate, worst, codes)
    topology = estate.topology
    by_name = {s.name: s for s in statuses}
    active = sum(1 for s in by_name.values() if _active(s))
    for vault in topology.vaults:
        status = by_name.get(vault.name)
        mode = _active(status) if status is not None else None
        padr = topology.resolve(vault.padr) if vault.padr else None
        colour = level(worst.get(file_key(padr))) if padr else "ok"
        if status is not None and status.server_running is not None:
            state = ("active" if mode else "standby" if status.running(DR_SERVICE)
                     else "stopped")
        elif status is None or not status.configured:
            state = "no padr.ini"
        elif status.document is None:
            state = "padr.ini missing" if padr and not os.path.exists(padr) else (
                "padr.ini unreadable")
            colour = "error"
        else:
            state = "unknown" if mode is None else "active" if mode else "standby"
        builder.site(vault.site).vaults.append(VaultBox(
            f"v-{vault.name}", vault.name, vault.role, vault.site, vault.addresses, state,
            colour, relative(topology, padr) if padr else None,
            conflict=state == "active" and active > 1))
    for vault in topology.vaults:
        document = estate.vault_ini.get(vault.name)
        if document is not None and document.path:
            builder.file_node(document.path, vault.site, document, "PADR")
    missing_sites = _missing_sites(estate)
    for item in estate.components:
        document = item.document
        builder.file_node(item.path, item.component.site, document,
                          guess_role(relative(topology, item.path), document.kind,
                                     item.component.name))
    for missing in estate.missing:
        where = missing_sites.get((missing.pattern, missing.line))
        if where is not None:
            builder.missing_node(missing.pattern, missing.reason, where)
    sites = list(builder.sites.values())
    arrows = builder.arrows
    for site in sites:
        if len(site.nodes) > group_over:
            site.nodes, arrows = _group(site, arrows)
    return Picture(sites, arrows)


def _active(status: VaultStatus) -> bool | None:
    """Whether a vault is shown ACTIVE: PrivateArk Server running when its snapshot says,
    else its padr.ini's FailoverMode."""
    if status.server_running is not None:
        return status.server_running
    return status.failover_mode if status.configured else None


def _missing_sites(estate: Estate) -> dict[tuple[str, int], str]:
    """The site of each component pattern, by (pattern, topology line), for missing files."""
    lines = estate.topology.lines
    found = {}
    for component in estate.topology.components:
        for pattern in component.patterns:
            line = lines.line_of_string(pattern, "components", component.index, "files")
            found[(pattern, line)] = component.site
    for vault in estate.topology.vaults:
        if vault.vault_ini:
            found[(vault.vault_ini, lines.line_of("vaults", vault.name, "vault_ini"))] = vault.site
    return found


_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}


def _group(site: Site, arrows: list[Arrow]) -> tuple[list[Node], list[Arrow]]:
    """One node per role on a crowded site; its arrows count the components behind them."""
    by_role: dict[str, list[Node]] = {}
    for node in site.nodes:
        by_role.setdefault(node.role, []).append(node)
    mine = {n.id for n in site.nodes}
    kept = [a for a in arrows if a.source not in mine]
    nodes = []
    for role, members in by_role.items():
        if len(members) == 1:
            nodes.append(members[0])
            kept.extend(a for a in arrows if a.source == members[0].id)
            continue
        group_id = f"g-{site.name}-{role}"
        levels = Counter(m.level for m in members)
        worst = min(levels, key=_ORDER.__getitem__)
        codes = sorted({c for m in members if m.level == worst for c in m.codes})
        files = tuple(f for m in members for f in m.files)
        ids = {m.id for m in members}
        paths: dict[tuple[str, str], list[str]] = {}
        for arrow in arrows:
            if arrow.source in ids:
                paths.setdefault((arrow.order, arrow.target), []).append(arrow.level)
        first = Counter(t for (o, t), ls in paths.items() if o == FIRST for _ in ls)
        detail = ", ".join(f"{n} first to {t}" for t, n in first.most_common()) or "no ADDRESS"
        nodes.append(Node(group_id, role, site.name, f"{len(members)} {role}", detail, worst,
                          files, tuple(codes),
                          levels=tuple(sorted(levels.items(), key=lambda x: _ORDER[x[0]]))))
        for (order, target), found in sorted(paths.items()):
            kept.append(Arrow(group_id, target, order,
                              min(found, key=_ORDER.__getitem__), len(found)))
    return nodes, kept
