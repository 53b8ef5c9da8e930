"""CFG006 invalid-value: a known key whose value is not of its type.

## Why it matters
A boolean must be `Yes` or `No` (any case); `True`, `1` or `Y` are not read as yes. An integer
setting such as `CheckRetriesCount` or `TIMEOUT` must be a whole number, and a port must be
from 1 to 65535. A value the product cannot read falls back to a default, or stops the
component from starting.

Empty values are not reported here (the product's default applies); the replication position
keys of padr.ini are checked by PADR004 and the credential file's VerificationsFlag by CRED002.

## Example
```ini
EnableFailover=True
PORT=18580
```

## Use instead
```ini
EnableFailover=Yes
PORT=1858
```

## Fix
None: the intended value needs a person.

## References
- Yes/No booleans in any case: S2, S3, S4, S23; integers and ports: Vault.ini templates
  (`../corpus/`); multi-field values such as `BackupNotificationThreshold=Yes,Yes,48,24,12`:
  kjentech runbook (S5), `BackupFilesDeletion=Yes,24,1,5,7d` (S16, weak source); that their
  first field is the switch: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import ValueType, parse_typed

CHECKED = (ValueType.BOOL, ValueType.INT, ValueType.PORT, ValueType.SWITCHED_FIELDS)


@lru_cache(maxsize=4096)
def value_problem(value: str, value_type: ValueType) -> str | None:
    """Why ``value`` is not a ``value_type`` (None: it is). Cached: a fleet of files repeats a
    handful of values (Yes, No, 1858) thousands of times."""
    try:
        parse_typed(value, value_type)
    except ValueError as problem:
        return str(problem)
    return None


def check(document: Document) -> Iterator[Diagnostic]:
    schema = document.kind_schema
    if schema is None:
        return
    for entry in document.entries():
        spec = schema.spec(entry.key)
        if spec is None or spec.type not in CHECKED or spec.product_written:
            continue
        value = entry.value
        if not value.strip():
            continue
        problem = value_problem(value, spec.type)
        if problem is not None:
            shown = document.display_value(entry)
            yield RULE.diagnostic(
                document, f"invalid value {spec.name}={shown}: {problem}",
                line=entry.lineno, column=entry.value_column, key=spec.name)


RULE = Rule(
    slug="invalid-value",
    severity=Severity.ERROR,
    summary="A known key whose value is not a Yes/No boolean, an integer or a port",
    check=check,
)
