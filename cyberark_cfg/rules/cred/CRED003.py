"""CRED003 unrestricted-credential-file: `VerificationsFlag` sets no restriction.

## Why it matters
With none of the restriction bits (0x01 application type, 0x02 executable path, 0x04 client IP,
0x08 OS user, 0x20 host name) the file logs on from any machine, by any program, for anyone
who copies it. `VerificationsFlag=16` (only the always-set random hash) is what CreateCredFile
writes without restriction options; CyberArk's own hardening checks rate it a warning.

## Example
```ini
VerificationsFlag=16
```

## Use instead
Recreate the file with restrictions, for example `/IpAddress /Hostname` (flag 52) or
`/ExePath <path>`.

## Fix
None: only CreateCredFile can add restrictions.

## References
- CYBRHardeningCheck `bin/CommonUtil.psm1` (S14): a flag of 16 or less is rated Warning.
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
    if entry is None:
        return
    try:
        flag = parse_bitmask(entry.value)
    except ValueError:
        return  # CRED002 reports a flag that is not a number
    if any(flag & bit for bit in RESTRICTIONS):
        return
    yield RULE.diagnostic(
        document, f"VerificationsFlag={flag} sets no restriction: anyone holding this file can "
        "use it from anywhere", line=entry.lineno, column=entry.value_column,
        key="VerificationsFlag")


RULE = Rule(
    slug="unrestricted-credential-file",
    severity=Severity.WARNING,
    summary="No restriction in VerificationsFlag: usable by anyone, from anywhere",
    check=check,
)
