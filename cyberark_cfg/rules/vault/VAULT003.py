"""VAULT003 invalid-address: an `ADDRESS` entry that is no valid IPv4 address, IPv6 address or
host name.

## Why it matters
A component cannot connect to `10.0.0.300`, `vault dr.example.com` or `10.0.0.1:1858` (the port
belongs in `PORT`), and when the address is the first in the list every connection waits for it
to fail before trying the next. Typos like these are easy to make under pressure during a
failover.

## Example
```ini
ADDRESS=10.10.1.300,vault dr.example.com
```

## Use instead
```ini
ADDRESS=10.10.1.30,vault-dr.example.com
```

## Fix
None: the intended address needs a person.

## References
- `ADDRESS` holds IP addresses or DNS names, comma-separated, and `PORT` the port: real
  samples (`../corpus/`) and the seed (S1). The address syntax is RFC 1123 / RFC 4291.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import lru_cache

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import parse_address_list

# RFC 1123 host name labels: letters, digits and inner hyphens, 1 to 63 characters. Underscores
# are tolerated because Windows resolvers accept them in NetBIOS-style names.
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\Z")


@lru_cache(maxsize=4096)  # an estate names the same few vault addresses in every file
def address_problem(address: str) -> str | None:
    """Why ``address`` is not an IPv4 address, an IPv6 address or a host name (None if it is)."""
    candidate = address[1:-1] if address.startswith("[") and address.endswith("]") else address
    try:
        ipaddress.ip_address(candidate)
        return None
    except ValueError:
        pass
    if ":" in candidate:
        return "not an IPv6 address (a port belongs in PORT)"
    name = candidate[:-1] if candidate.endswith(".") else candidate
    labels = name.split(".")
    if all(label.isdigit() for label in labels):
        return "not a valid IPv4 address"
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        return "not a valid host name"
    if labels[-1].isdigit():
        return "not a valid host name (the last label is numeric)"
    return None


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("ADDRESS"):
        for address in dict.fromkeys(parse_address_list(entry.value)):
            if not address:
                continue  # VAULT002 reports empty entries
            problem = address_problem(address)
            if problem:
                yield RULE.diagnostic(document, f"ADDRESS entry {address}: {problem}",
                                      line=entry.lineno, column=entry.value_column,
                                      key=entry.key.strip())


RULE = Rule(
    slug="invalid-address",
    severity=Severity.ERROR,
    summary="ADDRESS entry that is no valid IPv4, IPv6 address or host name",
    check=check,
)
