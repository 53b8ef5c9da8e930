"""Shared reading for rules that need a key to be present and non-empty (VAULT001, PSM001,
CRED001, TSPARM001): each rule phrases its own message, this finds what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cyberark_cfg.document import Document
from cyberark_cfg.nodes import Entry


def missing_or_empty(document: Document, keys: Iterable[str]
                     ) -> Iterator[tuple[str, Entry | None]]:
    """Each of ``keys`` that is absent (entry None) or whose effective value is blank."""
    for key in keys:
        entry = document.entry(key)
        if entry is None or not entry.value.strip():
            yield key, entry


def file_label(document: Document) -> str:
    """How messages name the file's kind: `padr.ini`, `Vault.ini`, `credential file`, ..."""
    return document.kind_schema.title.split(" (")[0] if document.kind_schema else "file"
