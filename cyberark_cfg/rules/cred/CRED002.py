"""CRED002 invalid-verifications-flag: `VerificationsFlag` is not an integer, or a restriction
bit is set without its field.

## Why it matters
`VerificationsFlag` is a bit mask of the restrictions CreateCredFile recorded, and each
restriction needs its field: 0x01 `ClientApp` (application type), 0x02 `AppPath` (executable
path), 0x04 `ClientIP`, 0x08 `OSUser`, 0x20 `ClientHostname` (0x10, the random hash, is always
set). A flag that demands a field the file does not have, or a flag that is not a number, means
the file was edited by hand: the vault refuses the logon, and the component fails.

## Example
```ini
VerificationsFlag=20
```
(0x10 + 0x04, the client IP restriction, and no `ClientIP` field.)

## Use instead
Recreate the file with CreateCredFile and the restriction options you need (`/IpAddress`,
`/Hostname`, `/ExePath`, `/AppType`, `/OSUsername`).

## Fix
None: only CreateCredFile can write a consistent file.

## References
- The `VerificationsFlag` bits: CyberArk's CYBRHardeningCheck `bin/CommonUtil.psm1` (S14).
- The restriction fields' names: the C-Ark Credential Decoder README (S28, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.kinds.cred import RESTRICTIONS
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import parse_bitmask


def check(document: Document) -> Iterator[Diagnostic]:
    entry = document.entry("VerificationsFlag")
    if entry is None or not entry.value.strip():
        return  # CRED001 reports a missing flag
    try:
        flag = parse_bitmask(entry.value)
    except ValueError:
        yield RULE.diagnostic(
            document, f"VerificationsFlag={entry.value.strip()} is not an integer bit mask",
            line=entry.lineno, column=entry.value_column, key="VerificationsFlag")
        return
    for bit, field in RESTRICTIONS.items():
        if flag & bit and not (document.get(field) or "").strip():
            yield RULE.diagnostic(
                document, f"VerificationsFlag={flag} sets 0x{bit:02X} ({field}) but the file "
                f"has no {field}", line=entry.lineno, column=entry.value_column,
                key="VerificationsFlag")


RULE = Rule(
    slug="invalid-verifications-flag",
    severity=Severity.ERROR,
    summary="VerificationsFlag not an integer, or a restriction bit set without its field",
    check=check,
)
