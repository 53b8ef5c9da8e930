"""DR009 unverified-active-vaults: two vaults may be active and no service snapshot settles it.

## Why it matters
Both padr.ini files say `FailoverMode=Yes`, and nothing shows which vault runs PrivateArk
Server. That is what a split brain looks like in the files, but it is also what the most common
real failover looks like: the primary crashed (or was stopped for a drill) and nobody edited
its padr.ini, which still reads `Yes` from normal operation, while the DR vault failed over and
wrote `Yes` too. padr.ini can only raise the question; the services answer it.

## Example
```ini
# prod/vault/padr.ini            # dr/vault/padr.ini
FailoverMode=Yes                 FailoverMode=Yes
```
with no `services = "..."` snapshot for one of the vaults in the topology.

## Use instead
Take a snapshot on each vault and name it in the topology:
```powershell
Get-Service | Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json > services.json
```
```toml
[vaults.primary]
services = "prod/vault/services.json"
```
`cfgtool state` then says normal, failover or split-brain from what runs.

## Fix
None: check that PrivateArk Server runs on one vault only. Reported on the DR vault's padr.ini.
A warning, not an error: the files alone prove nothing.

## References
The seed's services table and its FailoverMode row (S1); PADR writes `FailoverMode=Yes` when it
fails over and only a person writes `No` (S1, S2, S20); that a crashed primary keeps `Yes` and
that a split brain needs service evidence is inferred (cyberark-formats.md section 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import UNVERIFIED, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    report = estate_report(estate)
    if report.state == UNVERIFIED:
        yield RULE.finding(report.subject.where(), f"two vaults may be active: {report.reason}",
                           line=report.subject.failover_mode_line, key="FailoverMode")


RULE = EstateRule(
    slug="unverified-active-vaults",
    severity=Severity.WARNING,
    summary="Two padr.ini files say FailoverMode=Yes and no service snapshot shows which runs",
    check_estate=check,
)
