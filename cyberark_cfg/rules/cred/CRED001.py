"""CRED001 incomplete-credential-file: a required field is missing, or there is no secret.

## Why it matters
CreateCredFile always writes `CredFileType`, `CredFileVersion`, `Username` and
`VerificationsFlag`, and a `Password` (or a `PrivateKey` for key-based logon). A file without
one of them was cut short, hand-edited, or is not a credential file at all; the component that
logs on with it fails with an authentication error that does not name the file.

## Example
```ini
CredFileType=Password
CredFileVersion=2
Username=DR
```

## Use instead
Recreate the file: `CreateCredFile.exe user.ini Password /Username DR /Password <password>
/DPAPIMachineProtection /IpAddress /Hostname`.

## Fix
None: only CreateCredFile can write the missing fields.

## References
- The fields CreateCredFile writes: real samples (`../corpus/`, synthetic secrets) and
  CyberArk's CreateCredFile documentation page (S10).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.requirements import missing_or_empty

REQUIRED = ("CredFileType", "CredFileVersion", "Username", "VerificationsFlag")
SECRETS = ("Password", "PrivateKey")


def check(document: Document) -> Iterator[Diagnostic]:
    for key, entry in missing_or_empty(document, REQUIRED):
        state = "missing" if entry is None else "empty"
        yield RULE.diagnostic(
            document, f"{key} is {state}: recreate the file with CreateCredFile",
            at=entry, key=key)
    if len(list(missing_or_empty(document, SECRETS))) == len(SECRETS):
        # Names only: the values of these keys are secrets.
        yield RULE.diagnostic(document, "no Password or PrivateKey: the file holds no secret "
                              "to log on with; recreate it with CreateCredFile", key="Password")


RULE = Rule(
    slug="incomplete-credential-file",
    severity=Severity.ERROR,
    summary="Required credential file field missing, or no Password/PrivateKey",
    check=check,
)
