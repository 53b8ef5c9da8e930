"""DR020 component-role-unknown: a component Vault.ini whose role (PVWA, CPM, PSM, ...) the
topology does not give and its folder or file name does not show.

## Why it matters
The address order a Vault.ini needs depends on what reads it: PVWA and PSM list both vaults,
their own site's first, while a CPM stays on the active vault only. A file cfgtool cannot place
is checked as a PVWA would be, so a CPM among them would be told to add the DR vault.

## Example
```toml
[[components]]
site = "prod"
files = ["prod/app01/Vault.ini"]
```

## Use instead
```toml
[[components]]
site = "prod"
role = "cpm"
files = ["prod/app01/Vault.ini"]
```
or keep each component in a folder named after it (`prod/cpm/`, `prod/pvwa01/`).

## Fix
None: say `role` on the component (one of pvwa, cpm, psm, psmp, cp, backup, other). Reported
on the topology, at the component's line. Names are read from the path below the topology's
folder: `pvwa`, `cpm`, `psm`, `psmp`, `cp`, `backup` or `replicate` as a word (digits after
it allowed), or the product folders (`Password Manager`, `Privileged Session Manager`, ...).

## References
- The component folders (`…\\Password Vault Web Access\\VaultInfo\\`,
  `…\\Password Manager\\Vault\\`, `…\\PSM\\Vault\\`): the seed (S1), kjentech runbook (S4).
- CPM on the active vault only: kjentech runbook (S4); training material (S8, weak source).
- The inference from names: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.roles import file_role
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    topology = estate.topology
    for item in estate.components:
        if item.document.kind != "vault":
            continue
        if file_role(topology, item.component, item.path) is not None:
            continue
        yield RULE.finding(
            topology.path,
            f"cannot tell what reads {item.path} (pvwa, cpm, psm, ...) from its folder or file "
            f"name: say role = \"...\" on {item.component.label}; checked as a PVWA meanwhile",
            line=topology.lines.line_of("components", item.component.index), key="role")


RULE = EstateRule(
    slug="component-role-unknown",
    severity=Severity.WARNING,
    summary="A component Vault.ini whose role neither the topology nor its path shows",
    check_estate=check,
)
