"""DR001 split-brain: PrivateArk Server runs on more than one vault of the DR estate.

## Why it matters
Two running PrivateArk Servers both accept changes: passwords rotated on one are unknown to the
other, and the replication position no longer means anything. The founding document's table
allows exactly one active vault. Only the services show it: padr.ini alone cannot (a crashed
primary keeps `FailoverMode=Yes` while the DR vault fails over and writes `Yes` too), so two
`FailoverMode=Yes` files without service snapshots are DR009, not DR001.

## Example
Service snapshots (`services = "..."` in the topology, or `cfgtool state --dr-services
--primary-services`) where both vaults show PrivateArk Server running:
```json
{"Name": "PrivateArk Server", "DisplayName": "PrivateArk Server", "Status": 4, "StartType": 3}
```

## Use instead
Exactly one vault runs PrivateArk Server; the other runs CyberArk Vault Disaster Recovery.

## Fix
None: which vault is the real active one needs a person. Stop PrivateArk Server on the vault
that must not run, then follow the failback procedure (`cfgtool runbook failback`). Reported
once, on a DR vault's padr.ini (its service snapshot when it has no padr.ini), naming the
others.

## References
The seed's services table (S1); a drill stops one vault "to prevent a Split-Brain" (S21); the
seed's failback accepts a transient split brain at step 6, S3 avoids it (S1, S3). That a split
brain needs service evidence is inferred (cyberark-formats.md section 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import SPLIT_BRAIN, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    report = estate_report(estate)
    if report.state != SPLIT_BRAIN:
        return
    subject = report.subject
    others = ", ".join(v.name for v in report.vaults
                       if v.server_running and v is not subject)
    line, key = (subject.failover_mode_line, "FailoverMode") if subject.path else (1, None)
    yield RULE.finding(
        subject.where(),
        f"split brain: PrivateArk Server runs on {subject.name} and on {others}; only one "
        f"vault may be active", line=line, key=key)


RULE = EstateRule(
    slug="split-brain",
    severity=Severity.ERROR,
    summary="PrivateArk Server runs on more than one vault (split brain)",
    check_estate=check,
)
