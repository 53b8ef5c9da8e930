"""DR013 startup-type: a DR service or PrivateArk Server with the wrong startup type.

## Why it matters
The startup type decides what a reboot does. In normal operation the standby's CyberArk Vault
Disaster Recovery must be **Automatic**, or a rebooted standby stops replicating; the standby's
PrivateArk Server **Manual**, or a reboot starts it beside the replicating DR service; the
primary's DR service **Manual**, so it starts only for a failback.

## Example
A standby's snapshot with `"Name": "CyberArk Vault Disaster Recovery", "StartType": 3` (Manual).

## Use instead
```powershell
Set-Service 'CyberArk Vault Disaster Recovery' -StartupType Automatic   # on the standby
Set-Service 'PrivateArk Server' -StartupType Manual                     # on the standby
Set-Service 'CyberArk Vault Disaster Recovery' -StartupType Manual      # on the primary
```

## Fix
None: a service setting. Checked in the normal state only (during a failover the roles are
reversed), and only with snapshots that record the startup type (`sc query` does not: add `sc
qc`). The DR services are warnings; the standby's PrivateArk Server is info, since only a lab
write-up states it. Reported on the snapshot, at the service's line.

## References
DR service Automatic on the DR vault and Manual on the primary: S4. PrivateArk Server Manual on
the DR vault: S20 (weak source).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.services import DR_SERVICE, LABELS, SERVER
from cyberark_cfg.estate.state import NORMAL, estate_report
from cyberark_cfg.estate.topology import PRIMARY
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

# (vault role, service role, expected startup type, severity, source)
EXPECTED = (
    ("dr", DR_SERVICE, "Automatic", Severity.WARNING, "S4"),
    ("dr", SERVER, "Manual", Severity.INFO, "S20, a weak source"),
    (PRIMARY, DR_SERVICE, "Manual", Severity.WARNING, "S4"),
)


def check(estate: Estate) -> Iterator[Diagnostic]:
    report = estate_report(estate)
    if report.state != NORMAL:
        return
    for vault in report.vaults:
        snapshot = vault.services
        for role, service_role, wanted, severity, source in EXPECTED:
            found = snapshot.find(service_role) if snapshot is not None else None
            if (snapshot is None or vault.role != role or found is None
                    or found.start_type in (None, wanted)):
                continue
            where = "standby" if role == "dr" else "primary"
            yield Diagnostic(RULE.code, severity,
                             f"{vault.name}: {LABELS[service_role]} starts {found.start_type}; "
                             f"on the {where} it should be {wanted} ({source})",
                             snapshot.path, found.line)


RULE = EstateRule(
    slug="startup-type",
    severity=Severity.WARNING,
    summary="A DR service or the standby's PrivateArk Server has the wrong startup type",
    check_estate=check,
)
