"""DR004 no-failover-path: a component's Vault.ini ADDRESS does not list every vault.

## Why it matters
When the production vault goes down, a component reaches the DR vault only if the DR vault is
in its ADDRESS list. A PVWA or PSM that lists only its own vault stops working at failover,
exactly when it is needed, and someone edits its Vault.ini by hand under pressure. A CPM is the
exception: it is kept off automatic failover, on the active vault only, and repointed by hand
(DR021 reports a CPM that lists more).

## Example
```ini
# prod/pvwa01/Vault.ini (site "prod"; primary 10.10.1.10, dr 10.20.1.10)
ADDRESS=10.10.1.10
```

## Use instead
```ini
ADDRESS=10.10.1.10,10.20.1.10
```

## Fix
Safe: adds the first address of each missing vault right after the expected first vault's
entries (and puts that vault first when DR003 also applies, so the two fixes agree). The
component must be restarted. A vault counts as listed when any of its `addresses` appears.
By default a component must list every vault of the topology; `vaults = [...]` on a component
narrows that. Never run for a CPM.

## References
- ADDRESS lists both vaults on PVWA and PSM: the seed (S1), kjentech runbook (S4).
- CPM on the primary only, "the ONLY IP address": kjentech runbook (S4); "never configured for
  automatic failover": training material (S8, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.addresses import address_fix, component_reviews
from cyberark_cfg.estate.roles import CPM
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate

TITLE = "Add the missing vault after the site's own in ADDRESS"


def check(estate: Estate) -> Iterator[Diagnostic]:
    for item, review in component_reviews(estate):
        if not review.missing or review.role == CPM:
            continue  # a CPM is not given a failover path (DR003, DR021 judge it)
        names = ", ".join(f"{v.name} ({v.addresses[0]})" for v in review.missing)
        yield RULE.finding(
            item.path,
            f"ADDRESS does not list {names}: no failover path to "
            f"{'that vault' if len(review.missing) == 1 else 'those vaults'}",
            line=review.line, column=review.column, key="ADDRESS",
            fix=address_fix(review, TITLE))


RULE = EstateRule(
    slug="no-failover-path",
    severity=Severity.WARNING,
    summary="A component's Vault.ini does not list every vault (no failover path)",
    check_estate=check,
    fix_title=TITLE,
    fix_safety=FixSafety.SAFE,
)
