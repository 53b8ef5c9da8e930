"""A change to a set of configuration files as data: two snapshots (files or folders) paired
by relative path, each side's bytes read. :mod:`cyberark_cfg.lint.change` checks it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cyberark_cfg.api import DEFAULT_MAX_BYTES, os_reason, read_bytes
from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.kinds import kind_by_filename

# In a directory, only files that look like parameter files are compared.
CONFIG_PATTERNS = ("*.ini", "*.cred")


@dataclass(frozen=True)
class FileChange:
    """One file on both sides: its path relative to the compared roots, the path shown in
    findings, and its bytes before and after (None when absent on that side)."""

    relpath: str
    shown: str
    before: bytes | None = field(repr=False)  # may hold secrets
    after: bytes | None = field(repr=False)


def is_config_file(name: str) -> bool:
    lowered = os.path.basename(name).lower()
    return (kind_by_filename(lowered) is not None
            or any(fnmatchcase(lowered, p) for p in CONFIG_PATTERNS))


# Says whether a walk skips a path (a file or a folder): the lint configuration's excludes.
Skip = Callable[[str], object]


def walk(root: str, skip: Skip | None = None) -> list[str]:
    """Config files under ``root``, as sorted '/'-separated relative paths (dot folders such
    as .git skipped, links to folders not followed, and what ``skip`` says: backups and
    copies, as `cfgtool lint` walks). A stack, not recursion (which
    :func:`os.walk` uses before Python 3.12): any depth of folders is walked."""
    found = []
    stack = [""]
    while stack:
        relative = stack.pop()
        folder = os.path.join(root, relative) if relative else root
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            raise FileAccessError(f"cannot list the folder ({os_reason(exc)})",
                                  path=folder) from None
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                if skip and skip(os.path.join(folder, entry.name)):
                    continue
                if entry.is_dir():
                    if not entry.name.startswith(".") and not entry.is_symlink():
                        stack.append(path)
                elif is_config_file(entry.name):
                    found.append(path)
            except OSError:
                found.append(path)  # reported when it is read
    return sorted(found)


def pair_paths(before: str, after: str, max_bytes: int = DEFAULT_MAX_BYTES,
               skip: Skip | None = None) -> list[FileChange]:
    """Pair two files, or two directories by relative path (files over ``max_bytes`` refused;
    in folders, what ``skip`` says is not compared)."""
    if os.path.isfile(before) and os.path.isfile(after):
        return [FileChange(os.path.basename(after), after, read_bytes(before, max_bytes),
                           read_bytes(after, max_bytes))]
    if os.path.isdir(before) and os.path.isdir(after):
        old, new = set(walk(before, skip)), set(walk(after, skip))
        return [FileChange(rel, os.path.join(after if rel in new else before, rel),
                           read_bytes(os.path.join(before, rel), max_bytes) if rel in old
                           else None,
                           read_bytes(os.path.join(after, rel), max_bytes) if rel in new
                           else None)
                for rel in sorted(old | new)]
    for path in (before, after):
        if not os.path.exists(path):
            raise CfgError("no such file or directory", path=path)
        if not os.path.isdir(path):
            read_bytes(path, max_bytes)  # names what is wrong with it (a pipe, a device, ...)
    raise CfgError("BEFORE and AFTER must both be files or both be directories")
