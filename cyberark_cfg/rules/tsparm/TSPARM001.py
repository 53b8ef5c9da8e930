r"""TSPARM001 missing-safes-directory: `SafesDirectory` is missing or empty.

## Why it matters
`SafesDirectory` is the folder PAReplicate writes the backup to (and PARestore reads it from).
Without it the backup job fails, or writes to a default folder nobody collects, and the vault
runs without a usable backup until someone notices.

## Example
```ini
SafesDirectory=
```

## Use instead
```ini
SafesDirectory=E:\VaultBackup
```

## Fix
None: the backup folder needs a person.

## References
- `SafesDirectory` is PAReplicate's backup target: kjentech `Replicate.ps1` (S6); the
  seed's `Backup.cmd` uses a tsparm.ini (S1).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.requirements import missing_or_empty


def check(document: Document) -> Iterator[Diagnostic]:
    for key, entry in missing_or_empty(document, ["SafesDirectory"]):
        state = "missing" if entry is None else "empty"
        yield RULE.diagnostic(
            document, f"{key} is {state}: PAReplicate has no folder to write the backup to",
            at=entry, key=key)


RULE = Rule(
    slug="missing-safes-directory",
    severity=Severity.ERROR,
    summary="SafesDirectory missing or empty",
    check=check,
)
