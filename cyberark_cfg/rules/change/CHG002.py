"""CHG002 position-edited-by-hand: a replication-position key changed to a value other than
deletion or -1.

## Why it matters
`NextBinaryLogNumberToStartAt` and `LastDataReplicationTimestamp` are written by PADR itself,
at the end of padr.ini. The only safe hand edits are deleting them or setting
`NextBinaryLogNumberToStartAt=-1`, both of which force a full replication (KB 000004199). Any
other number makes PADR start from a position nobody can vouch for: replication errors at
best, silently missing data at worst.

## Example
```diff
-NextBinaryLogNumberToStartAt=1186
+NextBinaryLogNumberToStartAt=1190
```

## Use instead
```diff
-NextBinaryLogNumberToStartAt=1186
+NextBinaryLogNumberToStartAt=-1
-LastDataReplicationTimestamp=1790838501835879
```

## Fix
None: restore the value PADR wrote, or use -1. A commit that records PADR's own progress
(a snapshot taken from the server) trips this rule too: commit such snapshots on their own.

## References
- Deleting the keys or `-1` are the only published hand edits: KB 000004199 as quoted (S2),
  kjentech runbooks (S3, S4). What PADR does with another value: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.kinds.padr import POSITION_KEYS
from cyberark_cfg.rules.change import ChangeRule


def check(before: Document | None, after: Document) -> Iterator[Diagnostic]:
    if before is None:
        return
    for key in POSITION_KEYS:
        entry = after.entry(key)
        if entry is None or entry.value.strip() == "-1":
            continue
        old = before.get(key)
        new = entry.value.strip()
        if old is not None and old.strip() == new:
            continue
        change = f"added as {new}" if old is None else f"changed from {old.strip()} to {new}"
        yield RULE.finding(
            after,
            f"{key} {change} by hand: only deleting it or NextBinaryLogNumberToStartAt=-1 "
            f"(full replication) is safe",
            line=entry.lineno, column=entry.value_column, key=key)


RULE = ChangeRule(
    slug="position-edited-by-hand",
    kinds=("padr",),
    severity=Severity.ERROR,
    summary="A replication-position key edited to a value other than deletion or -1",
    check_change=check,
)
