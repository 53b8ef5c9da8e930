"""Where things are in a TOML file: the line of each table header, key and string value.

tomllib returns plain dicts without positions, but a topology error or a DR008 finding must
name its line. This scanner reads the text once and records the line of every table and key
path; lookups fall back to the nearest enclosing table, so inline tables still get a line.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
                  r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return [part.strip("\"'") for part in parts]


def _bracket_depth(line: str) -> int:
    """The change in `[`/`]` nesting on a line, ignoring strings and comments."""
    depth, quote = 0, ""
    for char in line:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
    return depth


class TomlLines:
    """Line numbers (1-based) by key path, e.g. ``("components", 0, "files")``."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._where: dict[Path, int] = {}
        self._ends: dict[Path, int] = {}
        self._scan()

    def _scan(self) -> None:
        table: Path = ()
        counts: dict[Path, int] = {}
        depth = 0
        for number, line in enumerate(self.lines, start=1):
            if depth <= 0:
                depth = 0
                header = _HEADER.match(line)
                if header is not None and not _KEY.match(line):
                    names: Path = tuple(_split_dotted(header.group(2)))
                    if header.group(1) == "[[":
                        index = counts.get(names, 0)
                        counts[names] = index + 1
                        names = (*names, index)
                    self._close(table, number - 1)
                    table = names
                    self._where.setdefault(table, number)
                    continue
                key = _KEY.match(line)
                if key is not None:
                    path = (*table, *_split_dotted(key.group(1)))
                    self._where.setdefault(path, number)
                    depth = _bracket_depth(line[key.end():])
                    continue
            else:
                depth += _bracket_depth(line)
        self._close(table, len(self.lines))

    def _close(self, table: Path, last: int) -> None:
        if table:
            self._ends[table] = last

    def line_of(self, *path: str | int) -> int:
        """The line of ``path``, or of its nearest enclosing table or key; 1 when unknown."""
        probe: Path = tuple(path)
        while probe:
            if probe in self._where:
                return self._where[probe]
            # `[vaults.primary]` defines `vaults` without a header of its own.
            inside = [line for p, line in self._where.items() if p[:len(probe)] == probe]
            if inside:
                return min(inside)
            probe = probe[:-1]
        return 1

    def line_of_string(self, value: str, *path: str | int) -> int:
        """The line where the string ``value`` is written under ``path`` (multi-line arrays)."""
        start = self.line_of(*path)
        table = tuple(p for p in path[:2])
        end = self._ends.get(table, len(self.lines))
        for number in range(start, max(start, end) + 1):
            text = self.lines[number - 1] if number <= len(self.lines) else ""
            if f'"{value}"' in text or f"'{value}'" in text:
                return number
        return start
