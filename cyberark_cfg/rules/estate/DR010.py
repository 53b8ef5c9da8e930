"""DR010 server-or-dr-service: a vault runs both PrivateArk Server and the DR service, or
neither.

## Why it matters
In the seed's services table every vault runs exactly one of the two: the active vault runs
PrivateArk Server, the other replicates with CyberArk Vault Disaster Recovery. Both running
means the DR service may fail over onto a vault that is already serving; neither means a
standby that does not replicate (its data grows old and a failover to it loses more), or a
primary that neither serves nor replicates back from the active DR vault.

## Example
A standby's snapshot:
```json
[{"Name": "PrivateArk Server", "Status": 1},
 {"Name": "CyberArk Vault Disaster Recovery", "Status": 1}]
```

## Use instead
Start CyberArk Vault Disaster Recovery on the standby (and check padr.log for PADR0010I and
PADR0099I), or stop the one of the two that must not run.

## Fix
None: starting and stopping services needs a person. Both are stopped for a while inside a
failback (the DR vault between stopping its PrivateArk Server and starting its DR service), so
this is a warning. Reported on the vault's service snapshot, at PrivateArk Server's line.

## References
The seed's services table (S1); both stopped during S3's failback (S3). That exactly one runs
at other times is inferred from the table (cyberark-formats.md section 10, invariant 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.services import DR_SERVICE, LABELS, SERVER
from cyberark_cfg.estate.state import estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    for vault in estate_report(estate).vaults:
        server, dr = vault.running(SERVER), vault.running(DR_SERVICE)
        if vault.services is None or server is None or dr is None or server != dr:
            continue
        found = vault.services.find(SERVER)
        what = (f"both {LABELS[SERVER]} and {LABELS[DR_SERVICE]} run: PADR may fail over onto "
                f"a vault that already serves" if server else
                f"neither {LABELS[SERVER]} nor {LABELS[DR_SERVICE]} runs: the vault neither "
                f"serves nor replicates")
        yield RULE.finding(vault.services.path, f"{vault.name}: {what}",
                           line=found.line if found else 1)


RULE = EstateRule(
    slug="server-or-dr-service",
    severity=Severity.WARNING,
    summary="A vault runs both PrivateArk Server and the DR service, or neither",
    check_estate=check,
)
