"""PADR003 stale-replication-position: `FailoverMode=Yes` with the replication position keys
still present.

## Why it matters
PADR writes `NextBinaryLogNumberToStartAt` and `LastDataReplicationTimestamp` near the end of
padr.ini while it replicates. Once this vault has failed over (`FailoverMode=Yes`) they describe
a position in the old primary's log. Every published return-to-standby procedure deletes them
(or sets the log number to `-1`) together with `FailoverMode=No`, which forces a full
replication. While the vault is active they do no harm.

## Example
```ini
FailoverMode=Yes
NextBinaryLogNumberToStartAt=1186
LastDataReplicationTimestamp=1570820901835879
```

## Use instead
While the vault is active, nothing needs to change. Before it returns to standby:
```ini
FailoverMode=No
```

## Fix
None here: removing the keys is one step of returning the vault to standby,
`cfgtool fix padr.ini --failback`, which makes them together with the other edits.

## References
- KB 000004249, return to standby, and KB 000004199, full replication (S2): `FailoverMode=No`,
  delete both keys.
- `-1` instead of deleting: kjentech runbooks (S3, S4).
- The seed's failback step 7 ("delete the last two lines"): blog.51sec.org (S1).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.kinds.padr import POSITION_KEYS
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("FailoverMode") is not True:
        return
    present = [entry for key in POSITION_KEYS for entry in document.entries(key)]
    if not present:
        return
    first = min(present, key=lambda entry: entry.lineno)
    names = ", ".join(dict.fromkeys(entry.key.strip() for entry in present))
    yield RULE.diagnostic(
        document, f"FailoverMode=Yes with a stale replication position ({names}): remove it "
        "before this vault returns to standby (cfgtool fix --failback)", line=first.lineno,
        column=first.key_column, key=first.key.strip())


RULE = Rule(
    slug="stale-replication-position",
    severity=Severity.INFO,
    summary="FailoverMode=Yes with replication position keys still present",
    check=check,
)
