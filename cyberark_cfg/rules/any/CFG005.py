"""CFG005 unknown-key: a key this kind of file does not have, often a misspelt known key.

## Why it matters
A misspelt key does not set what it was meant to: `LastDataRep1icationTimestamp` or
`FailOverMod` look right at a glance, but the setting they were meant to change is not there.
When the key is close to a known one the message says which.

For padr.ini, Vault.ini, dbparm.ini, basic_psm.ini and tsparm.ini no complete key list is
public, so only near misses of the keys cfgtool knows are reported: an unknown key may be a
real one (padr.ini's replication-interval key has no public name). Credential files are
complete: any unknown key is reported.

## Example
```ini
[MAIN]
FailOverMod=No
```

## Use instead
```ini
[MAIN]
FailoverMode=No
```

## Fix
None: renaming a key is left to a person, who can check what was meant. Keys are compared
case-insensitively, so `failovermode` is not reported.

## References
- Key names: CyberArk's templates and samples (`../corpus/`), the KB texts quoted in S2,
  kjentech runbooks (S3, S4), the VaultControl module (S17); cyberark-formats.md sections 2-8.
- No complete padr.ini, Vault.ini table, dbparm.ini, tsparm.ini or basic_psm.ini is public
  (the padr.ini interval key has no public name, S8): inferred that unknown keys are only
  reported as near misses.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.kinds.schema import Kind
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.rules.requirements import file_label

# How close a key must be to a known one to be called a misspelling of it. 0.85 catches one or
# two wrong letters in the long DR keys, and keeps real dbparm.ini keys that merely share a
# word (ComponentNotificationThreshold, BackupNotificationThreshold) apart.
NEAR_MISS = 0.85


def near_miss(name: str, known: dict[str, str]) -> str | None:
    """The known key spelling ``name`` most likely meant, if any is close enough."""
    import difflib  # only files with unknown keys get this far

    match = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=NEAR_MISS)
    return known[match[0]] if match else None


@lru_cache(maxsize=4096)
def _meant(name: str, schema: Kind) -> str | None:
    """:func:`near_miss` against ``schema``'s keys; an estate repeats its typos, so cached."""
    return near_miss(name, {spec.name.lower(): spec.name for spec in schema.keys})


def check(document: Document) -> Iterator[Diagnostic]:
    schema = document.kind_schema
    if schema is None:
        return
    for entry in document.entries():
        name = entry.key.strip()
        if schema.spec(name) is not None:
            continue
        meant = _meant(name, schema)
        if meant is None and not schema.complete:
            continue
        hint = (f"; did you mean {meant}?" if meant
                else f"; a {file_label(document)} holds only the keys its writer knows")
        # A broken line can carry a secret in its key: print it only when it is a plain name.
        shown = document.display_key(name)
        yield RULE.diagnostic(document, f"unknown key {shown} in a {file_label(document)}{hint}",
                              at=entry, key=shown)


RULE = Rule(
    slug="unknown-key",
    severity=Severity.WARNING,
    summary="Unknown key for this kind of file, with a suggestion for near misses",
    check=check,
)
