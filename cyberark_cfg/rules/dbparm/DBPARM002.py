r"""DBPARM002 recovery-key-on-server: `RecoveryPrvKey` names a path; check that the key file
is not on the vault server.

## Why it matters
The recovery private key can decrypt everything in the vault, so it belongs offline (a safe, a
removable medium). `RecoveryPrvKey` is normally configured, so the setting alone is no fault:
CyberArk's hardening check warns only when the key **file** is present on the server. A
configuration file cannot show whether that file exists, so this is information, a reminder to
check the path on the server, never a warning.

## Example
```ini
[MAIN]
RecoveryPrvKey=D:\Keys\Recovery\recprv.key
```

## Use instead
Keep the setting, and keep the key file on removable media: the path points at a drive that is
plugged in only for a restore or a master password reset (the restore procedure points it at
the key on that medium, then restores the noted value).

## Fix
None: where the key file lives is a fact of the server, not of this file.

## References
- CyberArk's CYBRHardeningCheck, `Vault/VaultHardeningSteps.psm1` (S14): warns only when the
  recovery private key file is present on the server.
- securosys HSM guide for CyberArk (S15): `RecoveryPrvKey` is normally configured.
- kjentech runbook "Change - Upgrade Vault with Failover" (S4): the restore points it at the
  key on removable media, then restores the noted value.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("RecoveryPrvKey"):
        if entry.value.strip():
            yield RULE.diagnostic(
                document, "RecoveryPrvKey names a path: check on the server that the recovery "
                "private key file is not there (it belongs on removable media)", at=entry,
                key=entry.key.strip())


RULE = Rule(
    slug="recovery-key-on-server",
    severity=Severity.INFO,
    summary="RecoveryPrvKey names a path: check that the key file is not on the server",
    check=check,
)
