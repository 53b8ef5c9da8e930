"""DR026 backup-not-on-active-vault: the Vault.ini of the backup (PAReplicate) does not point
at the active vault first.

## Why it matters
PAReplicate backs up the vault its Vault.ini names. A backup job that points at the primary
fails during a failover, when the DR vault is the active one; runbooks pause the job or
repoint it. With the topology's `expected_state`, the active vault is the primary in normal
operation and the DR vault during a failover.

## Example
```ini
# prod/backup/Vault.ini, expected_state = "failover" (dr 10.20.1.10 active)
ADDRESS=10.10.1.10
```

## Use instead
```ini
ADDRESS=10.20.1.10
```
or pause the backup job until the failback.

## Fix
None: repointing or pausing the job is a person's decision. Runs when the topology has
`[backup] script = "..."` and the script's Vault.ini is in the estate.

## References
- "Its Vault.ini must name the active vault; a job pointing at the primary fails during a
  failover": kjentech runbook "Change - Upgrade Vault with Failover" (S4).
- Backup.cmd: the seed (S1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.errors import CfgError
from cyberark_cfg.estate.backup import read_chain
from cyberark_cfg.estate.roles import active_vault
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule
from cyberark_cfg.values import parse_address_list

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    topology = estate.topology
    if topology.backup_script is None:
        return
    try:
        chain = read_chain(topology.resolve(topology.backup_script), estate.encoding)
    except CfgError:
        return  # DR025 says why
    vault_ini = next((f.document for f in chain.files if f.role == "vault" and f.document),
                     None)
    entry = vault_ini.entry("ADDRESS") if vault_ini is not None else None
    if vault_ini is None or entry is None:
        return
    listed = [a for a in parse_address_list(entry.value) if a]
    active = active_vault(topology)
    if listed and active.answers_on(listed[0]):
        return
    first = listed[0] if listed else "nothing"
    yield RULE.finding(
        vault_ini.path,
        f"the backup's Vault.ini points at {first}, not at the active vault {active.name} "
        f"({active.addresses[0]}, expected_state {topology.expected_state or 'normal'}): "
        "PAReplicate backs up the vault it names", line=entry.lineno,
        column=entry.value_column, key="ADDRESS")


RULE = EstateRule(
    slug="backup-not-on-active-vault",
    severity=Severity.WARNING,
    summary="The backup's Vault.ini does not point at the active vault first",
    check_estate=check,
)
