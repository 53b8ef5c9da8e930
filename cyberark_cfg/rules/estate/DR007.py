"""DR007 padr-points-at-itself: a vault's PADR Vault.ini lists that vault's own address.

## Why it matters
PADR reads the address of the vault it replicates from in its own Vault.ini; padr.ini does
not name it (cyberark-formats.md section 2). On the DR vault it must point at the production
vault, and on a production vault with PADR installed for failback at the DR vault. A Vault.ini
copied from a component and pointing at the vault itself makes PADR replicate from itself:
no replication, and an automatic failover that checks the wrong vault.

## Example
```ini
# dr/vault/Vault.ini (the DR vault answers on 10.20.1.10)
ADDRESS=10.20.1.10
```

## Use instead
```ini
ADDRESS=10.10.1.10
```

## Fix
None: which peer the vault must reach needs a person. Runs for each vault with `vault_ini`.

## References
- PADR's own Vault.ini names the vault it replicates from; padr.ini does not: CyberArk's
  install text as reproduced in notes (S7), the seed (S1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule
from cyberark_cfg.values import parse_address_list

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    for vault in estate.topology.vaults:
        document = estate.vault_ini.get(vault.name)
        entry = document.entry("ADDRESS") if document is not None else None
        if document is None or entry is None:
            continue
        own = [a for a in parse_address_list(entry.value) if a and vault.answers_on(a)]
        if own:
            yield RULE.finding(
                document.path,
                f"the {vault.name} vault's PADR Vault.ini lists the vault's own address "
                f"{own[0]}; it must point at its peer",
                line=entry.lineno, column=entry.value_column + entry.value.find(own[0]),
                key="ADDRESS")


RULE = EstateRule(
    slug="padr-points-at-itself",
    severity=Severity.ERROR,
    summary="A vault's PADR Vault.ini points at the vault itself instead of its peer",
    check_estate=check,
)
