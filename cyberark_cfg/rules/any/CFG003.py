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
None: which copy is right needs a person. Keys are compared case-insensitively. After the
first 20 copies of one key in a section, one more finding counts the rest (a damaged file of
900,000 copies gives 21 findings, not 900,000).

## References
- Keys repeat by design only where the product reads every line (dbparm.ini
  `AllowNonStandardFWAddresses`, CYBRHardeningCheck S14; not reported here). For any other
  key, which copy wins is unknown: cyberark-formats.md section 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.nodes import Entry
from cyberark_cfg.rules.base import Rule

LISTED = 20  # copies of one key reported one by one; the rest are counted in one finding


def may_repeat(document: Document) -> bool:
    """Whether two entries of ``document`` may share a key as compared here (stripped, lower
    case), told from its key index: so when a lower-cased key is on two entries, or one has
    ends that stripping removes (a form feed, a no-break space) and could merge it."""
    index = document.key_index()
    return index.repeated or any(name != name.strip() for name in index.by_key)


def check(document: Document) -> Iterator[Diagnostic]:
    if not may_repeat(document):  # most files: nothing to compare, entry by entry
        return
    for section in document.sections:
        first_line: dict[str, int] = {}
        copies: dict[str, int] = {}
        unlisted: dict[str, Entry] = {}  # first copy past LISTED, per key
        where = None
        for entry in section.entries():
            name = entry.key.strip().lower()
            if name not in first_line:
                first_line[name] = entry.lineno
                continue
            spec = document.kind_schema.spec(name) if document.kind_schema else None
            if spec is not None and spec.repeatable:
                continue  # one value a line by design
            if where is None:
                where = f" [{document.display_section(section.name)}]" if section.name else ""
            copies[name] = count = copies.get(name, 0) + 1
            if count > LISTED:
                unlisted.setdefault(name, entry)
                continue
            shown = document.display_key(entry.key)
            yield RULE.diagnostic(
                document,
                f"duplicate key {shown}{where}: first set on line "
                f"{first_line[name]}; which copy wins is unknown",
                at=entry, key=shown)
        for name, entry in unlisted.items():
            shown = document.display_key(entry.key)
            yield RULE.diagnostic(
                document, f"duplicate key {shown}{where}: {copies[name] - LISTED} more copies "
                f"from this line on (not listed one by one)", at=entry, key=shown)


RULE = Rule(
    slug="duplicate-key",
    severity=Severity.ERROR,
    summary="Duplicate key in one section (compared case-insensitively)",
    check=check,
)
