"""DR014 unreadable-service-snapshot: a service snapshot the topology names cannot be parsed.

## Why it matters
Without the snapshot the state falls back to padr.ini, which cannot tell a split brain from a
crashed primary. A snapshot saved in another format (the table `Get-Service` prints, say) or cut
short is the usual cause.

## Example
`Get-Service > services.txt` (the console table, not a supported format).

## Use instead
One of:
```powershell
Get-Service | Select-Object Name, DisplayName, Status, StartType | ConvertTo-Json > services.json
Get-Service | Export-Csv services.csv
sc.exe queryex type= service state= all > services.txt
```
JSON may be UTF-16 (Windows PowerShell's `>`) or UTF-8, with numbers or names
(`-EnumsAsStrings`), one object or an array.

## Fix
None. Reported on the snapshot at the line (and column, for JSON) where reading stopped. A
missing snapshot file is DR008.

## References
The formats are Windows PowerShell's and sc.exe's own output; that a snapshot is the evidence
the state needs is inferred (cyberark-formats.md section 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    for error in estate.snapshot_errors:
        yield RULE.finding(error.path, error.message, line=error.line, column=error.column)


RULE = EstateRule(
    slug="unreadable-service-snapshot",
    severity=Severity.ERROR,
    summary="A service snapshot named by the topology cannot be read as one",
    check_estate=check,
)
