"""CHG001 stale-replication-position: FailoverMode goes from Yes to No while the replication
position stays.

## Why it matters
Setting `FailoverMode=No` returns a vault to standby: PADR starts replicating into it from
the vault that is now active. `NextBinaryLogNumberToStartAt` is a position in the *old*
primary's binary log. The published procedures that return a vault to standby delete both
position keys (or set `NextBinaryLogNumberToStartAt=-1`) in the same edit, which forces a full
replication; what PADR does with a kept position is not documented.

## Example
```diff
 [MAIN]
-FailoverMode=Yes
+FailoverMode=No
 NextBinaryLogNumberToStartAt=1186
 LastDataReplicationTimestamp=1790838501835879
```

## Use instead
```diff
 [MAIN]
-FailoverMode=Yes
+FailoverMode=No
-NextBinaryLogNumberToStartAt=1186
-LastDataReplicationTimestamp=1790838501835879
```

## Fix
Unsafe: deletes both position keys, which forces a full replication (hours on a large vault).
Silent when `NextBinaryLogNumberToStartAt` is deleted or set to -1.

## References
- KB 000004249 (return to standby) and KB 000004199 (full replication), as quoted in S2.
- The seed's failback steps 3 and 7: blog.51sec.org (S1).
- `-1` instead of deleting: kjentech runbooks (S3, S4).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import RemoveEntry
from cyberark_cfg.findings import Diagnostic, Fix, Severity
from cyberark_cfg.kinds.padr import POSITION_KEYS
from cyberark_cfg.rules.base import FixSafety
from cyberark_cfg.rules.change import ChangeRule

TITLE = "Delete the replication position (forces a full replication)"


def check(before: Document | None, after: Document) -> Iterator[Diagnostic]:
    if before is None or before.typed("FailoverMode") is not True:
        return
    if after.typed("FailoverMode") is not False:
        return
    position = after.entry("NextBinaryLogNumberToStartAt")
    if position is None or position.value.strip() == "-1":
        return
    yield RULE.finding(
        after,
        f"FailoverMode goes from Yes to No but NextBinaryLogNumberToStartAt stays at "
        f"{position.value.strip()}: PADR would resume from a stale position; delete it and "
        f"LastDataReplicationTimestamp, or set it to -1",
        line=position.lineno, column=position.key_column, key="NextBinaryLogNumberToStartAt",
        fix=Fix(TITLE, tuple(RemoveEntry(key) for key in POSITION_KEYS), safe=False))


RULE = ChangeRule(
    slug="stale-replication-position",
    kinds=("padr",),
    severity=Severity.ERROR,
    summary="FailoverMode goes Yes -> No while the replication-position keys stay",
    check_change=check,
    fix_title=TITLE,
    fix_safety=FixSafety.UNSAFE,
)
