"""PADR006 dbsync-disabled: `EnableDBSync=No`.

## Why it matters
At failover the DR service first synchronises the vault's database metadata with the Safe
files it replicated. With `EnableDBSync=No` it skips that step, and the vault it starts may list
objects whose files are missing or miss objects whose files are there. Runbooks for a manual
failover set `EnableDBSync=Yes` (the default).

## Example
```ini
EnableDBSync=No
```

## Use instead
```ini
EnableDBSync=Yes
```

## Fix
None: turning it back on is right in almost every case, but someone turned it off for a
reason worth checking.

## References
- `EnableDBSync` (default Yes) synchronises data and metadata at failover: CyberArk's
  install text as reproduced in notes (S7), kjentech runbook (S3); training material (S8,
  weak source).
- The docs page "Initiating a Predefined DR Failover" sets `EnableDBSync=Yes` (S3, S4).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("EnableDBSync"):
        if entry.value.strip().lower() == "no":
            yield RULE.diagnostic(
                document, f"{entry.key.strip()}=No: a failover starts the vault without "
                "synchronising its metadata first", line=entry.lineno,
                column=entry.key_column, key=entry.key.strip())


RULE = Rule(
    slug="dbsync-disabled",
    severity=Severity.WARNING,
    summary="EnableDBSync=No: failover without synchronising metadata first",
    check=check,
)
