"""Fixes as data: the small closed set of edits a rule or a procedure can ask for.

A rule never touches a document; it returns edits. The fix engine applies them to a copy,
re-parses the result and verifies it before anything is written. ``describe`` renders an edit
for people (diffs, change records) with secret values redacted. Edits are named tuples (as
immutable and compared by value as frozen dataclasses, a sixth of their cost to define when
a command starts); a repr never shows a value.
"""

import sys
from typing import NamedTuple, NoReturn

from cyberark_cfg.document import Document
from cyberark_cfg.errors import EditError
from cyberark_cfg.secrecy import REDACTED, looks_secret, printable_key


class SetValue(NamedTuple):
    """Set every copy of ``key`` to ``value`` (only the one on ``line``, when given); insert
    it (at the section's end, or after ``insert_after``) when absent."""

    key: str
    value: str  # may be a secret: not in the repr
    section: str | None = None
    insert_after: str | None = None
    line: int | None = None

    def __repr__(self) -> str:
        return (f"SetValue(key={self.key!r}, section={self.section!r}, "
                f"insert_after={self.insert_after!r}, line={self.line!r})")


class InsertEntry(NamedTuple):
    """Add ``key=value`` after ``after`` (or at the section's end) in the file's own style."""

    key: str
    value: str  # may be a secret: not in the repr
    section: str | None = None
    after: str | None = None

    def __repr__(self) -> str:
        return (f"InsertEntry(key={self.key!r}, section={self.section!r}, "
                f"after={self.after!r})")


class RemoveEntry(NamedTuple):
    """Delete the lines of ``key``: every copy, or only the one on ``line``."""

    key: str
    section: str | None = None
    line: int | None = None


class ReplaceList(NamedTuple):
    """Rewrite a comma-separated list value (ADDRESS), keeping the file's separator."""

    key: str
    items: tuple[str, ...]  # not in the repr
    section: str | None = None

    def __repr__(self) -> str:
        return f"ReplaceList(key={self.key!r}, section={self.section!r})"


class SetEncoding(NamedTuple):
    """Re-encode the whole file (for example UTF-16 back to ANSI), line endings kept."""

    encoding: str
    bom: bool = False


class SetNewlines(NamedTuple):
    """Give every line the same terminator (``"\\r\\n"`` or ``"\\n"``)."""

    newline: str


# Edits of one key, and edits of the whole file: together the closed union of edits. Code that
# handles edits matches on them and ends in `assert_never`, so a new kind cannot be forgotten.
KeyEdit = SetValue | InsertEntry | RemoveEntry | ReplaceList
FileEdit = SetEncoding | SetNewlines
Edit = KeyEdit | FileEdit

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10
    def assert_never(value: NoReturn) -> NoReturn:
        """The type checker proves this unreachable; at run time it names what got here."""
        raise AssertionError(f"unhandled {type(value).__name__}")


def apply_edit(document: Document, edit: Edit) -> None:
    """Apply one edit in place. Raises :class:`EditError` when it cannot be made."""
    match edit:
        case SetValue(line=int()):
            for entry in document.entries(edit.key, edit.section):
                if entry.lineno == edit.line:
                    document.set_entry(entry, edit.value)
                    return
            raise EditError(f"no {edit.key} entry on line {edit.line}", path=document.path)
        case SetValue():
            if document.entries(edit.key, edit.section):
                document.set(edit.key, edit.value, edit.section)
            else:
                document.insert(edit.key, edit.value, edit.section, after=edit.insert_after)
        case InsertEntry():
            document.insert(edit.key, edit.value, edit.section, after=edit.after)
        case RemoveEntry(line=None):
            document.remove(edit.key, edit.section)
        case RemoveEntry():
            for entry in document.entries(edit.key, edit.section):
                if entry.lineno == edit.line:
                    document.remove_line(entry)
                    return
            raise EditError(f"no {edit.key} entry on line {edit.line}", path=document.path)
        case ReplaceList():
            document.replace_list(edit.key, list(edit.items), edit.section)
        case SetEncoding():
            document.set_encoding(edit.encoding, edit.bom)
        case SetNewlines():
            document.set_newlines(edit.newline)
        case _:
            assert_never(edit)


def apply_edits(document: Document, edits: list[Edit] | tuple[Edit, ...]) -> None:
    """Apply edits in order. Line-addressed removals go last-line-first so numbers hold."""
    by_line = sorted((e for e in edits if isinstance(e, RemoveEntry) and e.line is not None),
                     key=lambda e: -(e.line or 0))
    for removal in by_line:
        apply_edit(document, removal)
    for edit in edits:
        if not (isinstance(edit, RemoveEntry) and edit.line is not None):
            apply_edit(document, edit)


def describe(edit: Edit, document: Document | None = None) -> str:
    """A one-line, human-readable account of an edit; secret values are redacted, and so is a
    key that may itself hold part of a secret (see :mod:`cyberark_cfg.secrecy`)."""
    def shown(key: str, value: str) -> str:
        secret = document.is_secret(key) if document is not None else looks_secret(key)
        return REDACTED if secret else value

    def name(key: str) -> str:
        return document.display_key(key) if document is not None else printable_key(key)

    where = ""
    section = getattr(edit, "section", None)
    if section:
        label = (document.display_section(section) if document is not None
                 else printable_key(section))
        where = f" in [{label}]"
    match edit:
        case SetValue():
            line = f" (line {edit.line})" if edit.line else ""
            return f"set {name(edit.key)}={shown(edit.key, edit.value)}{where}{line}"
        case InsertEntry():
            after = f" after {name(edit.after)}" if edit.after else ""
            return f"insert {name(edit.key)}={shown(edit.key, edit.value)}{where}{after}"
        case RemoveEntry():
            line = f" (line {edit.line})" if edit.line else ""
            return f"remove {name(edit.key)}{where}{line}"
        case ReplaceList():
            return f"set {name(edit.key)}={shown(edit.key, ','.join(edit.items))}{where}"
        case SetEncoding():
            return f"re-encode as {edit.encoding}{' with BOM' if edit.bom else ''}"
        case SetNewlines():
            return f"use {'CRLF' if edit.newline == chr(13) + chr(10) else 'LF'} line endings"
        case _:
            assert_never(edit)
