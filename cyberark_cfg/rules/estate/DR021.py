"""DR021 cpm-lists-other-vault: a CPM's Vault.ini lists a vault besides the active one.

## Why it matters
Runbooks keep the CPM off automatic failover: its ADDRESS holds the active vault only ("the ONLY
IP address"), and at a failover it is repointed by hand, then its service restarted. A CPM
that also lists the DR vault connects to it on its own whenever the primary does not answer,
and changes passwords there while the primary may still be running.

## Example
```ini
# prod/cpm/Vault.ini (primary 10.10.1.10, dr 10.20.1.10; expected_state "normal")
ADDRESS=10.10.1.10,10.20.1.10
```

## Use instead
```ini
ADDRESS=10.10.1.10
```
During a failover (`expected_state = "failover"`), the DR vault's address only.

## Fix
None: repointing a CPM goes with stopping and starting its service ("CyberArk Password
Manager"), which needs a person. A warning: the rule rests on runbooks and training material,
not on a CyberArk document.

## References
- CPM on the primary only, "the ONLY IP address"; repointed by hand at failover: kjentech
  runbook "Change - Upgrade Vault with Failover" (S4); the seed (S1).
- "Never configured for automatic failover": training material (S8, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.addresses import component_reviews
from cyberark_cfg.estate.roles import CPM
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    topology = estate.topology
    for item, review in component_reviews(estate):
        if review.role != CPM:
            continue
        others = dict.fromkeys(v.name for a in review.current if a
                               and (v := topology.owner_of(a)) is not None
                               and v.name != review.own.name)
        if others:
            yield RULE.finding(
                item.path,
                f"a CPM lists {', '.join(others)} besides the active vault {review.own.name}: "
                "a CPM stays on the active vault only and is repointed by hand at failover",
                line=review.line, column=review.column, key="ADDRESS")


RULE = EstateRule(
    slug="cpm-lists-other-vault",
    severity=Severity.WARNING,
    summary="A CPM's Vault.ini lists a vault besides the active one (automatic failover)",
    check_estate=check,
)
