r"""PSM002 unquoted-path: a path value with spaces that is not quoted, or a quote left open.

## Why it matters
basic_psm.ini quotes its values (`RecordingsDirectory="C:\Program Files (x86)\..."`), and
CyberArk's own scripts read and write them quoted. No source says what the PSM does with an
unquoted path that holds spaces, or with a value whose closing quote is missing; either way the
file no longer has the shape CyberArk's tools read, and the folder the PSM uses may not be the
one you wrote.

## Example
```ini
RecordingsDirectory=C:\Program Files (x86)\CyberArk\PSM\Recordings
LogsFolder="Logs
```

## Use instead
```ini
RecordingsDirectory="C:\Program Files (x86)\CyberArk\PSM\Recordings"
LogsFolder="Logs"
```

## Fix
None: add the quotes by hand (or with `cfgtool set`, which keeps the file's quoting). A warning,
not an error: the effect on the PSM is inferred.

## References
- Quoted values: CyberArk's epv-api-scripts, `Set-DomainUser.ps1` (S12), reads
  `PSMServerId="(.*)"`; PSM notes (S13, weak source).
- What the PSM does with an unquoted path: no public source (inferred).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.nodes import Entry
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import ValueType


def _is_path(document: Document, entry: Entry) -> bool:
    spec = document.kind_schema.spec(entry.key) if document.kind_schema else None
    if spec is not None:
        return spec.type is ValueType.PATH
    # Keys cfgtool does not know: judge by the value, a drive letter or a backslash.
    value = entry.value
    return "\\" in value or (len(value) > 2 and value[1] == ":")


def check(document: Document) -> Iterator[Diagnostic]:
    for entry in document.entries():
        key = entry.key.strip()
        if entry.unterminated_quote:
            yield RULE.diagnostic(document, f"{key} has an opening quote and no closing quote",
                                  line=entry.lineno, column=entry.value_column, key=key)
        elif not entry.quoted and " " in entry.value.strip() and _is_path(document, entry):
            yield RULE.diagnostic(document, f"{key} is a path with spaces and no quotes",
                                  line=entry.lineno, column=entry.value_column, key=key)


RULE = Rule(
    slug="unquoted-path",
    severity=Severity.WARNING,
    summary="Path value with spaces that is not quoted, or a quote left open",
    check=check,
)
