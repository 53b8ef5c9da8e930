"""DR024 psm-server-id-duplicate: two basic_psm.ini files of one estate give the same
`PSMServerId`.

## Why it matters
PVWA sends sessions to a PSM server by its server ID, and platforms pick their PSM by it. Two
PSM servers with one ID (a basic_psm.ini copied from another PSM, a DR PSM installed with the
production ID) are one server to PVWA: sessions meant for one land on the other, and a failover
that switches the platforms' PSM ID to the DR PSM switches nothing.

## Example
```ini
# prod/psm/basic_psm.ini           # dr/psm/basic_psm.ini
PSMServerId="PSMServer_Prod01"      PSMServerId="PSMServer_Prod01"
```

## Use instead
```ini
# dr/psm/basic_psm.ini
PSMServerId="PSMServer_DR01"
```

## Fix
None: the right ID is the one configured in PVWA for that server. Reported on every file after
the first that gives the ID. A warning: that IDs are unique is inferred.

## References
- PSMServerId equals a PSM server ID configured in PVWA; platforms pick their PSM by it, and
  a failover switches them to the DR PSM's ID: the seed (S1).
- Generated as `PSM_<hostname>`: PSM notes (S13, weak source). Uniqueness: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for item in estate.components:
        entry = item.document.entry("PSMServerId") if item.document.kind == "psm" else None
        if entry is None or not entry.value.strip():
            continue
        server_id = entry.value.strip()
        if server_id in first:
            yield RULE.finding(
                item.path,
                f"PSMServerId {server_id} is also the ID of {first[server_id]}: each PSM server "
                "needs its own ID in PVWA",
                line=entry.lineno, column=entry.value_column, key="PSMServerId")
        else:
            first[server_id] = item.path


RULE = EstateRule(
    slug="psm-server-id-duplicate",
    severity=Severity.WARNING,
    summary="Two basic_psm.ini files give the same PSMServerId",
    check_estate=check,
)
