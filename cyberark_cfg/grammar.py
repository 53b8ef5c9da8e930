"""The grammar is the definition of the syntax; this module turns it into what the parser runs.

Design: ``grammars/paramfile.lark`` says everything about the syntax, at two levels. Its
``start`` rule reads a file as lines, each line one whole terminal (SECTION, COMMENT, BLANK,
ENTRY, INVALID) with its terminator, so the tokens joined are the input. Its ``entry`` and
``described_entry`` rules read the inside of an ENTRY line: indent, key, separator, then a
quoted, described or plain value and the trailing blanks; its KEY terminal is the one
definition of a key. Reading a file must be fast and needs no lark: :func:`line_scanner` runs
the line terminals, taken from the grammar text, as one regular expression, and
:class:`~cyberark_cfg.nodes.Entry` splits an entry line with string methods; :func:`key_line`
finds keys in raw text with the grammar's KEY. One reading of a key is wider than KEY on
purpose: :func:`commented_entry`, the key of a commented-out entry that a diff must not
print the value of (a comment is not parsed, so it reads everything before the first `=`).
lark itself (:func:`parser`, a test dependency)
is the reference: ``tests/test_grammar.py`` checks the scanner and the entry split against it,
token for token, on every fixture and on generated input.

The grammars live in the top-level ``grammars/`` folder of a checkout and are copied to
``cyberark_cfg/grammars/`` inside the wheel; the loader looks in both places.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cyberark_cfg.errors import CfgError

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
# The rules that read a file as lines; the terminals they name are the line terminals.
_LINE_RULES = ("start", "section", "_line")
_RULE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)[ \t]*:(?P<body>.*(?:\n[ \t]+\S.*)*)",
                   re.MULTILINE)
_NAME = re.compile(r"\b[A-Z_][A-Z0-9_]*\b")


class Terminal(NamedTuple):
    """One terminal of a grammar as lark reads it: name, priority and regular expression."""

    name: str
    priority: int
    pattern: str


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files, installed or in a checkout."""
    candidates = (_PACKAGE / "grammars", _PACKAGE.parent / "grammars")
    for candidate in candidates:
        if (candidate / "paramfile.lark").is_file():
            return candidate
    # A broken installation, not a user's file: say where we looked, so the message is useful
    # (an OSError without a file name would reach the user as its class name alone).
    raise CfgError("the cyberark-cfg grammars are missing from this installation (looked for "
                   f"paramfile.lark in {' and '.join(map(str, candidates))}); reinstall "
                   "cyberark-cfg")


@cache
def grammar_text(name: str) -> str:
    return (grammar_dir() / name).read_text(encoding="utf-8")


def line_terminal_names(text: str) -> set[str]:
    """The terminals the rules that read a file as lines name (not those inside an entry)."""
    return {name for match in _RULE.finditer(text) if match["name"] in _LINE_RULES
            for name in _NAME.findall(match["body"])}


def terminals(name: str = "paramfile.lark") -> list[Terminal]:
    """The grammar's line terminals in the order lark's lexer tries them (highest priority
    first).

    Raises ``ValueError`` for a line terminal written in a form the scanner does not support,
    so a grammar change cannot silently make the scanner and lark disagree.
    """
    text = grammar_text(name)
    wanted = line_terminal_names(text)
    matches = [m for m in _TERMINAL.finditer(text) if m["name"] in wanted]
    found = [Terminal(m["name"], int(m["priority"] or 0), m["pattern"]) for m in matches]
    if any(m["flags"] for m in matches) or {t.name for t in found} != wanted:
        raise ValueError(f"{name}: the line scanner supports only `NAME.PRIORITY: /regex/` "
                         f"terminals without flags")
    # lark's lexer sorts by priority, then by longest possible match, then name; the line
    # terminals all have distinct priorities, which the scanner relies on.
    if len({t.priority for t in found}) != len(found):
        raise ValueError(f"{name}: the line scanner needs a distinct priority per terminal")
    return sorted(found, key=lambda t: (-t.priority, t.name))


def terminal(terminal_name: str, name: str = "paramfile.lark") -> str:
    """The regular expression of one terminal of the grammar."""
    for match in _TERMINAL.finditer(grammar_text(name)):
        if match["name"] == terminal_name:
            return match["pattern"]
    raise ValueError(f"{name}: no terminal {terminal_name}")


@cache
def key_line() -> re.Pattern[str]:
    """A line's key in raw text (multiline): indent, the grammar's KEY as group 1, then the
    blanks and the `=` of its separator. For sniffing and checking text that is not parsed."""
    return re.compile(rf"^[ \t]*({terminal('KEY')})[ \t]*=", re.MULTILINE)


@cache
def commented_entry() -> re.Pattern[str]:
    """A comment's text read as a commented-out entry (`#PROXYPASSWORD=...`): the comment
    marker with its blanks (group 1), the key and the grammar's SEPARATOR (group 2), then the
    value (group 3). Where the rest of the comment is an entry line, its key is KEY's
    (tests/test_grammar.py checks that on generated keys); it also reads text KEY refuses
    (`#;Password=...`, `# =...`, a key after a lone CR), because whoever redacts a comment must
    ask about every key it may hold: with KEY alone such a line would skip the key check."""
    return re.compile(rf"([ \t]*[#;][ \t]*)([^=]*?{terminal('SEPARATOR')})(.*)\Z", re.DOTALL)


@cache
def line_scanner(name: str = "paramfile.lark") -> re.Pattern[str]:
    """The grammar's terminals as one alternation; ``match.lastgroup`` names the terminal.

    Python's ``re`` takes the first alternative that matches, as lark's lexer does, so
    scanning with this pattern yields exactly lark's tokens (``tests/test_grammar.py``
    checks that against lark itself).
    """
    return re.compile("|".join(f"(?P<{t.name}>{t.pattern})" for t in terminals(name)))


@cache
def parser(name: str = "paramfile.lark") -> Lark:
    """The lark LALR parser for ``name``: the reference implementation of the grammar (start
    symbols ``start``, ``entry`` and ``described_entry``). lark is a test dependency.

    Built without lark's on-disk cache: that cache is a pickle in the shared temporary folder,
    which another local user could plant, and it saves only about 4 ms per process.
    """
    from lark import Lark

    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        start=["start", "entry", "described_entry"],
        maybe_placeholders=False,
        propagate_positions=False,
    )
