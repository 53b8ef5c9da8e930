"""VAULT001 missing-connection-key: `VAULT`, `ADDRESS` or `PORT` is missing or empty.

## Why it matters
A component finds the vault through these three keys and has no default for the first two.
Without them PVWA, CPM, PSM or the DR service cannot start or cannot log on, and the error it
logs rarely names the file.

`ADDRESS` is required in every Vault.ini, a PSM Vault.ini with an `[API]` section included:
there `Addresses` is the PVWA API URL, and CyberArk's own script reads the vault's address
from `ADDRESS` in the same file.

## Example
```ini
VAULT = "Production Vault"
PORT=1858
```

## Use instead
```ini
VAULT = "Production Vault"
ADDRESS=10.10.1.10
PORT=1858
```

## Fix
None: the right address needs a person.

## References
- `ADDRESS` in every Vault.ini, `[API]`'s `Addresses` being the PVWA URL: CyberArk's
  epv-api-scripts `Set-DomainUser.ps1` (S12); PSM notes (S13).
- `VAULT`, `ADDRESS`, `PORT` in every template: real samples (`../corpus/`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.requirements import missing_or_empty

# `Addresses` (in a PSM Vault.ini's [API] section) is the PVWA API URL, not the vaults: it
# never stands in for ADDRESS (cyberark-formats.md section 4).
REQUIRED = ("VAULT", "ADDRESS", "PORT")


def check(document: Document) -> Iterator[Diagnostic]:
    for key, entry in missing_or_empty(document, REQUIRED):
        if entry is None:
            yield RULE.diagnostic(document, f"{key} is missing: the component cannot reach "
                                  "the vault", key=key)
        else:
            yield RULE.diagnostic(document, f"{key} is empty: the component cannot reach the "
                                  "vault", at=entry, key=key)


RULE = Rule(
    slug="missing-connection-key",
    severity=Severity.ERROR,
    summary="VAULT, ADDRESS or PORT missing or empty",
    check=check,
)
