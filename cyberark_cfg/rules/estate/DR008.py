"""DR008 missing-estate-file: a file the topology names does not exist, or a glob matches
nothing.

## Why it matters
Every other estate rule is silent about a file it cannot read, so a typo in the topology (or a
server whose share is not mounted) quietly turns the checks off. A glob that matches nothing
usually means a renamed folder.

## Example
```toml
[[components]]
site = "prod"
files = ["prod/pvwa*/vault.ini.bak"]
```

## Use instead
```toml
files = ["prod/pvwa*/Vault.ini"]
```

## Fix
None. Reported on the topology file, at the line that names the path (relative paths and
globs are resolved against the topology file's folder).

## References
- inferred: a file the topology names and cannot read turns the estate checks off silently.
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
    for missing in estate.missing:
        shown = "" if missing.pattern == missing.path else f" ({missing.path})"
        yield RULE.finding(
            estate.topology.path, f"{missing.key} {missing.pattern!r}{shown} {missing.reason}",
            line=missing.line, key=missing.key)


RULE = EstateRule(
    slug="missing-estate-file",
    severity=Severity.ERROR,
    summary="A file named by the topology does not exist, or a glob matches nothing",
    check_estate=check,
)
