"""VAULT005 self-signed-trust-chain: `TRUSTSSC=YES` without `PREAUTHSECUREDSESSION=YES`, or
`ALLOWSSCFOR3PARTYAUTH=YES` without `TRUSTSSC=YES`.

## Why it matters
The three settings build on each other: trusting self-signed certificates (`TRUSTSSC`) applies
to the pre-authentication secured session, and only exists when that session is on; allowing
self-signed certificates for third-party authentication such as RADIUS
(`ALLOWSSCFOR3PARTYAUTH`) needs `TRUSTSSC`. A setting whose prerequisite is off has no effect,
which usually means the secured session someone meant to configure is not there.

## Example
```ini
TRUSTSSC=YES
```

## Use instead
```ini
PREAUTHSECUREDSESSION=YES
TRUSTSSC=YES
```

## Fix
None: whether to turn the prerequisite on or the dependent setting off is a security decision.

## References
- The Vault.ini template's comments (`../corpus/` sample) and pspete/PoShPACLI
  `New-PVVaultDefinition` (S18): TRUSTSSC needs PREAUTHSECUREDSESSION, ALLOWSSCFOR3PARTYAUTH
  needs TRUSTSSC.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule

# Setting -> the setting it needs.
NEEDS = (("TRUSTSSC", "PREAUTHSECUREDSESSION"), ("ALLOWSSCFOR3PARTYAUTH", "TRUSTSSC"))


def check(document: Document) -> Iterator[Diagnostic]:
    for key, needed in NEEDS:
        if document.typed(key) is not True or document.typed(needed) is True:
            continue
        entry = document.entry(key)
        assert entry is not None
        yield RULE.diagnostic(
            document, f"{key}=YES without {needed}=YES: the setting has no effect",
            at=entry, key=key)


RULE = Rule(
    slug="self-signed-trust-chain",
    severity=Severity.ERROR,
    summary="TRUSTSSC without PREAUTHSECUREDSESSION, or ALLOWSSCFOR3PARTYAUTH without TRUSTSSC",
    check=check,
)
