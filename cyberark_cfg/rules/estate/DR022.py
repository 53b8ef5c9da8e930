"""DR022 port-mismatch: the Vault.ini files of one estate do not all give the same `PORT`.

## Why it matters
`PORT` is one number for every entry of `ADDRESS`, so the primary and the DR vault must listen
on the same port, and every component's and PADR's Vault.ini must name it. A component whose
`PORT` differs reaches neither vault on one of them (often the one it fails over to), and PADR
with another port does not reach its peer.

## Example
```ini
# prod/pvwa01/Vault.ini           # dr/pvwa/Vault.ini
PORT=1858                         PORT=17610
```

## Use instead
```ini
PORT=1858
```
in every Vault.ini of the estate (or the other port in all of them).

## Fix
None: which port the vaults listen on is a fact of the servers. Reported on each file whose
`PORT` differs from the one most of the estate's Vault.ini files give. A warning: that both
vaults listen on one port is inferred.

## References
- `PORT` is one integer for all `ADDRESS` entries (default 1858; 17610 seen): real Vault.ini
  samples (`../corpus/`), cyberark-formats.md section 4.
- One port for both vaults: inferred from that.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.document import Document
    from cyberark_cfg.estate.model import Estate


def _vault_files(estate: Estate) -> list[Document]:
    files = [d for d in estate.vault_ini.values() if d is not None]
    files += [c.document for c in estate.components if c.document.kind == "vault"]
    return files


def check(estate: Estate) -> Iterator[Diagnostic]:
    ports = [(document, document.typed("PORT", expect=int)) for document in _vault_files(estate)]
    known = [(document, port) for document, port in ports if port is not None]
    counts = Counter(port for _, port in known)
    if len(counts) < 2:
        return
    usual, _ = counts.most_common(1)[0]
    for document, port in known:
        if port == usual:
            continue
        entry = document.entry("PORT")
        yield RULE.finding(
            document.path,
            f"PORT={port} here, but {counts[usual]} of the estate's {len(known)} Vault.ini "
            f"files give PORT={usual}: one port serves both vaults",
            line=entry.lineno if entry else 1,
            column=entry.value_column if entry else 1, key="PORT")


RULE = EstateRule(
    slug="port-mismatch",
    severity=Severity.WARNING,
    summary="The Vault.ini files of one estate do not all give the same PORT",
    check_estate=check,
)
