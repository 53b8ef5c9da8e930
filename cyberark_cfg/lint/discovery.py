"""Which files `cfgtool lint PATH...` looks at, and as what kind.

Files named on the command line are linted as the kind their name or content says. Directories
are walked recursively: a file is taken when its name is a known one (padr.ini, Vault.ini, ...)
or when its content starts like a credential or parameter file of a known kind. Hidden folders
are skipped, and a symlinked folder is entered once, so a link loop cannot trap the walk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cyberark_cfg.api import detect_kind
from cyberark_cfg.kinds import KINDS, kind_by_filename

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})
SNIFF_BYTES = 65536
# Files larger than this are not parameter files; not worth reading when sniffing a folder.
SNIFF_MAX_SIZE = 1 << 20
_FIRST_KEY = re.compile(r"^[ \t]*([^\s=#;\[][^=\r\n]*?)[ \t]*=", re.MULTILINE)


@dataclass(frozen=True)
class Target:
    """One file to lint: its path as the user will see it, and its kind (None: unknown)."""

    path: str
    kind: str | None


@dataclass(frozen=True)
class WalkError:
    """A folder or file the walk could not read (reported; the exit code becomes 2)."""

    path: str
    message: str


def targets(paths: list[str], kind: str | None = None) -> Iterator[Target | WalkError]:
    """Every file to lint under ``paths``, each real file once, in a stable order."""
    seen: set[int | str] = set()
    for path in paths:
        if os.path.isdir(path):
            for found in _walk(path, kind):
                if isinstance(found, WalkError) or _first_time(found.path, seen):
                    yield found
        elif _first_time(path, seen):
            yield Target(path, kind or detect_kind(path))


def _first_time(path: str, seen: set[int | str]) -> bool:
    """Whether the file or folder behind ``path`` comes up for the first time (through a link,
    another command-line path or a hard link it is the same one). One small int each is kept,
    not a resolved path, so that a walk of 50,000 files stays small."""
    try:
        info = os.stat(path)
        identity: int | str = (info.st_dev << 64) | info.st_ino
    except OSError:  # a dangling link: reported when it is read
        identity = os.path.realpath(path)
    if identity in seen:
        return False
    seen.add(identity)
    return True


def _walk(top: str, kind: str | None) -> Iterator[Target | WalkError]:
    visited: set[int | str] = set()
    errors: list[WalkError] = []

    def on_error(exc: OSError) -> None:
        errors.append(WalkError(exc.filename or top, exc.strerror or "cannot be read"))

    for folder, subfolders, files in os.walk(top, followlinks=True, onerror=on_error):
        if not _first_time(folder, visited):
            subfolders[:] = []  # a symlink back to a folder already walked: a loop
            continue
        subfolders[:] = sorted(name for name in subfolders
                               if not name.startswith(".") and name not in SKIPPED_FOLDERS)
        yield from errors
        errors.clear()
        for name in sorted(files):
            path = os.path.join(folder, name)
            found = kind or _kind_of(path)
            if found is not None:
                yield Target(path, found)
    yield from errors


def _kind_of(path: str) -> str | None:
    """The kind by name; by content only when the file starts like one of ours."""
    by_name = kind_by_filename(path)
    if by_name is not None:
        return by_name.name
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > SNIFF_MAX_SIZE:
            return None
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    guess = detect_kind(None, head)
    if guess is None or guess == "cred":
        return guess  # detect_kind already demands that a credential file start with its type
    return guess if _first_key_is_marker(head, guess) else None


def _first_key_is_marker(head: bytes, kind: str) -> bool:
    """A parameter file of ``kind``: its first key betrays the kind, and so do at least three
    of its keys (two are common in any INI file: `port` and `address`)."""
    from cyberark_cfg import decoding
    from cyberark_cfg.errors import ParseError

    try:
        text = decoding.decode(head).text
    except ParseError:
        return False
    markers = KINDS[kind].markers
    keys = [match.group(1).strip().lower() for match in _FIRST_KEY.finditer(text)]
    return (bool(keys) and keys[0] in markers
            and len(set(keys).intersection(markers)) >= min(3, len(markers)))
