"""Text from files and file names made safe to print: control characters escaped, and a
console or pipe that cannot hold a character, or whose reader went away, met quietly.

A value, a key or a folder name can hold ESC (terminal commands), CR (overwrite the line) or a
line break (forge a line of output), and a name that is not valid UTF-8 arrives with its bytes
as lone surrogates. Human-readable output passes such text through :func:`escape`, which, as
git and ruff do, writes those characters as visible escapes (`\\x1b`, `\\r`, `\\n`, `\\xff`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from typing import TextIO

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


def json_valid(value: object) -> object:
    """``value`` (what a command prints as JSON) with :func:`undecodable` applied to every
    string in it, keys included: a file name's undecodable bytes become `\\xff`, not a lone
    surrogate that ``json.dumps`` writes as `\\udcff` and a strict JSON reader refuses."""
    if isinstance(value, str):
        return undecodable(value)
    if isinstance(value, dict):
        return {json_valid(key): json_valid(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_valid(item) for item in value]
    return value


def write_value(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` (a value, for a script) to ``stream`` (default stdout): its undecodable
    bytes as `\\x81`, as every text output shows them, and a character the stream's encoding
    cannot hold as a backslash escape, also on a stream that could not be set to escape (see
    :func:`escape_what_the_output_cannot_hold`): never a UnicodeEncodeError."""
    out = stream if stream is not None else sys.stdout
    text = undecodable(text)
    try:
        out.write(text)
    except UnicodeEncodeError:  # raised before anything is written: the text is encoded whole
        encoding = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(encoding, "backslashreplace").decode(encoding))


def escape_what_the_output_cannot_hold() -> None:
    """A character the console or pipe cannot encode (a Greek folder name on a cp1252 pipe, an
    undecodable byte of a Linux file name) is printed as a backslash escape instead of failing
    the command with UnicodeEncodeError. The encoding itself is left as the platform chose it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent on StringIO, None (pythonw)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed stream says so later
                reconfigure(errors="backslashreplace")


def reader_went_away(exc: OSError) -> bool:
    """A write to a pipe whose reader has gone (`| Select-Object -First 5`) fails on Windows
    with EINVAL (ERROR_NO_DATA), not with the EPIPE that click already turns into a quiet exit
    1: an EINVAL naming no file while the output is a pipe is taken for that."""
    if sys.platform != "win32" or exc.errno != errno.EINVAL or exc.filename is not None:
        return False
    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False
