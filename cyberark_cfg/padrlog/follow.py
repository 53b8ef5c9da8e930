"""Follow a growing padr.log like ``tail -f``: hand out each line once it is complete, and start
again from the top when the file is truncated or replaced (a new log after rotation).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

from cyberark_cfg.api import open_regular
from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.padrlog.reader import BLOCK_SIZE, LogEncoding, detect


def follow(path: str | os.PathLike[str], offset: int, encoding: LogEncoding, *,
           interval: float = 0.5, idle_timeout: float | None = None,
           sleep: Callable[[float], None] = time.sleep) -> Iterator[str | None]:
    """Yield each line written to ``path`` after ``offset`` (text, without its line end), and
    None when the file was truncated or replaced. Runs until the caller stops (Ctrl-C), or
    after ``idle_timeout`` seconds without a new byte."""
    name = os.fspath(path)
    handle = _open(name)
    identity = os.fstat(handle.fileno()).st_ino
    position, pending, idle = offset, b"", 0.0
    try:
        while True:
            try:
                status = os.stat(name)
            except OSError:
                status = None  # rotated away: wait for the new file
            if status is not None and (status.st_ino != identity or status.st_size < position):
                handle.close()
                handle = _open(name)
                identity = os.fstat(handle.fileno()).st_ino
                encoding = detect(handle.read(4096), name)
                position, pending = encoding.start, b""
                yield None
            handle.seek(position)
            data = handle.read(BLOCK_SIZE)
            if data:
                position += len(data)
                lines, pending = encoding.split_lines(pending + data)
                for line in lines:
                    yield encoding.decode(line).rstrip("\r\n")
                idle = 0.0
                continue
            if idle_timeout is not None and idle >= idle_timeout:
                return
            sleep(interval)
            idle += interval
    finally:
        handle.close()


def _open(name: str) -> BinaryIO:
    try:
        descriptor, _ = open_regular(name)  # regular files only: never a pipe or /proc/kmsg
        return os.fdopen(descriptor, "rb")
    except OSError as exc:
        raise FileAccessError(f"cannot read ({exc.strerror or 'I/O error'})", path=name) from None
