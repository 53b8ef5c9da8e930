"""PADR005 standby-not-replicating: a standby DR vault (`FailoverMode=No`) with
`EnableReplicate=No` or `EnableFailover=No`.

## Why it matters
A DR vault in standby exists to replicate the production vault and to take over when it stays
unreachable. With `EnableReplicate=No` its data grows stale; with `EnableFailover=No` it will
not take over on its own. Both are often left behind after a test or a failback.

`EnableFailover=No` is expected while a manual failover is being prepared
(`ActivateManualFailover=Yes`), and is not reported then.

## Example
```ini
FailoverMode=No
EnableReplicate=No
EnableFailover=No
```

## Use instead
```ini
FailoverMode=No
EnableReplicate=Yes
EnableFailover=Yes
```

## Fix
None: a DR vault may be paused on purpose. Set the keys back to `Yes` when it is not.

## References
- `EnableFailover` and `EnableReplicate` on the DR vault: CyberArk's install text as
  reproduced in notes (S7), the VaultControl module (S17); the meaning of `EnableReplicate`
  is inferred.
- A standby re-armed with `EnableFailover=Yes` once replication is verified: kjentech runbook
  "Change - Upgrade Vault with Failover" (S4).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule

CONSEQUENCE = {
    "EnableReplicate": "this DR vault does not replicate the production vault",
    "EnableFailover": "this DR vault does not fail over automatically",
}


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("FailoverMode") is not False:
        return
    manual = document.typed("ActivateManualFailover") is True
    for key, consequence in CONSEQUENCE.items():
        if key == "EnableFailover" and manual:
            continue
        entry = document.entry(key)
        if entry is not None and document.typed(key) is False:
            yield RULE.diagnostic(
                document, f"{key}=No on a standby vault (FailoverMode=No): {consequence}",
                at=entry, key=key)


RULE = Rule(
    slug="standby-not-replicating",
    severity=Severity.WARNING,
    summary="Standby DR vault with EnableReplicate=No or EnableFailover=No",
    check=check,
)
