"""Find and build the lark grammars.

The grammars live in the top-level ``grammars/`` folder of a checkout and are copied to
``cyberark_cfg/grammars/`` inside the wheel; the loader looks in both places.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

_PACKAGE = Path(__file__).resolve().parent


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files, installed or in a checkout."""
    for candidate in (_PACKAGE / "grammars", _PACKAGE.parent / "grammars"):
        if (candidate / "paramfile.lark").is_file():
            return candidate
    raise FileNotFoundError("the cyberark-cfg grammars are missing from this installation")


def grammar_text(name: str) -> str:
    return (grammar_dir() / name).read_text(encoding="utf-8")


@cache
def parser(name: str = "paramfile.lark") -> Lark:
    """A LALR parser for ``name`` (built once per process; lark caches the tables on disk)."""
    from lark import Lark

    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        propagate_positions=False,
        cache=True,
    )
