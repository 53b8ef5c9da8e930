"""PADR001 manual-failover-with-auto-failover: `ActivateManualFailover=Yes` while
`EnableFailover=Yes`, written or by default (absent or empty).

## Why it matters
The manual failover procedure (KB 000004249) sets `EnableFailover=No` together with
`ActivateManualFailover=Yes`: the DR service is told to fail over once, now, and not to run
its own automatic failover logic as well. With both on, the service's automatic checks compete
with the requested failover. `EnableFailover` defaults to `Yes`, so a file without it (or with
an empty value) has automatic failover on too.

## Example
```ini
EnableFailover=Yes
ActivateManualFailover=Yes
```

## Use instead
```ini
EnableFailover=No
ActivateManualFailover=Yes
```

## Fix
Sets `EnableFailover=No` (added after `FailoverMode` when absent). Safe: it is the documented
setting for a manual failover, and the failback procedure sets it back to `Yes`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetValue
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("ActivateManualFailover") is not True:
        return
    entry = document.entry("EnableFailover")
    if entry is None:
        written, at = "EnableFailover is not set (default Yes)", document.entry(
            "ActivateManualFailover")
    elif not entry.value.strip():
        written, at = "EnableFailover is empty (default Yes)", entry
    elif document.typed("EnableFailover") is True:
        written, at = "EnableFailover=Yes", entry
    else:
        return
    yield RULE.diagnostic(
        document, f"{written} while ActivateManualFailover=Yes: the manual failover procedure "
        "turns automatic failover off", at=at, key="EnableFailover",
        fix=RULE.fix(SetValue("EnableFailover", "No", insert_after="FailoverMode")))


RULE = Rule(
    code="PADR001",
    slug="manual-failover-with-auto-failover",
    kinds=("padr",),
    severity=Severity.WARNING,
    summary="ActivateManualFailover=Yes while EnableFailover=Yes",
    check=check,
    doc=__doc__ or "",
    fix_title="Set EnableFailover=No",
    fix_safety=FixSafety.SAFE,
)
