"""What each component file is (PVWA, CPM, PSM, ...) and which vault its Vault.ini must reach
first: the component's `role` in the topology, else a role inferred from its folder or file
name; the active vault per the topology's `expected_state` (cyberark-formats.md section 11 F).
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

from cyberark_cfg.estate.topology import DR, Component, Topology, Vault

CPM = "cpm"
# Role -> words that name it in a folder or file name (tokens, trailing digits dropped:
# pvwa01 -> pvwa). PSMP before PSM; a bare `cp` token names the Credential Provider.
_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("psmp", ("psmp",)),
    ("cpm", ("cpm", "password manager", "passwordmanager")),
    ("pvwa", ("pvwa", "password vault web access", "passwordvaultwebaccess", "vaultinfo")),
    ("psm", ("psm", "privileged session manager")),
    ("cp", ("cp", "credential provider", "credentialprovider", "aim", "appprovider")),
    ("backup", ("backup", "replicate", "pareplicate")),
)
_SPLIT = re.compile(r"[^a-z0-9]+")


def infer_role(relative_path: str) -> str | None:
    """The role a path's folder or file name gives away, nearest part first; None if none."""
    for part in reversed(PurePath(relative_path.replace("\\", "/")).parts):
        name = part.lower()
        spaced = " ".join(_SPLIT.split(name))
        tokens = {token.rstrip("0123456789") for token in _SPLIT.split(name)}
        for role, words in _HINTS:
            if any(word in tokens or (" " in word and word in spaced) for word in words):
                return role
    return None


def file_role(topology: Topology, component: Component, path: str) -> str | None:
    """The component's declared role, else the one its path (below the topology) shows."""
    if component.role is not None:
        return component.role
    try:
        relative = os.path.relpath(path, topology.base or ".")
    except ValueError:  # another drive on Windows
        relative = ".."
    if relative.startswith(".."):
        relative = os.path.join(*PurePath(path).parts[-3:])
    return infer_role(relative)


def active_vault(topology: Topology, site: str | None = None) -> Vault:
    """The vault that runs PrivateArk Server in the expected state: the primary, or during a
    failover the DR vault (the one on ``site`` when there are several)."""
    if topology.expected_state != "failover":
        return topology.primary
    candidates = topology.dr_vaults
    local = [v for v in candidates if v.site == site]
    return (local or candidates)[0]


def first_vault(topology: Topology, component: Component, role: str | None) -> Vault:
    """The vault a component's ADDRESS must start with: a CPM's is the active vault; during a
    failover every component's is the DR vault (KB 000004249); otherwise the site's own."""
    if role == CPM or topology.expected_state == "failover":
        return active_vault(topology, component.site)
    return topology.vault(component.prefer)


def required_vaults(topology: Topology, component: Component, role: str | None,
                    first: Vault) -> tuple[str, ...]:
    """The vaults ADDRESS must list: a CPM only the active one (never the DR vault for
    automatic failover); other components ``first`` and the component's ``vaults``."""
    if role == CPM:
        return (first.name,)
    return tuple(dict.fromkeys((first.name, *component.required)))


__all__ = ["CPM", "DR", "active_vault", "file_role", "first_vault", "infer_role",
           "required_vaults"]
