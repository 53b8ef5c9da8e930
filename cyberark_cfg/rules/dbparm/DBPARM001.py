"""DBPARM001 backup-deletion-off: `BackupFilesDeletion=No`.

## Why it matters
A restore procedure sets `BackupFilesDeletion=No` so that the vault keeps the backup files it
is restoring from. Left in place afterwards, the vault never deletes old backup files and the
disk fills up, eventually stopping the vault.

## Example
```ini
[MAIN]
BackupFilesDeletion=No
```

## Use instead
The value noted before the restore, for example:
```ini
[MAIN]
BackupFilesDeletion=Yes
```

## Fix
None: set it back once the restore is complete; cfgtool cannot know whether it is.

## References
- `BackupFilesDeletion=No` during a restore, then set back to the previously noted value:
  kjentech runbook "Change - Upgrade Vault with Failover" (S4).
- That a value left at No fills the disk: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("BackupFilesDeletion"):
        if entry.value.split(",")[0].strip().lower() == "no":
            yield RULE.diagnostic(
                document, "BackupFilesDeletion=No, usually left from a restore: old backup "
                "files are never deleted", at=entry,
                key=entry.key.strip())


RULE = Rule(
    slug="backup-deletion-off",
    severity=Severity.WARNING,
    summary="BackupFilesDeletion=No (left from a restore)",
    check=check,
)
