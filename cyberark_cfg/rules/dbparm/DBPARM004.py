"""DBPARM004 firewall-rule-syntax: an `AllowNonStandardFWAddresses` line that is not shaped
`[address],Yes,port:direction/protocol`.

## Why it matters
Each `AllowNonStandardFWAddresses` line opens the vault's hardened firewall for one address:
`[10.0.0.5],Yes,2410:outbound/tcp`, with further `port:direction/protocol` parts as needed. The
key repeats by design, one rule a line, and CyberArk's hardening check reads every line. A
line in another shape (the brackets dropped, `out` for `outbound`, a missing protocol) does not
say what it was meant to; what the vault makes of it is not documented.

## Example
```ini
[MAIN]
AllowNonStandardFWAddresses=10.0.0.5,Yes,2410:out/tcp
```

## Use instead
```ini
[MAIN]
AllowNonStandardFWAddresses=[10.0.0.5],Yes,2410:outbound/tcp
```

## Fix
None: the intended rule needs a person. A warning: the vault's handling of a malformed line is
not public. Ports may be ranges (`1000-1010`); the address part is taken as written.

## References
- The line's shape, one rule a line: CyberArk's CYBRHardeningCheck,
  `Vault/VaultHardeningSteps.psm1` (S14); the securosys HSM guide (S15).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule

KEY = "AllowNonStandardFWAddresses"
_RULE = re.compile(r"\[[^\[\]]+\],(yes|no)(,\d{1,5}(-\d{1,5})?:(inbound|outbound)/[a-z]+)+",
                   re.IGNORECASE)


def problem(value: str) -> str | None:
    """Why ``value`` is not a firewall rule line (None: it is one)."""
    text = "".join(value.split())
    if _RULE.fullmatch(text):
        return None
    if not text.startswith("["):
        return "the address must be in brackets, [10.0.0.5]"
    parts = text.split("],", 1)
    if len(parts) < 2 or not re.match(r"(yes|no)(,|$)", parts[1], re.IGNORECASE):
        return "expected [address],Yes,port:direction/protocol"
    return "each part after Yes must be port:inbound/protocol or port:outbound/protocol"


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries(KEY):
        if not entry.value.strip():
            continue
        found = problem(entry.value)
        if found:
            yield RULE.diagnostic(document, f"{KEY} line is not a firewall rule: {found}",
                                  line=entry.lineno, column=entry.value_column, key=KEY)


RULE = Rule(
    slug="firewall-rule-syntax",
    severity=Severity.WARNING,
    summary="An AllowNonStandardFWAddresses line not shaped [address],Yes,port:dir/protocol",
    check=check,
)
