"""VAULT002 address-list-duplicate: the `ADDRESS` list has a duplicate or an empty entry.

## Why it matters
Clients try the addresses in order and use the first one that answers. A duplicate makes a
client wait twice for an unreachable vault before it tries the next one; an empty entry (from
`10.10.1.10,,10.20.1.10` or a trailing comma) is an address the client cannot resolve. Both
creep in when addresses are added or reordered by hand during a failover.

## Example
```ini
ADDRESS=10.10.1.10,10.20.1.10,10.10.1.10,
```

## Use instead
```ini
ADDRESS=10.10.1.10,10.20.1.10
```

## Fix
Removes the duplicates (compared case-insensitively, the first copy kept) and the empty
entries; the order of the rest is kept. Safe: the addresses the client tries, and their order,
do not change.

## References
- Clients try the `ADDRESS` entries in order and use the first that answers: the seed
  (S1), KB 000004249 as quoted (S2), kjentech runbook (S4).
- The cost of a duplicate or empty entry: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import ReplaceList
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule
from cyberark_cfg.values import parse_address_list


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("ADDRESS"):
        if not entry.value.strip():
            continue  # VAULT001 reports an empty ADDRESS
        kept: dict[str, str] = {}  # lower-cased address -> first spelling, in order
        duplicates: dict[str, None] = {}  # first spellings, in order (a set would lose it)
        empty = 0
        for item in parse_address_list(entry.value):
            lowered = item.lower()
            if not item:
                empty += 1
            elif lowered not in kept:
                kept[lowered] = item
            else:
                duplicates.setdefault(kept[lowered])
        if not duplicates and not empty:
            continue
        problems = []
        if duplicates:
            problems.append("duplicate " + ", ".join(duplicates))
        if empty:
            problems.append(f"{empty} empty entr{'y' if empty == 1 else 'ies'}")
        # Nothing left to keep means nothing to fix: VAULT001 territory, a person's call.
        fix = RULE.fix(ReplaceList(entry.key.strip(), tuple(kept.values()))) if kept else None
        yield RULE.diagnostic(
            document, f"ADDRESS list has {' and '.join(problems)}", line=entry.lineno,
            column=entry.value_column, key=entry.key.strip(), fix=fix)


RULE = Rule(
    slug="address-list-duplicate",
    severity=Severity.ERROR,
    summary="ADDRESS list with a duplicate or empty entry",
    check=check,
    fix_title="Remove duplicate and empty addresses, keeping the order",
    fix_safety=FixSafety.SAFE,
)
