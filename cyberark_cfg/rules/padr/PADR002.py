"""PADR002 manual-failover-left-on: `ActivateManualFailover=Yes` while `FailoverMode=Yes`.

## Why it matters
`ActivateManualFailover` is a trigger read when the DR service starts: with `Yes` the service
fails over at once. After the failover `FailoverMode=Yes`. Whether PADR clears the trigger
after use is not documented: one set of lab notes resets it by hand, other runbooks never
mention it. If it stays `Yes`, the next start of the DR service on this vault (for example when
it is returned to standby and its DR service started again) may fail over again, so clearing
it now costs nothing.

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
Sets `ActivateManualFailover=No`. Safe: the failover it asked for has already happened. A
warning, not an error: the effect of leaving it is inferred.

## References
- KB 000004249 (S2): the trigger is read at the DR service's start.
- Clearing it by hand: DR lab notes (S23, weak source); not mentioned in S3/S4.
- What happens when it is left: inferred (cyberark-formats.md section 2).
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
        "the next start of the DR service may fail over again", line=entry.lineno,
        column=entry.key_column, key="ActivateManualFailover",
        fix=RULE.fix(SetValue("ActivateManualFailover", "No")))


RULE = Rule(
    slug="manual-failover-left-on",
    severity=Severity.WARNING,
    summary="ActivateManualFailover=Yes left on after the failover (FailoverMode=Yes)",
    check=check,
    fix_title="Set ActivateManualFailover=No",
    fix_safety=FixSafety.SAFE,
)
