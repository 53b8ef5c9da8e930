"""A change to a set of configuration files as data: two snapshots (files or folders) paired
by relative path, each side's bytes read. :mod:`cyberark_cfg.lint.change` checks it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cyberark_cfg.api import DEFAULT_MAX_BYTES, read_bytes
from cyberark_cfg.errors import CfgError
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


def walk(root: str) -> list[str]:
    """Config files under ``root``, as sorted '/'-separated relative paths (dot folders such
    as .git skipped)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if is_config_file(name):
                relative = os.path.relpath(os.path.join(folder, name), root)
                found.append(relative.replace(os.sep, "/"))
    return sorted(found)


def pair_paths(before: str, after: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FileChange]:
    """Pair two files, or two directories by relative path (files over ``max_bytes`` refused)."""
    if os.path.isfile(before) and os.path.isfile(after):
        return [FileChange(os.path.basename(after), after, read_bytes(before, max_bytes),
                           read_bytes(after, max_bytes))]
    if os.path.isdir(before) and os.path.isdir(after):
        old, new = set(walk(before)), set(walk(after))
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
