"""DR003 own-vault-not-first: a component's Vault.ini ADDRESS does not start with the vault it
must reach first.

## Why it matters
Components try the ADDRESS entries in order and use the first vault that answers. In normal
operation DR-site components list the DR vault first and production ones the production vault;
during a failover (the topology's `expected_state = "failover"`) every component lists the DR
vault first, as KB 000004249 and `cfgtool fix --first` do. A CPM connects to the active vault
only. A standby listed first costs a connection delay on every connection (its PrivateArk
Server is stopped, so the client waits and moves on); writes reach the wrong vault only in a
split brain.

## Example
```ini
# dr/pvwa/Vault.ini (site "dr"; primary 10.10.1.10, dr 10.20.1.10; expected_state "normal")
ADDRESS=10.10.1.10,10.20.1.10
```

## Use instead
```ini
ADDRESS=10.20.1.10,10.10.1.10
```

## Fix
Safe: moves the expected vault to the front, the other entries keeping their order (and adds
any vault DR004 finds missing, so the two fixes agree). The component must be restarted
(`iisreset` for PVWA). The expected vault is the site's own (or `prefer`) in normal operation,
the DR vault during a failover, and the active vault for a CPM. A warning, not an error: the
cost of a wrong order is inferred.

## References
- Order per site, DR first during a failover test: the seed (S1), KB 000004249 as quoted
  (S2), kjentech runbook (S4).
- A standby's PrivateArk Server is stopped: the seed's services table (S1); the effect on
  clients (a delay) is inferred (cyberark-formats.md section 4).
- CPM on the active vault only: kjentech runbook (S4); training material (S8, weak source).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.addresses import AddressReview, address_fix, component_reviews
from cyberark_cfg.estate.roles import CPM
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate

TITLE = "Put the expected vault first in ADDRESS"


def _why(estate: Estate, site: str, review: AddressReview) -> str:
    if review.role == CPM:
        return "a CPM connects to the active vault only"
    if estate.topology.expected_state == "failover":
        return "during a failover (expected_state) components reach the DR vault first"
    return f"a component on site {site!r} reaches its own vault first"


def check(estate: Estate) -> Iterator[Diagnostic]:
    for item, review in component_reviews(estate):
        if review.first_is_own:
            continue
        first = next((a for a in review.current if a), None)
        said = f"starts with {first}" if first else "is empty"
        yield RULE.finding(
            item.path,
            f"ADDRESS {said}, expected {review.own.name} ({review.own.addresses[0]}) first: "
            f"{_why(estate, item.component.site, review)}",
            line=review.line, column=review.column, key="ADDRESS",
            fix=address_fix(review, TITLE))


RULE = EstateRule(
    slug="own-vault-not-first",
    severity=Severity.WARNING,
    summary="A component's Vault.ini ADDRESS does not start with the vault it must reach first",
    check_estate=check,
    fix_title=TITLE,
    fix_safety=FixSafety.SAFE,
)
