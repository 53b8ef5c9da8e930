"""Append a line to a log-like file (the ``--record`` change record) under the write path's
lock: never through a link swapped in, flushed to disk before the call returns."""

from __future__ import annotations

import os

from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.writing.atomic import lock, resolve, write_all

_FLAGS = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def append_line(path: str | os.PathLike[str], line: bytes) -> None:
    """Append ``line`` whole (one write under an exclusive lock) and fsync it."""
    shown = os.fspath(path)
    try:
        descriptor = os.open(resolve(shown), _FLAGS, 0o666)
    except OSError as exc:
        raise FileAccessError(exc.strerror or "cannot be appended to", path=shown) from None
    try:
        lock(descriptor, shown)
        write_all(descriptor, line)
    except OSError as exc:
        raise FileAccessError(exc.strerror or "cannot be appended to", path=shown) from None
    finally:
        os.close(descriptor)
