"""PSM001 missing-server-id: `PSMServerId` is missing or empty.

## Why it matters
`PSMServerId` must equal the ID of this PSM server as configured in PVWA (Configuration >
Options > Privileged Session Management). Without it the PSM service cannot find its
configuration, and sessions through this server fail to start.

## Example
```ini
PSMServerId=""
```

## Use instead
```ini
PSMServerId="PSMServer_Prod01"
```

## Fix
None: the ID is whatever PVWA has for this server.

## References
- `PSMServerId` must equal a PSM server ID configured in PVWA: the seed (S1);
  CyberArk's epv-api-scripts read it (S12).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.requirements import missing_or_empty


def check(document: Document) -> Iterator[Diagnostic]:
    for key, entry in missing_or_empty(document, ["PSMServerId"]):
        state = "missing" if entry is None else "empty"
        yield RULE.diagnostic(
            document, f"{key} is {state}: it must equal this PSM server's ID in PVWA",
            at=entry, key=key)


RULE = Rule(
    slug="missing-server-id",
    severity=Severity.ERROR,
    summary="PSMServerId missing or empty",
    check=check,
)
