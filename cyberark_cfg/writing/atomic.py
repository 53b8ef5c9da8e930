"""Replace a file's bytes so that it is never torn, never silently overwrites someone else's
save, and keeps what the original carried (mode, owner, ACL, attributes).

Under a lock on the original, the bytes on disk are compared with the bytes that were read. The
new bytes go to a temporary file in the same folder (flushed, fsynced, given the original's
metadata), which then trades places with the original in one atomic step: ``renameat2`` with
``RENAME_EXCHANGE`` on Linux, ``ReplaceFileW`` on Windows. The file that step displaced is
checked: if it is not exactly what was compared (someone saved in that instant), the two trade
back, their save stays, and the caller hears of a conflict, never of success.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from typing import cast

from cyberark_cfg.errors import ConcurrentModificationError, FileAccessError
from cyberark_cfg.writing import names, windows
from cyberark_cfg.writing.metadata import MetadataLoss, copy_metadata, refuse_hard_link

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
CONFLICT = "changed on disk since it was read; nothing written, run again"
REPLACED = "is another file than the one that was read (replaced or relinked since); nothing " \
    "written, run again"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data`` (change records; the write itself compares bytes). hashlib
    loads OpenSSL, a tenth of a cold `cfgtool set` that records nothing: imported here."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: bytes | None = None,
                 identity: tuple[int, int] | None = None, backup: bool = False,
                 create: bool = False, allow_metadata_loss: bool = False) -> str | None:
    """Replace the file at ``path`` (the target, if it is a symbolic link) with ``data``.

    ``expected`` is what was read earlier: when the file no longer holds exactly that, raise
    :class:`ConcurrentModificationError` and write nothing; so too when ``identity`` (the
    ``(st_dev, st_ino)`` of the file that was read) is not the file found now, as when a link
    was swapped in since. A file that already holds ``data``
    is not touched. ``backup`` keeps the replaced bytes under a new name (never overwriting a
    file); ``create`` lets a missing file be created. Returns the backup's path, if any.
    """
    shown = os.fspath(path)
    target = resolve(shown)
    if create and _create(target, data, shown):
        return None
    while True:
        descriptor = _open(target, shown)
        try:
            lock(descriptor, shown)
            info = os.fstat(descriptor)
            if not _still_at(target, info):
                # Another writer replaced the file while we waited for the lock: the
                # descriptor now points at the old copy. Look again.
                continue
            if not stat.S_ISREG(info.st_mode):
                raise FileAccessError("is not a regular file; nothing written", path=shown)
            current = read_all(descriptor)
            if expected is not None and current != expected:
                raise ConcurrentModificationError(CONFLICT, path=shown)
            if identity is not None and identity != (info.st_dev, info.st_ino):
                raise ConcurrentModificationError(REPLACED, path=shown)
            if current == data:
                return None
            check_replaceable(target, info, shown)
            return _swap_in(target, descriptor, info, current, data, shown, backup=backup,
                            allow_metadata_loss=allow_metadata_loss)
        finally:
            os.close(descriptor)  # also releases the lock (flock, LockFileEx)


def check_replaceable(target: str, info: os.stat_result, shown: str) -> None:
    """Refuse a read-only file (by its mode bits or Windows attribute, not only os.access: an
    administrator could write anyway, but a file marked read-only was marked so on purpose)
    and a hard-linked one."""
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise FileAccessError("is read-only; nothing written", path=shown)
    refuse_hard_link(info, shown)


def check_ready(path: str | os.PathLike[str], expected: bytes, *,
                identity: tuple[int, int] | None = None,
                allow_metadata_loss: bool = False) -> None:
    """Everything :func:`write_atomic` will need, checked now and nothing written: the file
    opens and locks (no other cfgtool run holds it), is the one read and still holds
    ``expected``, is writable and not hard-linked, its folder takes a new file, and (POSIX) its
    owner can be kept. Raises the error the write would raise."""
    shown = os.fspath(path)
    target = resolve(shown)
    descriptor = _open(target, shown)
    try:
        lock(descriptor, shown)
        info = os.fstat(descriptor)
        if read_all(descriptor) != expected:
            raise ConcurrentModificationError(CONFLICT, path=shown)
        if identity is not None and identity != (info.st_dev, info.st_ino):
            raise ConcurrentModificationError(REPLACED, path=shown)
        check_replaceable(target, info, shown)
        if not os.access(os.path.dirname(target), os.W_OK):
            raise FileAccessError("its folder is not writable (the new bytes go to a "
                                  "temporary file there first); nothing written", path=shown)
        geteuid = getattr(os, "geteuid", None)
        if geteuid is not None and not allow_metadata_loss and geteuid() not in (0, info.st_uid):
            raise MetadataLoss(f"is owned by user {info.st_uid}, and a replace by another user "
                               f"would not keep that owner; nothing written (run as its owner "
                               f"or an administrator, or accept the change with "
                               f"--allow-metadata-loss)", path=shown)
    finally:
        os.close(descriptor)


def resolve(path: str) -> str:
    """The file ``path`` names, links followed (the write goes to the target, the link stays).
    Where the system cannot say (wine's GetFinalPathNameByHandleW on a long path), the absolute
    path: a link there is then refused when opened, never followed blindly."""
    try:
        return os.path.realpath(path)
    except OSError:
        return os.path.abspath(path)


def read_all(descriptor: int) -> bytes:
    os.lseek(descriptor, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _open(target: str, shown: str) -> int:
    """The original, opened for reading without following a link swapped in since it was
    resolved (Windows: with delete sharing, so it can be replaced while we hold it)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        descriptor = windows.open_shared(target, shown)
        if os.fstat(descriptor).st_file_attributes & windows.FILE_ATTRIBUTE_REPARSE_POINT:
            os.close(descriptor)
            raise FileAccessError("became a link since it was read; nothing written",
                                  path=shown)
        return descriptor
    try:
        return os.open(target, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY)
    except FileNotFoundError:
        raise FileAccessError("no such file", path=shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileAccessError("became a link since it was read; nothing written",
                                  path=shown) from None
        raise FileAccessError(exc.strerror or "cannot be opened", path=shown) from None


def lock(descriptor: int, shown: str) -> None:
    """An exclusive lock that other cfgtool runs respect (flock; LockFileEx past the end)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        windows.lock(descriptor, shown)
        return
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError as exc:  # a file system without locks (some network shares)
        raise FileAccessError(f"cannot be locked ({exc.strerror}); nothing written",
                              path=shown) from None


def _still_at(target: str, info: os.stat_result) -> bool:
    try:
        current = os.lstat(target)
    except FileNotFoundError:
        return False
    return (current.st_ino, current.st_dev) == (info.st_ino, info.st_dev)


def _swap_in(target: str, original: int, info: os.stat_result, current: bytes, data: bytes,
             shown: str, *, backup: bool, allow_metadata_loss: bool) -> str | None:
    folder = os.path.dirname(target)
    saved = temp = None
    try:
        if backup and sys.platform != "win32":
            saved = _backup_copy(target, original, info, current, shown)
        temp = _temporary(folder, target, data, original, info, shown, allow_metadata_loss)
        # Writing and syncing those took milliseconds: a save landing meanwhile is caught here,
        # by cheap checks, so the step below rarely has to trade back (and only a save landing
        # in the microseconds from here to the replace can make it).
        if not _unchanged(target, original, info):
            raise ConcurrentModificationError(CONFLICT, path=shown)
        if sys.platform == "win32":  # pragma: no cover - Windows
            saved = _replace_windows(target, temp, original, info, current, shown, backup)
        elif (ours := _identity(temp)) and exchange(temp, target):
            _check_displaced(target, temp, original, info, current, ours, shown)
            with contextlib.suppress(OSError):  # written: a leftover is reported by the walk
                os.unlink(temp)
        else:
            _replace_fallback(target, temp, original, info, current, shown)
        temp = None
    except BaseException as exc:
        _discard(temp)
        _discard(saved)
        if isinstance(exc, OSError):
            raise FileAccessError(f"write failed ({exc.strerror or type(exc).__name__}); "
                                  f"the original is unchanged", path=shown) from None
        raise
    sync_folder(folder)
    return saved


def _temporary(folder: str, target: str, data: bytes, original: int, info: os.stat_result,
               shown: str, allow_metadata_loss: bool) -> str:
    """The new bytes in a temporary file next to the target, on disk, with its metadata."""
    descriptor, temp = tempfile.mkstemp(dir=folder, prefix=names.temp_prefix(target),
                                        suffix=names.TEMP_SUFFIX)
    try:
        write_all(descriptor, data)
        if sys.platform != "win32":  # ReplaceFileW carries the metadata over itself
            copy_metadata(original, info, descriptor, shown, allow_loss=allow_metadata_loss)
    except BaseException:
        os.close(descriptor)
        _discard(temp)
        raise
    os.close(descriptor)
    return temp


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]
    os.fsync(descriptor)


def _unchanged(target: str, original: int, info: os.stat_result) -> bool:
    """Still the file we locked, under its name, with the size and modification time we saw."""
    now = os.fstat(original)
    return _still_at(target, info) and (now.st_size, now.st_mtime_ns) == (
        info.st_size, info.st_mtime_ns)


def _identity(name: str) -> tuple[int, int]:
    found = os.lstat(name)
    return found.st_ino, found.st_dev


def _check_displaced(target: str, displaced: str, original: int, info: os.stat_result,
                     current: bytes, ours: tuple[int, int], shown: str) -> None:
    """After the exchange, ``displaced`` holds what was at ``target`` at that instant: it must
    be the file we locked, holding the bytes we compared. Otherwise trade back at once (a
    reader could see our bytes meanwhile: the cheap checks, file and size and modification
    time, come before the read) and refuse."""
    if _identity(displaced) == (info.st_ino, info.st_dev) and _unchanged(
            displaced, original, info) and read_all(original) == current:
        return
    # Their save goes back where they put it; ours is discarded. Each exchange hands back what
    # was under the name at that instant: when that is not what we put there, someone saved
    # again meanwhile, and that save is the newest: it goes back under the name in turn.
    expected = ours
    for _ in range(TRADES):
        putting = _identity(displaced)
        exchange(displaced, target)
        if _identity(displaced) == expected:
            break
        expected = putting
    raise ConcurrentModificationError(CONFLICT, path=shown)


# Trades back at most (each needs another save landing within microseconds).
TRADES = 16


def _replace_fallback(target: str, temp: str, original: int, info: os.stat_result,
                      current: bytes, shown: str) -> None:
    """Where names cannot be exchanged: check once more, then rename. A save landing between
    that check and the rename (microseconds) would be lost; documented in the README."""
    if not _still_at(target, info) or read_all(original) != current:
        raise ConcurrentModificationError(CONFLICT, path=shown)
    os.replace(temp, target)


def _replace_windows(target: str, temp: str, original: int, info: os.stat_result,
                     current: bytes, shown: str, backup: bool
                     ) -> str | None:  # pragma: no cover - Windows
    displaced = os.path.join(os.path.dirname(target), names.temp_prefix(target)
                             + os.urandom(6).hex() + names.DISPLACED_SUFFIX)
    windows.replace(target, temp, displaced, shown)
    moved = os.stat(displaced)
    if moved.st_ino != info.st_ino or read_all(original) != current:
        # Theirs back under its name. Not with ReplaceFileW: it wants the replacing file
        # unshared, and we hold it open; two renames (a file open with delete sharing can be
        # renamed), ours first out of the way.
        windows.move_no_replace(target, temp)
        windows.move_no_replace(displaced, target)
        _discard(temp)
        raise ConcurrentModificationError(CONFLICT, path=shown)
    if not backup:
        _discard(displaced)
        return None
    try:
        return names.create_exclusive(names.backup_names(target),
                                      lambda name: windows.move_no_replace(displaced, name))
    except OSError:
        raise FileAccessError(f"written, but the backup could not be named; the original "
                              f"bytes are in {displaced}", path=shown) from None


def _backup_copy(target: str, original: int, info: os.stat_result, current: bytes,
                 shown: str) -> str:
    """A copy of the bytes that were compared, under a name no file has (O_EXCL), private
    until it has the original's mode and owner, on disk before the original is replaced."""
    opened: list[int] = []

    def make(name: str) -> None:
        opened.append(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
                              | _O_CLOEXEC | _O_BINARY, 0o600))

    saved = names.create_exclusive(names.backup_names(target), make)
    try:
        write_all(opened[0], current)
        copy_metadata(original, info, opened[0], saved, allow_loss=True)
    except BaseException:
        os.close(opened[0])
        _discard(saved)
        raise
    os.close(opened[0])
    return saved


def _create(target: str, data: bytes, shown: str) -> bool:
    """Create a missing file whole (temporary file, then a link or a rename that never replaces
    anything); False when the file exists, to be replaced as usual."""
    if os.path.lexists(target):
        return False
    folder = os.path.dirname(target)
    mask = os.umask(0)
    os.umask(mask)
    temp = None
    try:
        descriptor, temp = tempfile.mkstemp(dir=folder, prefix=names.temp_prefix(target),
                                            suffix=names.TEMP_SUFFIX)
        try:
            write_all(descriptor, data)
            if sys.platform != "win32":
                os.fchmod(descriptor, 0o666 & ~mask)
        finally:
            os.close(descriptor)
        if sys.platform == "win32":  # pragma: no cover - Windows
            windows.move_no_replace(temp, target)
        else:
            os.link(temp, target)
            os.unlink(temp)
        temp = None
    except FileExistsError:
        _discard(temp)
        return False
    except OSError as exc:
        _discard(temp)
        raise FileAccessError(f"cannot be written ({exc.strerror or type(exc).__name__})",
                              path=shown) from None
    sync_folder(folder)
    return True


def _discard(name: str | None) -> None:
    if name is not None:
        with contextlib.suppress(OSError):
            os.unlink(name)


def sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: lint, which never writes, need not load it

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return cast("Callable[..., int]", function)


def exchange(first: str, second: str) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot, so the caller falls back to a plain rename."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
            _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), second)
