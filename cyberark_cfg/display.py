"""Text from files and file names made safe to print: control characters escaped.

A value, a key or a folder name can hold ESC (terminal commands), CR (overwrite the line) or a
line break (forge a line of output), and a name that is not valid UTF-8 arrives with its bytes
as lone surrogates. Human-readable output passes such text through :func:`escape`, which, as
git and ruff do, writes those characters as visible escapes (`\\x1b`, `\\r`, `\\n`, `\\xff`).
"""

from __future__ import annotations

import re

# C0 controls (tab is kept), DEL, C1 controls, the bidirectional overrides that reorder what a
# terminal shows, and lone surrogates (a file name's undecodable bytes). Compiled on first use
# (by `re`'s cache): its ranges beyond Latin-1 cost a cold start more than most commands need.
_UNSAFE = ("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
           "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _one(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, keep: str = "") -> str:
    """``text`` with every control character (but tab and those in ``keep``) escaped."""
    if text.isprintable():  # the usual case: nothing to do
        return text
    return re.sub(_UNSAFE, lambda m: m.group() if m.group() in keep else _one(m.group()), text)


def undecodable(text: str) -> str:
    """Only the undecodable bytes of a name (lone surrogates) escaped, for JSON: everything
    else JSON escapes itself, but a lone surrogate is not valid Unicode for a JSON reader."""
    if text.isascii():
        return text
    return re.sub("[\ud800-\udfff]", lambda m: _one(m.group()), text)
