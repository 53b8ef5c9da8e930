"""DBPARM003 missing-main-section: dbparm.ini has no `[MAIN]` section.

## Why it matters
The vault server reads its parameters from the `[MAIN]` section of dbparm.ini. A file without
it (the header deleted, or misspelt as `[MIAN]`) leaves every parameter unread, and the vault
does not start.

## Example
```ini
VaultId=1
BackupFilesDeletion=Yes
```

## Use instead
```ini
[MAIN]
VaultId=1
BackupFilesDeletion=Yes
```

## Fix
None: where the section should start needs a person.

## References
- dbparm.ini's `[MAIN]` section: the securosys HSM guide (S15), SIEM guides showing
  `[SYSLOG]` (S26). That the vault then does not start: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.section("MAIN") is None:
        found = [document.display_section(name) for name in document.section_names()]
        seen = f" (sections found: {', '.join(found)})" if found else ""
        yield RULE.diagnostic(document, f"no [MAIN] section{seen}: the vault reads its "
                              "parameters from [MAIN]")


RULE = Rule(
    slug="missing-main-section",
    severity=Severity.ERROR,
    summary="No [MAIN] section",
    check=check,
)
