"""DR011 ene-without-server: Cyber-Ark ENE runs on a vault where PrivateArk Server does not.

## Why it matters
The Event Notification Engine follows PrivateArk Server: a failover starts both, and returning
a DR vault to standby checks that ENE has stopped. ENE running on a standby, or on a stopped
primary, is a leftover of a procedure that did not finish (the vault was stopped but ENE was
not).

## Example
A standby's snapshot (`Get-Service | Export-Csv`):
```text
"Name","DisplayName","Status","StartType"
"PrivateArk Server","PrivateArk Server","Stopped","Manual"
"Cyber-Ark ENE","Cyber-Ark Event Notification Engine","Running","Automatic"
```

## Use instead
Stop Cyber-Ark ENE on that vault (`Stop-Service 'Cyber-Ark ENE'`). ENE stopped where PrivateArk
Server runs is not reported: one runbook keeps ENE off on both vaults.

## Fix
None: a service change. Reported on the vault's service snapshot, at ENE's line.

## References
The seed's services table (S1); a failover starts the vault and ENE (S7); returning to standby
checks ENE stopped (KB 000004249 as quoted, S2); ENE off on both vaults (S4). That ENE runs only
where PrivateArk Server runs is inferred (cyberark-formats.md section 10, invariant 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.services import ENE, LABELS, SERVER
from cyberark_cfg.estate.state import estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    for vault in estate_report(estate).vaults:
        ene = vault.services.find(ENE) if vault.services is not None else None
        if ene is None or not ene.running or vault.running(SERVER) is not False:
            continue
        yield RULE.finding(vault.services.path if vault.services else None,
                           f"{vault.name}: {LABELS[ENE]} runs while {LABELS[SERVER]} is "
                           f"stopped", line=ene.line)


RULE = EstateRule(
    slug="ene-without-server",
    severity=Severity.WARNING,
    summary="Cyber-Ark ENE runs on a vault where PrivateArk Server is stopped",
    check_estate=check,
)
