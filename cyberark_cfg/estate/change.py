"""Pre-change linting: compare two snapshots of a set of configuration files and report what
the change introduces. A finding is introduced when the file has it after the change and not
before, compared by (file, code, key) rather than line, so moved lines are not news; the
transition rules (CHG001-CHG003) judge the change itself.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cyberark_cfg.api import DEFAULT_MAX_BYTES, detect_kind, read_bytes
from cyberark_cfg.errors import CfgError
from cyberark_cfg.kinds import kind_by_filename
from cyberark_cfg.lint.engine import diagnose
from cyberark_cfg.rules.base import Diagnostic
from cyberark_cfg.rules.change import check_transition

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


def _kind_of(change: FileChange) -> str | None:
    """The kind by file name, then by the content of either side."""
    name = os.path.basename(change.relpath)
    for data in (change.after, change.before):
        kind = detect_kind(name, data if data is not None else b"")
        if kind is not None:
            return kind
    return None


def introduced(before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings of ``after`` that ``before`` does not have, matched by (code, key)."""
    remaining = Counter((d.code, d.key) for d in before)
    new = []
    for diagnostic in after:
        signature = (diagnostic.code, diagnostic.key)
        if remaining[signature] > 0:
            remaining[signature] -= 1
        else:
            new.append(diagnostic)
    return new


def check_change(changes: Iterable[FileChange]) -> list[Diagnostic]:
    """Findings the change introduces in each file, plus the transition rules' findings."""
    found: list[Diagnostic] = []
    for change in changes:
        if change.after is None:
            continue  # a deleted file introduces nothing of its own
        kind = _kind_of(change)
        # The same per-file findings as `cfgtool lint` (CFG001/CFG002 for what does not parse).
        old, old_findings = (None, []) if change.before is None else diagnose(
            change.before, change.shown, kind)
        new, new_findings = diagnose(change.after, change.shown, kind)
        found.extend(introduced(old_findings, new_findings))
        if new is not None and (change.before is None or old is not None):
            found.extend(check_transition(old, new))
    found.sort(key=lambda d: (d.path or "", d.line, d.column, d.code))
    return found
