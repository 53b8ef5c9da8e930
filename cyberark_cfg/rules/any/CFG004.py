r"""CFG004 mixed-line-endings: some lines end with CRLF and others with LF.

## Why it matters
A file edited on Windows and then on Linux (or by a script that writes `\n` into a CRLF file)
ends up with both. Most readers cope, but it is a sign of an editing path that may also have
changed the encoding, and diffs of such a file show every touched line as changed.

## Example
```text
EnableReplicate=Yes<CR><LF>
FailoverMode=No<LF>
```

## Use instead
One line ending throughout, normally CRLF on Windows servers.

## Fix
Gives every line the file's dominant line ending (the more common one; CRLF on a tie). Safe:
only line terminators change.

## References
- Real samples end lines with CRLF on Windows and LF from Linux (`../corpus/`).
- That a mix signals an editing path worth checking: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetNewlines
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.nodes import Line
from cyberark_cfg.rules.base import FixSafety, Rule

_NAMES = {"\r\n": "CRLF", "\n": "LF"}


def check(document: Document) -> Iterator[Diagnostic]:
    # The dominant ending is one of those present, so a mix shows as a line that differs.
    dominant = document.newline
    first_odd = _first_odd(document, dominant)
    if first_odd is None:
        return
    counts = document.newline_counts()
    odd = _NAMES[first_odd.newline]
    crlf, lf = counts["\r\n"], counts["\n"]
    message = f"mixed line endings: {crlf} CRLF and {lf} LF; the first line ending with {odd}"
    yield RULE.diagnostic(document, message, line=first_odd.lineno,
                          column=len(first_odd.text) + 1,
                          fix=RULE.fix(SetNewlines(dominant)))


def _first_odd(document: Document, dominant: str) -> Line | None:
    """The first line (in ``document.lines()`` order) ending otherwise than ``dominant``: a
    plain loop over the sections, as every file is read for it."""
    for section in document.sections:
        header = section.header
        if header is not None and header.newline and header.newline != dominant:
            return header
        for line in section.lines:
            if line.newline != dominant and line.newline:
                return line
    return None


RULE = Rule(
    slug="mixed-line-endings",
    severity=Severity.WARNING,
    summary="Lines end with a mix of CRLF and LF",
    check=check,
    fix_title="Use the file's dominant line ending on every line",
    fix_safety=FixSafety.SAFE,
)
