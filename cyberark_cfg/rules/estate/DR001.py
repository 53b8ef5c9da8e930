"""DR001 split-brain: more than one vault of the DR estate has `FailoverMode=Yes`.

## Why it matters
`FailoverMode=Yes` says "this vault is the active one". When the production vault and the DR
vault both say so, both may run PrivateArk Server and accept changes: passwords rotated on one
are unknown to the other, and the replication position no longer means anything. The founding
document's table allows exactly one active vault.

## Example
```ini
# prod/vault/padr.ini            # dr/vault/padr.ini
FailoverMode=Yes                 FailoverMode=Yes
```

## Use instead
Normal operation (production active):
```ini
# prod/vault/padr.ini            # dr/vault/padr.ini
FailoverMode=Yes                 FailoverMode=No
```
or, after a failover, `FailoverMode=No` on the production vault and `Yes` on the DR vault.

## Fix
None: which vault is the real active one needs a person. Stop PrivateArk Server on the vault
that must not run, then follow the failback procedure. Reported once, on the DR vault's
padr.ini, naming the other file.

## References
- The services table and FailoverMode per vault: the seed (S1); a drill stops one vault "to
  prevent a Split-Brain" (S21). That both `Yes` can also be a crashed primary:
  cyberark-formats.md section 10 (inferred).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import SPLIT_BRAIN, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    report = estate_report(estate)
    if report.state != SPLIT_BRAIN:
        return
    active = [v for v in report.vaults if v.failover_mode and v is not report.subject]
    others = ", ".join(v.path or v.name for v in active)
    yield RULE.finding(
        report.subject.path,
        f"split brain: FailoverMode=Yes here and in {others}; only one vault may be active",
        line=report.subject.failover_mode_line, key="FailoverMode")


RULE = EstateRule(
    code="DR001",
    slug="split-brain",
    severity=Severity.ERROR,
    summary="More than one vault has FailoverMode=Yes (split brain)",
    check_estate=check,
    doc=__doc__ or "",
)
