"""VAULT004 proxy-behind-firewall: `PROXYTYPE` set together with `BEHINDFIREWALL=YES`.

## Why it matters
The Vault.ini template says it plainly: proxy settings "cannot be used together with
BEHINDFIREWALL". With both, the component's connection method is undefined and connections
fail in ways that look like a network problem.

## Example
```ini
BEHINDFIREWALL=YES
PROXYTYPE=HTTPS
PROXYADDRESS=10.0.0.8
```

## Use instead
Either the proxy settings, or `BEHINDFIREWALL=YES`, not both:
```ini
PROXYTYPE=HTTPS
PROXYADDRESS=10.0.0.8
```

## Fix
None: which of the two is right depends on the network.

## References
- The Vault.ini template's own comment: proxy settings cannot be used together with
  BEHINDFIREWALL (`../corpus/` sample).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    if document.typed("BEHINDFIREWALL") is not True:
        return
    entry = document.entry("PROXYTYPE")
    if entry is None:
        return
    proxy = entry.value.strip()
    # PACLI's DEFINE accepts NOPROXY, which is no proxy at all.
    if not proxy or proxy.upper() == "NOPROXY":
        return
    yield RULE.diagnostic(
        document, f"PROXYTYPE={proxy} together with BEHINDFIREWALL=YES: the two cannot be "
        "combined", at=entry, key="PROXYTYPE")


RULE = Rule(
    slug="proxy-behind-firewall",
    severity=Severity.ERROR,
    summary="PROXYTYPE set together with BEHINDFIREWALL=YES",
    check=check,
)
