r"""DBPARM002 recovery-key-on-server: `RecoveryPrvKey` is configured.

## Why it matters
The recovery private key can decrypt everything in the vault. CyberArk's guidance is to keep it
offline (a safe, a removable medium) and to point `RecoveryPrvKey` at it only while it is needed
(a master password reset or a DR procedure). A configured path means the key is, or is
expected to be, on the vault server.

## Example
```ini
[MAIN]
RecoveryPrvKey=D:\Keys\Recovery\recprv.key
```

## Use instead
Remove the line and take the key off the server once the procedure that needed it is done.

## Fix
None: removing the key from the server is part of the same change, and needs a person.
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
                document, "RecoveryPrvKey is configured: the recovery private key must not "
                "stay on the vault server", at=entry,
                key=entry.key.strip())


RULE = Rule(
    code="DBPARM002",
    slug="recovery-key-on-server",
    kinds=("dbparm",),
    severity=Severity.WARNING,
    summary="RecoveryPrvKey configured: the recovery private key must not stay on the server",
    check=check,
    doc=__doc__ or "",
)
