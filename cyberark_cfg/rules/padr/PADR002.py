"""PADR002 manual-failover-left-on: `ActivateManualFailover=Yes` while `FailoverMode=Yes`.

## Why it matters
`ActivateManualFailover` is a one-shot trigger: when the DR service starts with it set to `Yes`
it fails over at once. After the failover PADR writes `FailoverMode=Yes`, but it does not clear
the trigger. Left in place, the next start of the DR service (a reboot, a failback that starts
the service again) fails over again, with a vault that may no longer be the one to activate.

## Example
```ini
FailoverMode=Yes
ActivateManualFailover=Yes
```

## Use instead
```ini
FailoverMode=Yes
ActivateManualFailover=No
```

## Fix
Sets `ActivateManualFailover=No`. Safe: the failover it asked for has already happened.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetValue
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("FailoverMode") is not True:
        return
    if document.typed("ActivateManualFailover") is not True:
        return
    entry = document.entry("ActivateManualFailover")
    assert entry is not None
    yield RULE.diagnostic(
        document, "ActivateManualFailover=Yes after the failover completed (FailoverMode=Yes): "
        "the next start of the DR service fails over again", line=entry.lineno,
        column=entry.key_column, key="ActivateManualFailover",
        fix=RULE.fix(SetValue("ActivateManualFailover", "No")))


RULE = Rule(
    code="PADR002",
    slug="manual-failover-left-on",
    kinds=("padr",),
    severity=Severity.ERROR,
    summary="ActivateManualFailover=Yes left on after the failover (FailoverMode=Yes)",
    check=check,
    doc=__doc__ or "",
    fix_title="Set ActivateManualFailover=No",
    fix_safety=FixSafety.SAFE,
)
