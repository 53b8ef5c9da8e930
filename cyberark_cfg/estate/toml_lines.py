"""Where things are in a TOML file: the line of each table header, key and string value.

tomllib returns plain dicts without positions, but a topology error or a DR008 finding must
name its line. This scanner reads the text once and records the line of every table and key
path; lookups fall back to the nearest enclosing table, so inline tables still get a line.
"""

from __future__ import annotations

import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Path = tuple[str | int, ...]

# One part of a key: bare, a basic string (with its escapes) or a literal string. Each is read
# at a given place by itself, so no line costs more than a pass (a topology is the user's
# file, and a regular expression repeating a repeated part took 2^n steps on an unclosed one).
_PART = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""")
_BLANK = " \t"


def _dotted(line: str, start: int) -> tuple[list[str], int] | None:
    """The dotted key that starts at ``start`` (blanks around its dots allowed), as names,
    with where it ends; None when none starts there."""
    names = []
    at = start
    while True:
        part = _PART.match(line, at)
        if part is None:
            return None
        names.append(_unquoted(part.group()))
        at = _skip_blanks(line, part.end())
        if not line.startswith(".", at):
            return names, at
        at = _skip_blanks(line, at + 1)


def _skip_blanks(line: str, at: int) -> int:
    while at < len(line) and line[at] in _BLANK:
        at += 1
    return at


def _header(line: str) -> tuple[bool, list[str]] | None:
    """``[name]`` or ``[[name]]`` (whether an array of tables, and the names), or None."""
    at = _skip_blanks(line, 0)
    if not line.startswith("[", at):
        return None
    array = line.startswith("[[", at)
    read = _dotted(line, _skip_blanks(line, at + (2 if array else 1)))
    if read is None:
        return None
    names, at = read
    close = "]]" if array else "]"
    if not line.startswith(close, at):
        return None
    rest = line[at + len(close):].lstrip(_BLANK)
    return (array, names) if not rest or rest.startswith("#") else None


def _key(line: str) -> tuple[list[str], int] | None:
    """``name =`` at the start of ``line``: the names, and where the value starts."""
    read = _dotted(line, _skip_blanks(line, 0))
    if read is None or not line.startswith("=", read[1]):
        return None
    return read[0], read[1] + 1


def _unquoted(part: str) -> str:
    """A key part's name as TOML reads it: a basic string's escapes (``\\u002D``, ``\\"``)
    resolved, a literal string's quotes dropped."""
    if part.startswith('"'):
        try:
            name = tomllib.loads(f"k = {part}")["k"]
        except tomllib.TOMLDecodeError:  # not valid TOML: tomllib has refused the file
            return part[1:-1]
        return name if isinstance(name, str) else part[1:-1]
    if part.startswith("'"):
        return part[1:-1]
    return part


def _bracket_depth(line: str) -> int:
    """The change in `[`/`]` nesting on a line, ignoring strings and comments."""
    depth, quote, escaped = 0, "", False
    for char in line:
        if escaped:
            escaped = False
        elif quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':  # `\"` does not end a basic string
                escaped = True
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
        # TOML ends a line at LF (or CRLF) only: U+2028 or U+0085 may stand inside a string.
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        if text.endswith("\n"):
            self.lines.pop()
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
                header = _header(line)
                if header is not None:
                    array, parts = header
                    names: Path = tuple(parts)
                    if array:
                        index = counts.get(names, 0)
                        counts[names] = index + 1
                        names = (*names, index)
                    self._close(table, number - 1)
                    table = names
                    self._where.setdefault(table, number)
                    continue
                key = _key(line)
                if key is not None:
                    path = (*table, *key[0])
                    self._where.setdefault(path, number)
                    depth = _bracket_depth(line[key[1]:])
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
