"""CFG001 invalid-line: a line that is none of section header, comment, blank or `key=value`.

## Why it matters
The products skip or misread a line they cannot parse, so a setting you think is there is not.
Typical causes are a value pasted onto its own line, a `[MAIN` header without its `]`, or a
line that lost its `=` in an edit. The rest of the file is still linted as far as it parses.

## Example
```ini
[MAIN
FailoverMode No
```

## Use instead
```ini
[MAIN]
FailoverMode=No
```

## Fix
None: what the line was meant to say needs a person.

## References
- The line syntax (one `Key=Value` a line, `[section]` headers, `#` comments): real
  sample files (`../corpus/`) and the securosys HSM guide (S15), cyberark-formats.md section 1.
- What a product does with a line it cannot parse: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import Rule


def check(document: Document) -> Iterator[Diagnostic]:
    # The parser keeps unparsable lines verbatim and records them; encoding errors (CFG002)
    # stop a file before it becomes a document, so only CFG001 errors arrive here.
    for error in document.errors:
        if error.code == RULE.code:
            yield RULE.diagnostic(document, error.message, line=error.line, column=error.column)


RULE = Rule(
    slug="invalid-line",
    severity=Severity.ERROR,
    summary="A line that is no section header, comment, blank line or key=value",
    check=check,
)
