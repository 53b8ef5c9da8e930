r"""VAULT006 clear-text-proxy-password: `PROXYPASSWORD` holds a password in clear text.

## Why it matters
Anyone who can read the component's Vault.ini, or a backup or a ticket attachment of it, has
the proxy account's password. `PROXYCREDENTIALS` points at a credential file (made with
CreateCredFile) that replaces `PROXYUSER` and `PROXYPASSWORD`. cfgtool never prints the value.

## Example
```ini
PROXYUSER=svc_proxy
PROXYPASSWORD=<the password>
```

## Use instead
```ini
PROXYCREDENTIALS=C:\Program Files (x86)\CyberArk\Password Manager\Vault\proxy.cred
```

## Fix
None: the credential file has to be created with CreateCredFile first. Change the proxy
account's password afterwards, since the old one has been stored in clear text.

## References
- `PROXYPASSWORD` is clear text and `PROXYCREDENTIALS` replaces `PROXYUSER`/`PROXYPASSWORD`:
  the Vault.ini template (`../corpus/` sample).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries("PROXYPASSWORD"):
        if entry.value.strip():
            # The message names the key only: the value is a secret.
            yield RULE.diagnostic(
                document, "PROXYPASSWORD holds a clear-text password; use PROXYCREDENTIALS "
                "with a credential file instead", at=entry,
                key=entry.key.strip())


RULE = Rule(
    slug="clear-text-proxy-password",
    severity=Severity.WARNING,
    summary="PROXYPASSWORD in clear text (use PROXYCREDENTIALS)",
    check=check,
)
