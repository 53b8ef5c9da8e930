"""Find the lark grammars and turn them into what the parser runs.

The grammars live in the top-level ``grammars/`` folder of a checkout and are copied to
``cyberark_cfg/grammars/`` inside the wheel; the loader looks in both places. Every terminal of
``paramfile.lark`` is one whole line, so the parser runs the grammar's terminals as one regular
expression (:func:`line_scanner`) and needs no lark at run time; :func:`parser` builds the lark
parser itself, which the tests use as the reference the scanner must agree with.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from lark import Lark

_PACKAGE = Path(__file__).resolve().parent

# `NAME.PRIORITY: /regex/` on one line: the only terminal syntax the scanner accepts.
_TERMINAL = re.compile(
    r"^(?P<name>[A-Z_][A-Z0-9_]*)(?:\.(?P<priority>-?\d+))?[ \t]*:[ \t]*"
    r"/(?P<pattern>(?:\\.|[^/\\\n])*)/(?P<flags>[a-z]*)[ \t]*$",
    re.MULTILINE,
)
# Any other terminal definition (string literals, alternatives, templates).
_ANY_TERMINAL = re.compile(r"^[A-Z_][A-Z0-9_]*(?:\.-?\d+)?[ \t]*:", re.MULTILINE)


class Terminal(NamedTuple):
    """One terminal of a grammar as lark reads it: name, priority and regular expression."""

    name: str
    priority: int
    pattern: str


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files, installed or in a checkout."""
    for candidate in (_PACKAGE / "grammars", _PACKAGE.parent / "grammars"):
        if (candidate / "paramfile.lark").is_file():
            return candidate
    raise FileNotFoundError("the cyberark-cfg grammars are missing from this installation")


def grammar_text(name: str) -> str:
    return (grammar_dir() / name).read_text(encoding="utf-8")


def terminals(name: str = "paramfile.lark") -> list[Terminal]:
    """The grammar's terminals in the order lark's lexer tries them (highest priority first).

    Raises ``ValueError`` for a terminal written in a form the scanner does not support, so a
    grammar change cannot silently make the scanner and lark disagree.
    """
    text = grammar_text(name)
    found = [Terminal(m["name"], int(m["priority"] or 0), m["pattern"])
             for m in _TERMINAL.finditer(text)]
    unsupported = [m for m in _TERMINAL.finditer(text) if m["flags"]]
    if unsupported or len(found) != len(_ANY_TERMINAL.findall(text)):
        raise ValueError(f"{name}: the line scanner supports only `NAME.PRIORITY: /regex/` "
                         f"terminals without flags")
    # lark's lexer sorts by priority, then by longest possible match, then name; the line
    # terminals all have distinct priorities, which the scanner relies on.
    if len({t.priority for t in found}) != len(found):
        raise ValueError(f"{name}: the line scanner needs a distinct priority per terminal")
    return sorted(found, key=lambda t: (-t.priority, t.name))


@cache
def line_scanner(name: str = "paramfile.lark") -> re.Pattern[str]:
    """The grammar's terminals as one alternation; ``match.lastgroup`` names the terminal.

    Python's ``re`` takes the first alternative that matches, as lark's lexer does, so
    scanning with this pattern yields exactly lark's tokens (``tests/test_perf_shapes.py``
    checks that against lark itself).
    """
    return re.compile("|".join(f"(?P<{t.name}>{t.pattern})" for t in terminals(name)))


@cache
def parser(name: str = "paramfile.lark") -> Lark:
    """The lark LALR parser for ``name``: the reference implementation of the grammar.

    Built without lark's on-disk cache: that cache is a pickle in the shared temporary folder,
    which another local user could plant, and it saves only about 4 ms per process.
    """
    from lark import Lark

    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        propagate_positions=False,
    )
