"""PADR007 trigger-armed-on-standby: `ActivateManualFailover=Yes` on a standby vault
(`FailoverMode=No`).

## Why it matters
`ActivateManualFailover` is read when the CyberArk Vault Disaster Recovery service starts: with
`Yes` the service fails over at once (KB 000004249). On a standby that is right only between the
manual-failover edit and the service start that carries it out. Left armed, the next start of
the DR service (a reboot, a restart after a patch) starts this vault's PrivateArk Server, beside
the production vault that still runs: a split brain. `EnableFailover=No` does not prevent it:
it turns off the automatic failover, not the manual trigger.

## Example
```ini
FailoverMode=No
EnableFailover=No
ActivateManualFailover=Yes
```

## Use instead
Unless a manual failover is under way right now:
```ini
FailoverMode=No
EnableFailover=No
ActivateManualFailover=No
```

## Fix
Unsafe: sets `ActivateManualFailover=No`, which cancels a manual failover that is being
prepared. A warning, not an error: that the trigger fires at the next start is inferred from
the KB's procedure, and a failover in preparation looks exactly like this.

## References
- KB 000004249 (manual DR failover, as quoted in a public SOP, S2): the trigger is read at the
  DR service's start.
- Effect on a standby left armed: inferred from S2 (cyberark-formats.md section 2).
- Resetting it to `No`: DR lab notes (S23, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetValue
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("FailoverMode") is not False:
        return
    if document.typed("ActivateManualFailover") is not True:
        return
    yield RULE.diagnostic(
        document, "ActivateManualFailover=Yes on a standby vault (FailoverMode=No): the next "
        "start of the DR service fails over at once; clear it unless a manual failover is "
        "under way", at=document.entry("ActivateManualFailover"), key="ActivateManualFailover",
        fix=RULE.fix(SetValue("ActivateManualFailover", "No")))


RULE = Rule(
    slug="trigger-armed-on-standby",
    severity=Severity.WARNING,
    summary="ActivateManualFailover=Yes on a standby (FailoverMode=No): fails over at next start",
    check=check,
    fix_title="Set ActivateManualFailover=No",
    fix_safety=FixSafety.UNSAFE,
)
