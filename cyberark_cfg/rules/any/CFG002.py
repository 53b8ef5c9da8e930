r"""CFG002 encoding-hazard: the file is UTF-16, starts with a byte order mark, or holds NUL bytes.

## Why it matters
CyberArk components read these files as ANSI (the Windows code page). Windows PowerShell 5.1's
`Out-File` and `>` write UTF-16 LE with a BOM, and PowerShell 7 or Notepad may add a UTF-8 BOM:
the file still looks right in an editor, but the component sees a NUL after every character,
or a first key spelled `\ufeffVAULT`, and fails to start or ignores the setting. NUL bytes in
any other file mean it was truncated or corrupted.

## Example
A `Vault.ini` saved by `Get-Content Vault.ini | Out-File Vault.ini` in Windows PowerShell; its
first bytes are a UTF-16 LE byte order mark and `VAULT` with a NUL after each letter:
```text
FF FE 56 00 41 00 55 00 4C 00 54 00 20 00 3D 00
```

## Use instead
The same text as ANSI without a BOM, as PowerShell's `Set-Content -Encoding Ascii` (or
`Out-File -Encoding ascii`) writes it:
```text
56 41 55 4C 54 20 3D
```

## Fix
Re-encodes the file as ASCII (or ANSI, cp1252, when it has accented characters) without a BOM,
keeping every line ending. Safe: the fix is offered only when the text survives the re-encoding
unchanged. NUL bytes get no fix: restore the file from a backup.

## References
- Real samples are ASCII without a BOM (`../corpus/`), cyberark-formats.md section 1.
- UTF-16 from Windows PowerShell 5.1 `Out-File`, a UTF-8 BOM from PowerShell 7: Microsoft's
  PowerShell documentation. That a component then misreads the file: inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg import decoding
from cyberark_cfg.document import Document
from cyberark_cfg.edits import SetEncoding
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.base import FixSafety, Rule

_NAMES = {decoding.UTF16LE: "UTF-16 LE", decoding.UTF16BE: "UTF-16 BE", decoding.UTF8: "UTF-8"}


def check(document: Document) -> Iterator[Diagnostic]:
    utf16 = document.encoding in (decoding.UTF16LE, decoding.UTF16BE)
    if not (utf16 or document.bom):
        return
    name = _NAMES.get(document.encoding, document.encoding)
    bom = " with a byte order mark" if document.bom else ""
    message = f"file is {name}{bom}; CyberArk components read these files as ANSI"
    text = document.to_text()
    target = decoding.ASCII if text.isascii() else decoding.CP1252
    fix = None
    if decoding.can_encode(text, target):
        fix = RULE.fix(SetEncoding(target, bom=False))
    yield RULE.diagnostic(document, message, fix=fix)


RULE = Rule(
    slug="encoding-hazard",
    severity=Severity.ERROR,
    summary="UTF-16, a byte order mark or NUL bytes in a file read as ANSI",
    check=check,
    fix_title="Re-encode as ANSI without a byte order mark, keeping line endings",
    fix_safety=FixSafety.SAFE,
)
