"""CHG003 manual-failover-with-auto-failover: `ActivateManualFailover=Yes` added while
`EnableFailover` stays Yes.

## Why it matters
The manual failover procedure (KB 000004249) sets `EnableFailover=No` together with
`ActivateManualFailover=Yes`: the vault is being promoted on purpose, and the automatic
failover logic must not race it, nor fire again once the roles have changed. Leaving
`EnableFailover=Yes` (or absent: its default is Yes) half-applies the procedure.

## Example
```diff
 EnableFailover=Yes
+ActivateManualFailover=Yes
```

## Use instead
```diff
-EnableFailover=Yes
+EnableFailover=No
+ActivateManualFailover=Yes
```

## Fix
Safe: sets `EnableFailover=No`, as the procedure does. Restore `EnableFailover=Yes` and remove
the trigger when the vault goes back to standby.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetValue
from cyberark_cfg.findings import Diagnostic, Fix, Severity
from cyberark_cfg.rules.base import FixSafety
from cyberark_cfg.rules.change import ChangeRule

TITLE = "Set EnableFailover=No"


def check(before: Document | None, after: Document) -> Iterator[Diagnostic]:
    trigger = after.entry("ActivateManualFailover")
    if trigger is None or after.typed("ActivateManualFailover") is not True:
        return
    if before is not None and before.typed("ActivateManualFailover") is True:
        return
    # EnableFailover defaults to Yes when absent (cyberark-formats.md section 2).
    if after.typed("EnableFailover") is False:
        return
    yield RULE.finding(
        after,
        "ActivateManualFailover=Yes added while EnableFailover stays Yes: the manual failover "
        "procedure sets EnableFailover=No with it",
        line=trigger.lineno, column=trigger.key_column, key="ActivateManualFailover",
        fix=Fix(TITLE, (SetValue("EnableFailover", "No", insert_after="EnableReplicate"),)))


RULE = ChangeRule(
    code="CHG003",
    slug="manual-failover-with-auto-failover",
    kinds=("padr",),
    severity=Severity.ERROR,
    summary="ActivateManualFailover=Yes added while EnableFailover stays Yes",
    check_change=check,
    doc=__doc__ or "",
    fix_title=TITLE,
    fix_safety=FixSafety.SAFE,
)
