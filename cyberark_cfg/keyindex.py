"""Where each key and section of a document is, so a lookup costs the size of its answer.

A :class:`~cyberark_cfg.document.Document` builds one index lazily, on its first keyed lookup,
in one pass over its entries; an insert updates it in place and any other structural edit drops
it. Without it every ``get`` walked the whole file, and a loop over a file's keys (a lint rule
reading another key per entry, a script setting 100,000 keys) was quadratic.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from typing import TYPE_CHECKING

from cyberark_cfg.nodes import Entry

if TYPE_CHECKING:
    from cyberark_cfg.document import Section


def _order(entry: Entry) -> int:
    return entry.lineno


class KeyIndex:
    """Entries by lower-cased key (in file order, per section and overall), section positions
    by lower-cased name, and the tallies that decide how a new entry is written."""

    __slots__ = ("by_key", "by_section_key", "by_name", "headerless", "last_entry", "styles",
                 "alpha_keys", "lower_keys", "upper_keys")

    def __init__(self, sections: list[Section]) -> None:
        self.by_key: dict[str, list[Entry]] = {}
        self.by_section_key: dict[tuple[int, str], list[Entry]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.headerless: list[int] = []
        self.last_entry: dict[int, Entry] = {}
        self.styles: Counter[tuple[str, str, str]] = Counter()
        self.alpha_keys = self.lower_keys = self.upper_keys = 0
        for position, section in enumerate(sections):
            header = section.header
            if header is None:
                self.headerless.append(position)
            else:
                self.by_name.setdefault(header.name.lower(), []).append(position)
            for line in section.lines:
                if isinstance(line, Entry):
                    self._add(position, line, append=True)

    def _add(self, position: int, entry: Entry, *, append: bool) -> None:
        wanted = entry.key.lower()
        same_key = self.by_key.setdefault(wanted, [])
        in_section = self.by_section_key.setdefault((position, wanted), [])
        if append:  # building in file order
            same_key.append(entry)
            in_section.append(entry)
        else:
            insort(same_key, entry, key=_order)
            insort(in_section, entry, key=_order)
        last = self.last_entry.get(position)
        if last is None or last.lineno < entry.lineno:
            self.last_entry[position] = entry
        self.styles[(entry.pre, entry.post, entry.indent)] += 1
        key = entry.key
        if any(c.isalpha() for c in key):
            self.alpha_keys += 1
            self.lower_keys += key == key.lower()
            self.upper_keys += key == key.upper()

    def added(self, position: int, entry: Entry) -> None:
        """Record an entry inserted into the section at ``position`` (line numbers current)."""
        self._add(position, entry, append=False)

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
