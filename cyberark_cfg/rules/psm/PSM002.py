r"""PSM002 unquoted-path: a path value with spaces that is not quoted, or a quote left open.

## Why it matters
basic_psm.ini quotes its values (`RecordingsDirectory="C:\Program Files (x86)\..."`). A path
with spaces and no quotes is cut at the first space by the PSM, and a value whose closing quote
is missing runs on to the end of the line: the folder the PSM uses is not the one you wrote,
and recordings or logs go somewhere else or nowhere.

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
None: add the quotes by hand (or with `cfgtool set`, which keeps the file's quoting).
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.nodes import Entry
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import ValueType


def _is_path(document: Document, entry: Entry) -> bool:
    spec = document.schema.spec(entry.key) if document.schema else None
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
    code="PSM002",
    slug="unquoted-path",
    kinds=("psm",),
    severity=Severity.ERROR,
    summary="Path value with spaces that is not quoted, or a quote left open",
    check=check,
    doc=__doc__ or "",
)
