"""CFG003 duplicate-key: the same key appears twice in one section.

## Why it matters
The products read one copy and ignore the other, and which one wins is not documented. A
duplicated `FailoverMode` or `ADDRESS` means the file does not say what its reader will do.

## Example
```ini
[MAIN]
FailoverMode=No
EnableFailover=Yes
failovermode=Yes
```

## Use instead
```ini
[MAIN]
FailoverMode=No
EnableFailover=Yes
```

## Fix
None: which copy is right needs a person. Keys are compared case-insensitively.

## References
- Keys repeat by design only where the product reads every line (dbparm.ini
  `AllowNonStandardFWAddresses`, CYBRHardeningCheck S14; not reported here). For any other
  key, which copy wins is unknown: cyberark-formats.md section 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for section in document.sections:
        first_line: dict[str, int] = {}
        for entry in section.entries():
            name = entry.key.strip().lower()
            spec = document.schema.spec(name) if document.schema else None
            if spec is not None and spec.repeatable:
                continue  # one value a line by design
            if name in first_line:
                shown = document.display_key(entry.key)
                where = f" [{document.display_section(section.name)}]" if section.name else ""
                yield RULE.diagnostic(
                    document,
                    f"duplicate key {shown}{where}: first set on line "
                    f"{first_line[name]}; which copy wins is unknown",
                    at=entry, key=shown)
            else:
                first_line[name] = entry.lineno


RULE = Rule(
    slug="duplicate-key",
    severity=Severity.ERROR,
    summary="Duplicate key in one section (compared case-insensitively)",
    check=check,
)
