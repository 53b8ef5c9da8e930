"""CHG003 manual-failover-with-auto-failover: `ActivateManualFailover=Yes` added while
`EnableFailover` stays Yes.

## Why it matters
Two published manual-failover procedures differ here. KB 000004249 adds only the trigger, which
is exactly this change. CyberArk's docs page "Initiating a Predefined DR Failover" also sets
`EnableFailover=No`, so that the vault, once active, does not fail over on its own again. The
change follows the KB; this note points at the docs page's extra setting. `EnableFailover`
defaults to Yes, so leaving it out counts as Yes.

## Example
```diff
 EnableFailover=Yes
+ActivateManualFailover=Yes
```

## Use instead
The docs page's form:
```diff
-EnableFailover=Yes
+EnableFailover=No
+ActivateManualFailover=Yes
```

## Fix
Safe: sets `EnableFailover=No`, as the docs page does. Re-arm automatic failover later, once
replication is verified, with `cfgtool fix padr.ini --rearm-failover`.

## References
- KB 000004249 (S2): adds only the trigger.
- Docs page "Initiating a Predefined DR Failover", quoted in kjentech runbooks (S3, S4).
- `EnableFailover` default Yes: notes reproducing CyberArk's install text (S7).
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
        "ActivateManualFailover=Yes added while EnableFailover stays Yes (KB 000004249's edit); "
        "the docs page's manual failover also sets EnableFailover=No",
        line=trigger.lineno, column=trigger.key_column, key="ActivateManualFailover",
        fix=Fix(TITLE, (SetValue("EnableFailover", "No", insert_after="EnableReplicate"),)))


RULE = ChangeRule(
    slug="manual-failover-with-auto-failover",
    kinds=("padr",),
    severity=Severity.INFO,
    summary="ActivateManualFailover=Yes added while EnableFailover stays Yes",
    check_change=check,
    fix_title=TITLE,
    fix_safety=FixSafety.SAFE,
)
