"""PADR001 manual-failover-with-auto-failover: `ActivateManualFailover=Yes` while
`EnableFailover=Yes`, written or by default (absent or empty).

## Why it matters
Two published manual-failover procedures differ here. KB 000004249 adds only
`ActivateManualFailover=Yes`. CyberArk's docs page "Initiating a Predefined DR Failover" (as
runbooks quote it) also sets `EnableFailover=No`, so that once this vault has taken over, its
DR service does not fail over again on its own. Both are documented, so this is information:
the file follows the KB, not the docs page. `EnableFailover` defaults to `Yes`, so a file
without it (or with an empty value) has automatic failover on too.

## Example
```ini
EnableFailover=Yes
ActivateManualFailover=Yes
```

## Use instead
The docs page's form:
```ini
EnableFailover=No
ActivateManualFailover=Yes
```

## Fix
Sets `EnableFailover=No` (added after `FailoverMode` when absent). Safe: it is the docs page's
setting. Re-arm automatic failover later, once replication is verified, with
`cfgtool fix padr.ini --rearm-failover`.

## References
- KB 000004249 (manual DR failover, as quoted in a public SOP, S2): adds only the trigger.
- Docs page "Initiating a Predefined DR Failover", quoted in kjentech runbooks (S3, S4):
  `EnableFailover=No`, `ActivateManualFailover=Yes`, `EnableDBSync=Yes`.
- `EnableFailover` defaults to `Yes`: install notes reproducing CyberArk's text (S7).
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
        document, f"{written} while ActivateManualFailover=Yes: the docs page's manual failover "
        "also sets EnableFailover=No (KB 000004249 adds only the trigger)", at=at,
        key="EnableFailover",
        fix=RULE.fix(SetValue("EnableFailover", "No", insert_after="FailoverMode")))


RULE = Rule(
    slug="manual-failover-with-auto-failover",
    severity=Severity.INFO,
    summary="ActivateManualFailover=Yes while EnableFailover=Yes",
    check=check,
    fix_title="Set EnableFailover=No",
    fix_safety=FixSafety.SAFE,
)
