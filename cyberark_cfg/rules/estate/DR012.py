"""DR012 files-contradict-services: a vault's padr.ini contradicts what runs on it.

## Why it matters
`FailoverMode=Yes` says "this vault has taken over"; `No` says "act as a replica". A vault whose
file says `Yes` while PrivateArk Server is stopped and the DR service runs is replicating with
an active-mode file (the primary at failback step 3 without `FailoverMode=No`: after a few
failed checks its PADR may start the vault beside the active one). A DR vault whose file says
`No` while PrivateArk Server runs was started by hand, or is in the middle of a failback that
did not finish. `cfgtool state` says `inconsistent`.

## Example
```ini
# prod/vault/padr.ini, while prod's snapshot shows PrivateArk Server Stopped and
# CyberArk Vault Disaster Recovery Running
FailoverMode=Yes
```

## Use instead
Make the file say what the vault does: `FailoverMode=No` on a vault that replicates (stop the DR
service first), or stop PrivateArk Server on the DR vault that must not serve.

## Fix
None: which side is right needs a person. Not reported for a stopped or crashed vault that still
reads `Yes` (the usual real failover) nor for a primary promoted back with `FailoverMode=No`
(S3, S4). A warning: the invariant is inferred. Reported on the padr.ini's FailoverMode line.

## References
FailoverMode's meaning (S1, S2, S20); the promoted primary set to `No` (S3, S4); the failback
hazard (S1 step 3). The invariant itself is inferred (cyberark-formats.md section 10, 4).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import contradiction, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    for vault in estate_report(estate).vaults:
        text = contradiction(vault)
        if text is not None:
            yield RULE.finding(vault.where(), text, line=vault.failover_mode_line,
                               key="FailoverMode")


RULE = EstateRule(
    slug="files-contradict-services",
    severity=Severity.WARNING,
    summary="A vault's padr.ini FailoverMode contradicts the services running on it",
    check_estate=check,
)
