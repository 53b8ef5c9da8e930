"""DR006 unknown-psm-server-id: a basic_psm.ini PSMServerId that PVWA does not know.

## Why it matters
PVWA sends sessions to PSM servers by their server ID. A PSM whose `PSMServerId` is not one
configured in PVWA (a copied basic_psm.ini from another PSM, a DR PSM installed with the
production ID, a typo) does not get its sessions, or takes another server's.

## Example
```toml
[psm]
server_ids = ["PSMServer_Prod01"]
```
```ini
PSMServerId="PSMServer_Prod1"
```

## Use instead
```ini
PSMServerId="PSMServer_Prod01"
```

## Fix
None: the right ID is the one configured in PVWA, which only a person can check. Runs only
when the topology lists `psm.server_ids`; IDs are compared exactly (a case-only difference
is pointed out in the message).

## References
- `PSMServerId` must equal a PSM server ID configured in PVWA: the seed (S1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    known = estate.topology.psm_server_ids
    if known is None:
        return
    for item in estate.components:
        entry = item.document.entry("PSMServerId") if item.document.kind == "psm" else None
        if entry is None or entry.value in known:
            continue
        near = [k for k in known if k.lower() == entry.value.lower()]
        hint = f" (differs only in case from {near[0]})" if near else ""
        yield RULE.finding(
            item.path,
            f"PSMServerId {entry.value} is not among the PSM server IDs configured in PVWA "
            f"(psm.server_ids){hint}",
            line=entry.lineno, column=entry.value_column, key="PSMServerId")


RULE = EstateRule(
    slug="unknown-psm-server-id",
    severity=Severity.ERROR,
    summary="A basic_psm.ini PSMServerId is not among the topology's psm.server_ids",
    check_estate=check,
)
