"""Where a test breaks the write path's one replacing step, on each system: the name exchange
on Linux (``atomic.exchange``), ``ReplaceFileW`` on Windows (``windows.replace``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from cyberark_cfg.writing import atomic, windows

WINDOWS = sys.platform == "win32"
POSIX_MODE = "POSIX mode bits; on Windows ReplaceFileW keeps the ACL and attributes instead"
SYMLINKS = "symbolic links need a privilege on Windows (and wine's are host links)"


def break_the_replace(monkeypatch: pytest.MonkeyPatch, fail: Callable[..., Any]) -> None:
    """Make the replacing step call ``fail`` (with that step's arguments) instead."""
    if WINDOWS:
        monkeypatch.setattr(windows, "replace", fail)
    else:
        monkeypatch.setattr(atomic, "exchange", fail)


def real_replace() -> Callable[..., Any]:
    return windows.replace if WINDOWS else atomic.exchange
