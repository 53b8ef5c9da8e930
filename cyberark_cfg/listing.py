"""What `cfgtool show` tells about one file: its kind, encoding, line endings and entries, with
secrets redacted and keys that may hold one hidden; as JSON data or as text lines whose
control characters are escaped (a name or value can hold ESC, CR or a line break): the whole
command is :func:`show_file`. And the one value `cfgtool get` prints, a secret only when asked
(:func:`read_value`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cyberark_cfg.api import DEFAULT_MAX_BYTES, load
from cyberark_cfg.display import escape, undecodable
from cyberark_cfg.document import Document
from cyberark_cfg.errors import UsageError
from cyberark_cfg.nodes import Entry
from cyberark_cfg.secrecy import reveal as reveal_text
from cyberark_cfg.usage import check_encoding, check_format, check_kind

NEWLINE_NAMES = {"\r\n": "CRLF", "\n": "LF"}


def entry_record(document: Document, section: str | None, entry: Entry) -> dict[str, Any]:
    """One entry as it may be shown: section, key, value (redacted when secret), line."""
    return {
        "section": section,
        "key": document.display_key(entry.key),
        "value": document.display_value(entry),
        "line": entry.lineno,
        "secret": entry.secret or document.is_secret(entry.key),
    }


def listing(document: Document, path: str) -> dict[str, Any]:
    """The file as JSON data: path, kind, encoding, BOM, line endings and every entry."""
    counts = document.newline_counts()
    return {
        "path": undecodable(path),
        "kind": document.kind,
        "encoding": document.encoding,
        "bom": document.bom,
        "newline": "+".join(sorted(NEWLINE_NAMES[n] for n in counts)) or "none",
        "entries": [entry_record(document, document.display_section(section.name)
                                 if section.name else None, entry)
                    for section in document.sections for entry in section.entries()],
    }


def listing_lines(document: Document, path: str) -> list[str]:
    """The same as text for a person: a heading, then the entries under their sections."""
    data = listing(document, path)
    lines = [escape(path), f"  kind:     {document.kind or 'unknown'}",
             f"  encoding: {document.encoding}{' with BOM' if document.bom else ''}",
             f"  newline:  {data['newline']}"]
    current: object = object()
    for record in data["entries"]:
        if record["section"] != current:
            current = record["section"]
            if current is not None:
                lines.append(f"[{escape(str(current))}]")
        lines.append(f"  {record['line']:>5}  {escape(record['key'])} = "
                     f"{escape(record['value'])}")
    return lines


# The code page the configuration names for a file (lint.resolve.file_encoding, a layer above).
FindEncoding = Callable[[str], "str | None"]


def _code_page(path: str, encoding: str | None, find_encoding: FindEncoding | None
               ) -> str | None:
    named = check_encoding(encoding)
    return named if named is not None or find_encoding is None else find_encoding(path)


def show_file(path: str, *, kind: str | None = None, output_format: str = "text",
              max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
              find_encoding: FindEncoding | None = None) -> str:
    """`cfgtool show` as a function: the file at ``path`` listed as text or JSON, after the
    checks of the options as typed (:class:`UsageError`). 8-bit text is read in the code page
    ``encoding``, else the one ``find_encoding`` gives for the file (the CLI passes the
    configuration's `encoding`), else cp1252."""
    check_format(output_format)
    document = load(path, check_kind(kind), max_bytes=max_bytes,
                    encoding=_code_page(path, encoding, find_encoding))
    if output_format == "json":
        import json

        return json.dumps(listing(document, path), indent=2)
    return "\n".join(listing_lines(document, path))


def read_value(path: str, key: str, section: str | None = None, *, kind: str | None = None,
               reveal: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
               encoding: str | None = None, find_encoding: FindEncoding | None = None
               ) -> str | None:
    """`cfgtool get` as a function: the effective value of ``key`` in clear, None when absent;
    a secret only with ``reveal`` (else a :class:`UsageError` naming the file and line). The
    code page as for :func:`show_file`."""
    document = load(path, check_kind(kind), max_bytes=max_bytes,
                    encoding=_code_page(path, encoding, find_encoding))
    entry = document.entry(key, section)
    if entry is None:
        return None
    if (entry.secret or document.is_secret(entry.key)) and not reveal:
        shown = document.display_key(entry.key)
        raise UsageError(f"{path}:{entry.lineno}: {shown} is a secret; pass --reveal to print it")
    return reveal_text(entry.value)
