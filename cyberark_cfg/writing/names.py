"""The names of the files the write path creates next to a config file, and how to spot them.

A temporary file is ``.<name>.<random>.cfgtool-tmp``; a backup is ``<name>.<UTC time>.bak``,
then ``<name>.<UTC time>-2.bak`` and so on: a backup is created with O_EXCL and never replaces
an existing file, so the first backup of a run of edits holds the original.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime, timezone

TEMP_SUFFIX = ".cfgtool-tmp"
DISPLACED_SUFFIX = ".cfgtool-old"
_BACKUP = re.compile(r".+\.\d{8}T\d{6}Z(?:-\d+)?\.bak\Z")


def temp_prefix(target: str) -> str:
    return "." + os.path.basename(target) + "."


def backup_names(path: str, now: datetime | None = None) -> list[str]:
    """Candidate backup names for ``path``, the plain one first (tried in order, O_EXCL)."""
    moment = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    return [f"{path}.{moment}.bak"] + [f"{path}.{moment}-{n}.bak" for n in range(2, 1000)]


def is_backup(name: str) -> bool:
    """A name cfgtool gives its backups (``padr.ini.20260101T120000Z.bak``)."""
    return bool(_BACKUP.match(os.path.basename(name)))


def is_temporary(name: str) -> bool:
    """A temporary file of the write path; one that is still there was left by a killed run."""
    base = os.path.basename(name)
    return base.startswith(".") and base.endswith((TEMP_SUFFIX, DISPLACED_SUFFIX))


def is_artifact(name: str) -> bool:
    """Whether the folder walk of lint and fix must leave this file alone: ours, not a config."""
    return is_backup(name) or is_temporary(name)


def create_exclusive(candidates: list[str], make: Callable[[str], None]) -> str:
    """Call ``make(name)`` with the first candidate that does not exist yet; ``make`` must fail
    with FileExistsError when the name is taken (O_EXCL, link, or a rename that never replaces).
    """
    for name in candidates:
        try:
            make(name)
        except FileExistsError:
            continue
        return name
    raise FileExistsError(f"{candidates[-1]}: every backup name of this second is taken")
