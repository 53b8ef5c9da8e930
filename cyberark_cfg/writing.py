"""Write a file back without ever leaving it torn, half-written or silently overwritten.

The new bytes go to a temporary file in the same folder, are flushed and fsynced, take the
original's mode (and owner where permitted), and replace the original in one rename. Under an
advisory lock on the original, the bytes on disk are compared with the bytes we read: if someone
else changed the file in between, nothing is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone

from cyberark_cfg.errors import ConcurrentModificationError, FileAccessError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _locked(handle: int) -> Iterator[None]:
    """An exclusive advisory lock on an open file (fcntl on POSIX, msvcrt on Windows)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


def backup_name(path: str, now: datetime | None = None) -> str:
    moment = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    return f"{path}.{moment}.bak"


def write_atomic(path: str, data: bytes, *, expected: bytes | None = None,
                 backup: bool = False) -> str | None:
    """Replace the file at ``path`` (the target, if it is a symlink) with ``data``.

    ``expected`` is what was read earlier: when the file no longer holds exactly that, raise
    :class:`ConcurrentModificationError` and write nothing. Returns the backup's path, if any.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    while True:
        original = _open(target, path)
        try:
            with _locked(original):
                info = os.fstat(original)
                if not _still_at(target, info):
                    # Another writer replaced the file while we waited for the lock: the
                    # descriptor now points at the old, unlinked copy. Look again.
                    continue
                if expected is not None and sha256(_read_all(original)) != sha256(expected):
                    raise ConcurrentModificationError(
                        "changed on disk since it was read; nothing written, run again",
                        path=path)
                # Mode bits, not only os.access: an administrator (root) could write anyway,
                # but a file marked read-only was marked so on purpose.
                if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
                    raise FileAccessError("is read-only; nothing written", path=path)
                saved = None
                if backup:
                    saved = backup_name(target)
                    kept = expected if expected is not None else _read_all(original)
                    _replace(saved, kept, info, folder, saved)
                _replace(target, data, info, folder, path)
                return saved
        finally:
            os.close(original)


def _open(target: str, shown: str) -> int:
    try:
        return os.open(target, os.O_RDONLY)
    except FileNotFoundError:
        raise FileAccessError("no such file", path=shown) from None
    except OSError as exc:
        raise FileAccessError(exc.strerror or "cannot be opened", path=shown) from None


def _still_at(target: str, info: os.stat_result) -> bool:
    try:
        current = os.stat(target)
    except FileNotFoundError:
        return False
    return (current.st_ino, current.st_dev) == (info.st_ino, info.st_dev)


def _read_all(handle: int) -> bytes:
    os.lseek(handle, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(handle, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _replace(target: str, data: bytes, info: os.stat_result, folder: str, shown: str) -> None:
    fd, temp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".",
                                suffix=".cfgtool-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(AttributeError, PermissionError, OSError):
            os.chown(temp, info.st_uid, info.st_gid)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise FileAccessError(f"write failed ({exc.strerror or type(exc).__name__}); "
                                  f"the original is unchanged", path=shown) from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
