"""DR005 unknown-address: a Vault.ini ADDRESS entry that belongs to no vault of the topology.

## Why it matters
An address no vault answers on is a decommissioned vault, a typo, or a vault the topology does
not know about. Clients try it in turn and wait for it to time out, so failover is slow at
best; at worst it is some other vault entirely.

## Example
```ini
# prod/pvwa01/Vault.ini (primary 10.10.1.10, dr 10.20.1.10)
ADDRESS=10.10.1.10,10.20.1.11
```

## Use instead
```ini
ADDRESS=10.10.1.10,10.20.1.10
```
or add the address to the vault's `addresses` in the topology when the vault answers on it.

## Fix
None: whether the entry is a typo or a missing address in the topology needs a person.
Checked in every component Vault.ini and every vault's `vault_ini`; entries are compared
case-insensitively, empty entries are left to the per-file rules.

## References
- Clients try every `ADDRESS` entry in order: the seed (S1), S2, S4. That an unknown entry
  costs a timeout: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def _vault_files(estate: Estate) -> Iterator[Document]:
    yield from (d for d in estate.vault_ini.values() if d is not None)
    yield from (c.document for c in estate.components if c.document.kind == "vault")


def check(estate: Estate) -> Iterator[Diagnostic]:
    for document in _vault_files(estate):
        entry = document.entry("ADDRESS")
        if entry is None:
            continue
        first = entry.value_column + (1 if entry.quoted else 0)  # past an opening quote
        for address, offset in _items(entry.value):
            if address and estate.topology.owner_of(address) is None:
                yield RULE.finding(
                    document.path,
                    f"ADDRESS entry {address} belongs to no vault of the topology",
                    line=entry.lineno, column=first + offset, key="ADDRESS")


def _items(value: str) -> Iterator[tuple[str, int]]:
    """Each address of a list with its offset in ``value``: counted along the list, so an
    address inside an earlier one (`10.0.0.1` after `10.0.0.10`) gets its own column, and a
    list of 100,000 entries is one pass, not a search from the start for each."""
    start = 0
    for part in value.split(","):
        address = part.strip()
        yield address, start + (part.find(address) if address else 0)
        start += len(part) + 1


RULE = EstateRule(
    slug="unknown-address",
    severity=Severity.WARNING,
    summary="A Vault.ini ADDRESS entry belongs to no vault of the topology",
    check_estate=check,
)
