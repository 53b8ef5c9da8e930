"""Baselines: today's findings recorded by path, code and key (never line numbers, which drift
as files are edited), so that `--baseline FILE` reports only findings that are new.

Paths are stored relative to the baseline file's folder, with `/`, so a baseline written on one
machine works from any working folder and on another system.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from cyberark_cfg.api import read_bytes
from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.config import ConfigError
from cyberark_cfg.writing import write_atomic

VERSION = 1
Key = tuple[str, str, str]


def _key(diagnostic: Diagnostic, folder: str) -> Key:
    path = os.path.abspath(diagnostic.path or "")
    with contextlib.suppress(ValueError):  # another drive on Windows: keep it absolute
        path = os.path.relpath(path, folder)
    return Path(path).as_posix(), diagnostic.code, diagnostic.key or ""


def write_baseline(file: str, diagnostics: Iterable[Diagnostic]) -> int:
    """Record ``diagnostics`` in ``file``; returns how many were recorded."""
    folder = os.path.dirname(os.path.abspath(file))
    counts = Counter(_key(d, folder) for d in diagnostics)
    records = [{"path": p, "code": c, "key": k or None, "count": n}
               for (p, c, k), n in sorted(counts.items())]
    text = json.dumps({"version": VERSION, "findings": records}, indent=2) + "\n"
    try:
        write_atomic(file, text.encode("utf-8"), create=True)
    except FileAccessError as exc:
        raise ConfigError(f"cannot write the baseline ({exc.message})", path=file) from None
    return sum(counts.values())


class Baseline:
    """The recorded findings; :meth:`is_new` uses them up one by one."""

    def __init__(self, file: str) -> None:
        self.folder = os.path.dirname(os.path.abspath(file))
        try:
            data = json.loads(read_bytes(file).decode("utf-8"))
            records = data["findings"]
            self.remaining = Counter({
                (str(r["path"]), str(r["code"]), str(r.get("key") or "")): int(r.get("count", 1))
                for r in records})
        except FileAccessError as exc:  # missing, a folder, a pipe, a device, too large
            missing = exc.message == "no such file"
            raise ConfigError("no such baseline file" if missing else exc.message,
                              path=file) from None
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
            raise ConfigError("not a cfgtool baseline (expected JSON with a findings list)",
                              path=file) from None

    def has(self, diagnostic: Diagnostic) -> bool:
        """Whether the baseline records a finding like ``diagnostic`` (using none up)."""
        return self.remaining[_key(diagnostic, self.folder)] > 0

    def is_new(self, diagnostic: Diagnostic) -> bool:
        key = _key(diagnostic, self.folder)
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            return False
        return True
