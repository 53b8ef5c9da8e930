"""VAULT007 api-addresses-not-url: `Addresses` in a Vault.ini's `[API]` section is not an
https URL.

## Why it matters
A newer PSM Vault.ini ends with an `[API]` section whose `Addresses` is the PVWA API URL
(`"https://pvwa.example.com"`), not a list of vaults: CyberArk's own script reads the PVWA URL
from `Addresses` and the vault's address from `ADDRESS` in the same file. Vault addresses
copied into `Addresses` (or an http URL) leave the PSM without its API endpoint, and do not
give it a failover path either: that is `ADDRESS`'s job.

## Example
```ini
ADDRESS=10.10.1.10,10.20.1.10
[API]
Addresses=10.10.1.10,10.20.1.10
```

## Use instead
```ini
ADDRESS=10.10.1.10,10.20.1.10
[API]
Addresses="https://pvwa.example.com"
```

## Fix
None: the PVWA URL needs a person. A warning: what the PSM does with another value is not
documented. Each comma-separated entry must start with `https://`.

## References
- CyberArk's epv-api-scripts, `PSM Convert local2domain Users/Set-DomainUser.ps1` (S12):
  `Addresses` read as the PVWA URL, `ADDRESS` as the vault's.
- PSM notes with a Vault.ini table ending in `[API]` (S13, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("Addresses"):
        items = [item.strip().strip('"') for item in entry.value.split(",")]
        wrong = [item for item in items if item and not item.lower().startswith("https://")]
        if wrong:
            yield RULE.diagnostic(
                document, f"Addresses entry {wrong[0]} is not an https URL: under [API] it is "
                "the PVWA API URL; the vaults belong in ADDRESS", line=entry.lineno,
                column=entry.value_column, key="Addresses")


RULE = Rule(
    slug="api-addresses-not-url",
    severity=Severity.WARNING,
    summary="[API] Addresses is not an https URL (it is the PVWA API URL, not the vaults)",
    check=check,
)
