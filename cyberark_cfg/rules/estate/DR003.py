"""DR003 own-vault-not-first: a component's Vault.ini ADDRESS does not start with its own
site's vault.

## Why it matters
Components try the ADDRESS entries in order and stay with the first vault that answers. The
founding document: on DR-site PVWAs the DR vault comes first, on production ones the production
vault. A production PVWA that lists the DR vault first talks to a standby replica (or, after a
failover, to the wrong vault) and every write from it goes astray.

## Example
```ini
# dr/pvwa/Vault.ini (site "dr"; primary 10.10.1.10, dr 10.20.1.10)
ADDRESS=10.10.1.10,10.20.1.10
```

## Use instead
```ini
ADDRESS=10.20.1.10,10.10.1.10
```

## Fix
Safe: moves the site's own vault to the front, the other entries keeping their order (and
adds any vault DR004 finds missing, so the two fixes agree). The component must be restarted
(`iisreset` for PVWA). The own vault is the one on the component's `site`, or `prefer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.addresses import address_fix, component_reviews
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate

TITLE = "Put the site's own vault first in ADDRESS"


def check(estate: Estate) -> Iterator[Diagnostic]:
    for item, review in component_reviews(estate):
        if review.first_is_own:
            continue
        first = next((a for a in review.current if a), None)
        said = f"starts with {first}" if first else "is empty"
        yield RULE.finding(
            item.path,
            f"ADDRESS {said}, but a component on site {item.component.site!r} must reach "
            f"its own vault ({review.own.name}, {review.own.addresses[0]}) first",
            line=review.line, column=review.column, key="ADDRESS",
            fix=address_fix(review, TITLE))


RULE = EstateRule(
    code="DR003",
    slug="own-vault-not-first",
    severity=Severity.ERROR,
    summary="A component's Vault.ini ADDRESS does not start with its own site's vault",
    check_estate=check,
    doc=__doc__ or "",
    fix_title=TITLE,
    fix_safety=FixSafety.SAFE,
)
