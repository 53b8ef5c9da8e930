"""PADR001 manual-failover-with-auto-failover: `ActivateManualFailover=Yes` while
`EnableFailover=Yes`.

## Why it matters
The manual failover procedure (KB 000004249) sets `EnableFailover=No` together with
`ActivateManualFailover=Yes`: the DR service is told to fail over once, now, and not to run
its own automatic failover logic as well. With both on, the service's automatic checks compete
with the requested failover.

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
Sets `EnableFailover=No`. Safe: it is the documented setting for a manual failover, and the
failback procedure sets it back to `Yes`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetValue
from cyberark_cfg.rules.base import Diagnostic, Rule, Severity


def check(document: Document) -> Iterator[Diagnostic]:
    if document.get_bool("ActivateManualFailover") is not True:
        return
    if document.get_bool("EnableFailover") is not True:
        return
    entry = document.entry("EnableFailover")
    assert entry is not None
    yield RULE.diagnostic(
        document, "EnableFailover=Yes while ActivateManualFailover=Yes: the manual failover "
        "procedure turns automatic failover off", at=entry,
        key="EnableFailover", fix=RULE.fix(SetValue("EnableFailover", "No")))


RULE = Rule(
    code="PADR001",
    slug="manual-failover-with-auto-failover",
    kinds=("padr",),
    severity=Severity.WARNING,
    summary="ActivateManualFailover=Yes while EnableFailover=Yes",
    check=check,
    doc=__doc__ or "",
    fix_title="Set EnableFailover=No",
    fix_safety="safe",
)
