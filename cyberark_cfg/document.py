"""The lossless document: an ordered list of sections, each an ordered list of line nodes.

The first section is the preamble (keys before any `[section]` header, the whole file for
Vault.ini and credential files). Rendering joins every node's text, so an unedited document
encodes back to its input bytes; edits touch only the nodes they name. Keys match
case-insensitively and keep their spelling; lookups go through a lazily built
:class:`~cyberark_cfg.keyindex.KeyIndex`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar, overload

from cyberark_cfg import decoding
from cyberark_cfg.errors import EditError, ParseError
from cyberark_cfg.keyindex import KeyIndex
from cyberark_cfg.nodes import Blank, Entry, Line, Section
from cyberark_cfg.secrecy import REDACTED, Policy
from cyberark_cfg.values import ValueType, parse_typed

if TYPE_CHECKING:
    from cyberark_cfg.kinds.schema import Kind

__all__ = ["REDACTED", "Document", "Section"]

T = TypeVar("T")


def _need_text(what: str, value: object, optional: bool = False) -> None:
    """The public methods' argument check: a wrong type is the caller's bug, said at once
    (``get(None)`` once returned the first entry's value; a string passed as a list of items
    was written one letter per item)."""
    if isinstance(value, str) or (optional and value is None):
        return
    wanted = "a string or None" if optional else "a string"
    raise TypeError(f"{what} must be {wanted}, not {type(value).__name__}")


class Document:
    """One parsed file. Built by :func:`cyberark_cfg.loads` / :func:`cyberark_cfg.load`.

    Edit through the methods below; code that changes ``sections`` or a section's ``lines``
    directly must call :meth:`renumber` afterwards, which also drops the key index.
    """

    def __init__(
        self,
        sections: list[Section],
        *,
        kind_schema: Kind | None,
        encoding: str,
        bom: bool,
        newline: str,
        path: str | None = None,
        errors: list[ParseError] | None = None,
        secrecy: Policy | None = None,
    ) -> None:
        self.sections = sections
        self.kind_schema = kind_schema
        self.encoding = encoding
        self.bom = bom
        self.newline = newline
        self.path = path
        self.errors: list[ParseError] = errors or []
        self._index: KeyIndex | None = None
        # What was read (set by load/loads): cyberark_cfg.save compares the file with it.
        self.source_bytes: bytes | None = None
        self.source_identity: tuple[int, int] | None = None
        # Which keys are secret here, and whether the file holds credential-file data (then
        # its unknown keys, comments and section names are hidden too).
        self.secrecy = secrecy if secrecy is not None else Policy(kind_schema)

    # ---- identity ---------------------------------------------------------------------------

    @property
    def kind(self) -> str | None:
        """The kind's name (``"padr"``, ``"vault"``...; None when unrecognised). What the kind
        declares about its keys (types, secrets, title) is :attr:`kind_schema`."""
        return self.kind_schema.name if self.kind_schema else None

    @property
    def ok(self) -> bool:
        """True when every line parsed (a document with errors is never written back)."""
        return not self.errors

    # ---- rendering --------------------------------------------------------------------------

    def lines(self) -> Iterator[Line]:
        for section in self.sections:
            if section.header is not None:
                yield section.header
            yield from section.lines

    def to_text(self) -> str:
        parts = []
        for section in self.sections:
            if section.header is not None:
                parts.append(section.header.text + section.header.newline)
            parts.extend([line.text + line.newline for line in section.lines])
        return "".join(parts)

    def to_bytes(self) -> bytes:
        return decoding.encode(self.to_text(), self.encoding, self.bom)

    def newline_counts(self) -> Counter[str]:
        return Counter(line.newline for line in self.lines() if line.newline)

    # ---- reading ----------------------------------------------------------------------------

    def key_index(self) -> KeyIndex:
        """The index of keys and sections, built on first use."""
        if self._index is None:
            self._index = KeyIndex(self.sections)
        return self._index

    def section(self, name: str) -> Section | None:
        """The first `[name]` section (case-insensitively), or None."""
        _need_text("name", name)
        for position in self.key_index().positions(name):
            if self.sections[position].header is not None:
                return self.sections[position]
        return None

    def section_names(self) -> list[str]:
        return [s.header.name for s in self.sections if s.header is not None]

    def entries(self, key: str | None = None, section: str | None = None) -> list[Entry]:
        """Every entry (or every entry of ``key``), in file order."""
        if key is None and section is None:  # every rule reading every entry: one shared list
            return list((self._index or self.key_index()).in_order)
        _need_text("key", key, optional=True)
        _need_text("section", section, optional=True)
        if key is not None:
            return self.key_index().entries(key, section)
        return [entry for sec in self.sections if sec.matches(section) for entry in sec.entries()]

    def entry(self, key: str, section: str | None = None) -> Entry | None:
        """The first entry of ``key``; duplicates are for lint (CFG003) to report."""
        if not isinstance(key, str):  # the check inline: this runs for every rule's lookup
            _need_text("key", key)
        if section is None:  # the rules' one lookup: straight from the index, no copy
            first = (self._index or self.key_index()).by_key.get(key.strip().lower())
            return first[0] if first else None
        found = self.entries(key, section)
        return found[0] if found else None

    def section_of(self, node: Line) -> Section:
        for section in self.sections:
            if section.header is node or any(line is node for line in section.lines):
                return section
        raise EditError("the line is not part of this document", path=self.path)

    def get(self, key: str, section: str | None = None, default: str | None = None
            ) -> str | None:
        """The effective value of ``key`` (unquoted, description dropped), or ``default``."""
        entry = self.entry(key, section)
        return entry.value if entry is not None else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.entry(key) is not None

    @overload
    def typed(self, key: str, section: str | None = None) -> object: ...

    @overload
    def typed(self, key: str, section: str | None = None, *, expect: type[T]) -> T | None: ...

    def typed(self, key: str, section: str | None = None, *,
              expect: type[object] | None = None) -> object:
        """The value converted per the kind's schema (``Yes`` -> True, a port, a list, ...):
        the one way to read a typed value; the kinds' accessors read through it. None when
        absent, not convertible, or (with ``expect``) not of that type."""
        value = self.get(key, section)
        if value is None:
            return None
        spec = self.kind_schema.spec(key) if self.kind_schema else None
        try:
            found = parse_typed(value, spec.type if spec else ValueType.STRING)
        except ValueError:
            return None
        return found if expect is None or isinstance(found, expect) else None

    def is_secret(self, key: str) -> bool:
        """Whether values of ``key`` are secret in this document (see :mod:`~.secrecy`)."""
        return self.secrecy.is_secret(key)

    def display_value(self, entry: Entry) -> str:
        """The value as it may be shown to a person: secrets become ``<redacted>``."""
        return REDACTED if entry.secret or self.is_secret(entry.key) else entry.value

    def display_key(self, key: str) -> str:
        """A key as it may be shown (a placeholder when it may hold part of a secret)."""
        return self.secrecy.key(key)

    def display_section(self, name: str) -> str:
        """A section name as it may be shown (never in a credential file)."""
        return self.secrecy.section(name)

    # ---- editing ----------------------------------------------------------------------------

    def set(self, key: str, value: str, section: str | None = None, *,
            quote: bool | None = None) -> list[Entry]:
        """Set ``key`` (every copy of it) to ``value``; insert it when absent.

        Keeps key spelling, spacing around `=`, quoting and the line terminator.
        """
        _need_text("key", key)
        self._check_value(value)
        found = self.entries(key, section)
        if not found:
            return [self.insert(key, value, section=section, quote=quote)]
        for entry in found:
            entry.set_value(value, quote=quote)
        return found

    def set_entry(self, entry: Entry, value: str, *, quote: bool | None = None) -> None:
        """Set one particular line of a key (one copy of a repeatable key) to ``value``."""
        self._check_value(value)
        entry.set_value(value, quote=quote)

    def insert(self, key: str, value: str, section: str | None = None, *,
               after: str | None = None, quote: bool | None = None) -> Entry:
        """Add `key=value` after ``after`` (or at the section's end), in the file's own style."""
        _need_text("key", key)
        _need_text("section", section, optional=True)
        _need_text("after", after, optional=True)
        self._check_key(key)
        self._check_value(value)
        position = self._target_position(section)
        target = self.sections[position]
        if quote is None:
            spec = self.kind_schema.spec(key) if self.kind_schema else None
            quote = bool(spec and (spec.quoted or spec.type is ValueType.QUOTED))
        pre, post, indent = self._separator_style()
        key = self._key_style(key)
        rendered = '"' + value + '"' if quote else value
        entry = Entry(indent + key + pre + "=" + post + rendered, self.newline,
                      descriptions=self.kind_schema.descriptions if self.kind_schema else False)
        entry.secret = self.secrecy.entry_is_secret(entry.key, entry.raw)
        index = self._insert_index(position, after)
        # The line before the new one must end with a terminator, or they would merge.
        previous = self._line_before(position, index)
        if previous is not None and not previous.newline:
            previous.newline = self.newline
            entry.newline = ""
        target.lines.insert(index, entry)
        self._renumber_after(position, index, previous.lineno + 1 if previous is not None else 1)
        self.key_index().added(position, entry)
        return entry

    def remove(self, key: str, section: str | None = None) -> int:
        """Delete every line of ``key``; returns how many lines went."""
        _need_text("key", key)
        _need_text("section", section, optional=True)
        wanted = key.strip().lower()
        removed = 0
        for sec in self.sections:
            if not sec.matches(section):
                continue
            kept = []
            for line in sec.lines:
                if isinstance(line, Entry) and line.key.lower() == wanted:
                    removed += 1
                else:
                    kept.append(line)
            sec.lines[:] = kept
        if removed:
            self.renumber()
        return removed

    def remove_line(self, node: Line) -> None:
        """Delete one particular line (for example one copy of a duplicate key)."""
        self.section_of(node).lines.remove(node)
        self.renumber()

    def replace_list(self, key: str, items: list[str], section: str | None = None) -> list[Entry]:
        """Rewrite a comma-separated list value, keeping the file's separator (`,` or `, `)."""
        if isinstance(items, (str, bytes)) or not isinstance(items, (list, tuple)):
            raise TypeError(f"items must be a list of strings, not {type(items).__name__}")
        for item in items:
            _need_text("each item", item)
        found = self.entries(key, section)
        separator = ","
        if found and ", " in found[0].value:
            separator = ", "
        return self.set(key, separator.join(items), section)

    def set_encoding(self, encoding: str, bom: bool) -> None:
        text = self.to_text()
        if not decoding.can_encode(text, encoding):
            raise EditError(f"the text cannot be written as {encoding} without loss",
                            path=self.path)
        self.encoding, self.bom = encoding, bom

    def set_newlines(self, newline: str) -> None:
        """Give every terminated line the same terminator."""
        for line in self.lines():
            if line.newline:
                line.newline = newline
        self.newline = newline

    def renumber(self) -> None:
        """Number every line from 1 again, and forget the key index (the structure changed)."""
        self._index = None
        for number, line in enumerate(self.lines(), start=1):
            line.lineno = number

    def _renumber_after(self, position: int, index: int, number: int) -> None:
        """Number the lines from line ``index`` of section ``position`` on, from ``number``:
        an insert near the end of a file renumbers only what follows it."""
        for line in self.sections[position].lines[index:]:
            line.lineno = number
            number += 1
        for section in self.sections[position + 1:]:
            if section.header is not None:
                section.header.lineno = number
                number += 1
            for line in section.lines:
                line.lineno = number
                number += 1

    # ---- helpers ----------------------------------------------------------------------------

    def _check_key(self, key: str) -> None:
        if (not key or key != key.strip() or any(c in key for c in "=\r\n\x00")
                or key[0] in "#;["):
            raise EditError("a key must be non-empty, without `=`, line breaks or a leading "
                            "`#`, `;` or `[`", path=self.path)
        if not decoding.can_encode(key, self.encoding) and not (
                self.encoding == decoding.ASCII and decoding.can_encode(key, decoding.CP1252)):
            # A key the file's encoding cannot hold (a Cyrillic letter in a cp1252 file) would
            # fail only when the file is written, as an UnicodeEncodeError.
            raise EditError(f"the key cannot be written in this file's encoding "
                            f"({self.encoding})", path=self.path)

    def _check_value(self, value: str) -> None:
        _need_text("value", value)
        if any(c in value for c in "\r\n\x00"):
            raise EditError("a value cannot contain a line break or a NUL character",
                            path=self.path)
        if not decoding.can_encode(value, self.encoding):
            if self.encoding == decoding.ASCII and decoding.can_encode(value, decoding.CP1252):
                # An ASCII file is an ANSI file that happened to use no accents.
                self.encoding = decoding.CP1252
                return
            raise EditError(f"the value cannot be written in this file's encoding "
                            f"({self.encoding})", path=self.path)

    def _target_position(self, section: str | None) -> int:
        """The position in ``sections`` of the section an insert goes to."""
        keys = self.key_index()
        if section is not None:
            if section == "":
                return 0
            for position in keys.positions(section):
                if self.sections[position].header is not None:
                    return position
            raise EditError(f"no section [{section}] in this file", path=self.path)
        with_entries = keys.last_entry
        if len(with_entries) == 1:
            return next(iter(with_entries))
        if not with_entries and len(self.sections) == 2:
            return 1
        if len(self.sections) == 1:
            return 0
        raise EditError("this file has several sections: name the one to edit",
                        path=self.path)

    def _insert_index(self, position: int, after: str | None) -> int:
        target = self.sections[position]
        lines = target.lines
        keys = self.key_index()
        if after is not None:
            found = keys.by_section_key.get((position, after.strip().lower()))
            if found:
                return self._line_index(target, found[-1]) + 1
        last_entry = keys.last_entry.get(position)
        if last_entry is not None:
            return self._line_index(target, last_entry) + 1
        # No entries yet: at the end, but before the blank lines that close the section.
        index = len(lines)
        while index > 0 and isinstance(lines[index - 1], Blank):
            index -= 1
        return index

    @staticmethod
    def _line_index(target: Section, entry: Entry) -> int:
        """Where ``entry`` sits in ``target.lines``, from line numbers (which are current)."""
        first = target.header.lineno + 1 if target.header is not None else (
            target.lines[0].lineno if target.lines else 1)
        guess = entry.lineno - first
        if 0 <= guess < len(target.lines) and target.lines[guess] is entry:
            return guess
        return next(i for i, line in enumerate(target.lines) if line is entry)

    def _line_before(self, position: int, index: int) -> Line | None:
        target = self.sections[position]
        if index > 0:
            return target.lines[index - 1]
        if target.header is not None:
            return target.header
        for earlier in reversed(self.sections[:position]):
            if earlier.lines:
                return earlier.lines[-1]
            if earlier.header is not None:
                return earlier.header
        return None

    def _separator_style(self) -> tuple[str, str, str]:
        """The most common spacing around `=` and indentation among existing entries."""
        styles = self.key_index().styles
        if not styles:
            return "", "", ""
        return styles.most_common(1)[0][0]

    def _key_style(self, key: str) -> str:
        """Write a new key the way this file writes keys: all lower, all upper, or as given."""
        index = self.key_index()
        if index.alpha_keys and index.lower_keys == index.alpha_keys:
            return key.lower()
        if index.alpha_keys > 1 and index.upper_keys == index.alpha_keys:
            return key.upper()
        return key
