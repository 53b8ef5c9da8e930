"""`cfgtool set` as a function: change one key of one file in place, through the same checks as
a fix (re-parse, the value read back, every other line's bytes kept) and an atomic write."""

from __future__ import annotations

import os

from cyberark_cfg.api import DEFAULT_MAX_BYTES, load, loads, read_bytes
from cyberark_cfg.edits import SetValue
from cyberark_cfg.errors import CfgError, EditError
from cyberark_cfg.fixing.verify import verify_lines
from cyberark_cfg.secrecy import reveal
from cyberark_cfg.writing import write_atomic


def set_key(path: str | os.PathLike[str], key: str, value: str, section: str | None = None, *,
            kind: str | None = None, backup: bool = False,
            max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    """Set ``key`` (every copy; inserted when absent) to ``value`` and write the file; False
    when it already held that value (nothing written). ``CfgError`` when the edit cannot be made
    or verified (nothing written) or the file cannot be read, parsed or written."""
    name = os.fspath(path)
    original = read_bytes(name, max_bytes)
    document = load(name, kind, strict=True, max_bytes=max_bytes)
    try:
        document.set(key, value, section)
    except EditError as exc:
        raise EditError(exc.message, path=name) from None
    data = document.to_bytes()
    if data == original:
        return False
    check = loads(data, document.schema, path=name)
    if reveal(check.get(key, section) or "") != value:
        raise CfgError("verification failed after the edit; nothing written", path=name)
    # The same independent check as `cfgtool fix`: every other line keeps its bytes.
    verify_lines(original, data, [SetValue(key, value, section)], name)
    write_atomic(name, data, expected=original, backup=backup)
    return True
