"""CRED004 credential-without-dpapi: `CredFileType=Password`, not protected with DPAPI.

## Why it matters
A `Password` credential file is encrypted with key material stored in the file itself, and
public tools recover the password from the file alone. `EnhancedPasswordMachine` or
`EnhancedPasswordUser` files are additionally protected with Windows DPAPI, so a copy taken to
another machine (or read by another user) is useless.

## Example
```ini
CredFileType=Password
```

## Use instead
```ini
CredFileType=EnhancedPasswordMachine
```
made by `CreateCredFile.exe user.ini Password /Username DR /Password <password>
/DPAPIMachineProtection`.

## Fix
None: recreate the file with `/DPAPIMachineProtection` (or `/DPAPIUserProtection`) on the
machine that uses it.

## References
- `EnhancedPasswordMachine` / `EnhancedPasswordUser` (DPAPI): CYBRHardeningCheck (S14) and
  the CreateCredFile documentation page (S10); the hardening check reports the type without
  warning on it.
- Public tools recover the password from a `Password` file alone: the C-Ark Credential
  Decoder README (S28).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    entry = document.entry("CredFileType")
    if entry is None or entry.value.strip().lower() != "password":
        return
    yield RULE.diagnostic(
        document, "CredFileType=Password is not protected with DPAPI; recreate the file with "
        "/DPAPIMachineProtection", line=entry.lineno, column=entry.value_column,
        key="CredFileType")


RULE = Rule(
    slug="credential-without-dpapi",
    severity=Severity.WARNING,
    summary="CredFileType=Password: not protected with DPAPI",
    check=check,
)
