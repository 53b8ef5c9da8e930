r"""TSPARM002 safes-directory-long: `SafesDirectory` is longer than 20 characters.

## Why it matters
One consultant's backup script says PAReplicate takes a `SafesDirectory` of at most 20
characters, and builds its paths to fit (`C:\Safe\202202111604`). No CyberArk document
confirms the limit, so this is information: if a backup with a longer path fails, this is a
cause to rule out.

## Example
```ini
SafesDirectory=E:\CyberArk\VaultBackup\Daily
```

## Use instead
```ini
SafesDirectory=E:\VaultBackup
```

## Fix
None: the backup folder needs a person.

## References
- kjentech/CyberArk `Replicate.ps1` (S6, weak source: the only source of the limit).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule

LIMIT = 20


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("SafesDirectory"):
        path = entry.value.strip()
        if len(path) > LIMIT:
            yield RULE.diagnostic(
                document, f"SafesDirectory is {len(path)} characters long; one runbook's "
                f"script says PAReplicate takes at most {LIMIT}", line=entry.lineno,
                column=entry.value_column, key="SafesDirectory")


RULE = Rule(
    slug="safes-directory-long",
    severity=Severity.INFO,
    summary="SafesDirectory longer than 20 characters (a limit from one runbook's script)",
    check=check,
)
