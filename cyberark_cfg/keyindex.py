"""Where each key and section of a document is, so a lookup costs the size of its answer.

A :class:`~cyberark_cfg.document.Document` builds one index lazily, on its first keyed lookup,
in one pass over its entries; an insert updates it in place and any other structural edit drops
it. Without it every ``get`` walked the whole file, and a loop over a file's keys (a lint rule
reading another key per entry, a script setting 100,000 keys) was quadratic.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter

from cyberark_cfg.nodes import Entry, Section


def _order(entry: Entry) -> int:
    return entry.lineno


class KeyIndex:
    """Entries by lower-cased key (in file order, per section and overall), section positions
    by lower-cased name, and the tallies that decide how a new entry is written (counted on
    first use: only an insert needs them, and linting a file never inserts)."""

    __slots__ = ("by_key", "by_name", "headerless", "repeated", "_sections", "_by_section_key",
                 "_in_order", "_last_entry", "_styles", "_alpha_keys", "_lower_keys", "_upper_keys")

    def __init__(self, sections: list[Section]) -> None:
        self.by_key: dict[str, list[Entry]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.headerless: list[int] = []
        # Whether any lower-cased key is on two entries (anywhere): without one, no section
        # can hold a duplicate key, and CFG003 has nothing to look for.
        self.repeated = False
        # Keyed by section, and each section's last entry: only a lookup within a section and
        # an insert need them (lint mostly asks by key alone), so they are built on first use.
        self._sections = sections
        self._by_section_key: dict[tuple[int, str], list[Entry]] | None = None
        self._in_order: list[Entry] | None = None
        self._last_entry: dict[int, Entry] | None = None
        self._styles: Counter[tuple[str, str, str]] | None = None
        self._alpha_keys = self._lower_keys = self._upper_keys = 0
        by_key = self.by_key
        for position, section in enumerate(sections):
            header = section.header
            if header is None:
                self.headerless.append(position)
            else:
                self.by_name.setdefault(header.name.lower(), []).append(position)
            for line in section.lines:
                if isinstance(line, Entry):  # building in file order: append
                    wanted = line.key.lower()
                    found = by_key.get(wanted)
                    if found is None:
                        by_key[wanted] = [line]
                    else:
                        found.append(line)
                        self.repeated = True

    @property
    def by_section_key(self) -> dict[tuple[int, str], list[Entry]]:
        """Entries by (section position, lower-cased key), in file order."""
        if self._by_section_key is None:
            table: dict[tuple[int, str], list[Entry]] = {}
            for position, section in enumerate(self._sections):
                for line in section.lines:
                    if isinstance(line, Entry):
                        table.setdefault((position, line.key.lower()), []).append(line)
            self._by_section_key = table
        return self._by_section_key

    @property
    def in_order(self) -> list[Entry]:
        """Every entry in file order: one list that the rules reading every entry share (not
        to be changed; an insert drops it, to be built again when next asked for)."""
        if self._in_order is None:
            self._in_order = [line for section in self._sections for line in section.lines
                              if isinstance(line, Entry)]
        return self._in_order

    @property
    def last_entry(self) -> dict[int, Entry]:
        """The last entry of each section that has one, by section position."""
        if self._last_entry is None:
            last: dict[int, Entry] = {}
            for position, section in enumerate(self._sections):
                for line in reversed(section.lines):
                    if isinstance(line, Entry):
                        last[position] = line
                        break
            self._last_entry = last
        return self._last_entry

    def added(self, position: int, entry: Entry) -> None:
        """Record an entry inserted into the section at ``position`` (line numbers current)."""
        wanted = entry.key.lower()
        same = self.by_key.setdefault(wanted, [])
        self.repeated = self.repeated or bool(same)
        insort(same, entry, key=_order)
        # The lazy tables, once built, are kept up to date (the list of every entry is dropped:
        # a script inserting keys one by one would shift it each time); not built, they will
        # be built from the sections, which already hold the entry.
        self._in_order = None
        if self._by_section_key is not None:
            insort(self._by_section_key.setdefault((position, wanted), []), entry, key=_order)
        if self._last_entry is not None:
            last = self._last_entry.get(position)
            if last is None or last.lineno < entry.lineno:
                self._last_entry[position] = entry
        if self._styles is not None:
            self._tally(entry)

    # ---- how this file writes its entries ----------------------------------------------------

    @property
    def styles(self) -> Counter[tuple[str, str, str]]:
        """How often each (spacing before `=`, after `=`, indentation) occurs."""
        return self._counted()

    @property
    def alpha_keys(self) -> int:
        """Keys with at least one letter (of those, :attr:`lower_keys` are all lower case)."""
        self._counted()
        return self._alpha_keys

    @property
    def lower_keys(self) -> int:
        self._counted()
        return self._lower_keys

    @property
    def upper_keys(self) -> int:
        self._counted()
        return self._upper_keys

    def _counted(self) -> Counter[tuple[str, str, str]]:
        if self._styles is None:
            self._styles = Counter()
            for entries in self.by_key.values():
                for entry in entries:
                    self._tally(entry)
        return self._styles

    def _tally(self, entry: Entry) -> None:
        assert self._styles is not None
        self._styles[(entry.pre, entry.post, entry.indent)] += 1
        key = entry.key
        if any(c.isalpha() for c in key):
            self._alpha_keys += 1
            self._lower_keys += key == key.lower()
            self._upper_keys += key == key.upper()

    # ---- lookups ----------------------------------------------------------------------------

    def positions(self, name: str) -> list[int]:
        """The positions of the sections ``name`` selects, as ``Section.matches`` would."""
        wanted = name.strip().lower()
        named = self.by_name.get(wanted, [])
        # "" names the preamble (and, as `matches` has it, any header written `[]`).
        return sorted(self.headerless + named) if name == "" else named

    def entries(self, key: str, section: str | None) -> list[Entry]:
        wanted = key.strip().lower()
        if section is None:
            return list(self.by_key.get(wanted, ()))
        found: list[Entry] = []
        for position in self.positions(section):
            found.extend(self.by_section_key.get((position, wanted), ()))
        return found
