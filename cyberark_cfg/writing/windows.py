"""The Windows half of the write path, through the Win32 API (ctypes; nothing to install).

The original is opened with read, write *and delete* sharing (so the replace is never blocked
by our own handle) and locked with ``LockFileEx`` on a byte far past its end (a real byte-range
lock on Windows is mandatory: locking data would make a service's read of the file fail). The
new bytes take its place through ``ReplaceFileW``, which keeps the original's ACL, owner,
attributes, alternate data streams and creation time, and moves the displaced file to a name
we give, so we can check afterwards that it was exactly what we compared.
"""

from __future__ import annotations

import errno
import os
import sys
import time

from cyberark_cfg.errors import FileAccessError

ERROR_FILE_NOT_FOUND = 2
ERROR_ACCESS_DENIED = 5
ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
ERROR_UNABLE_TO_REMOVE_REPLACED = 1175  # the original is open elsewhere; names unchanged
ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 = 1177
HELD_OPEN = (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ERROR_UNABLE_TO_REMOVE_REPLACED)
_RETRIES, _RETRY_SECONDS = 20, 0.05
FILE_ATTRIBUTE_REPARSE_POINT = 0x400

# Which service to stop, by file name; the wording stays a guess because it is one.
_SERVICES = {
    "padr.ini": "the CyberArk Vault Disaster Recovery service",
    "dbparm.ini": "the PrivateArk Server service",
    "tsparm.ini": "the PrivateArk Server service",
    "vault.ini": "the service of the component that uses it (CPM: CyberArk Password Manager; "
                 "PSM: CyberArk Privileged Session Manager; PVWA: IIS, with iisreset /stop)",
    "basic_psm.ini": "the CyberArk Privileged Session Manager service",
}


def held_open_message(path: str) -> str:
    """The one line for a sharing violation: the file, and the service to stop."""
    service = _SERVICES.get(os.path.basename(path).lower(), "the program or service using it")
    return (f"is open in another program without sharing (a running service probably holds "
            f"it: stop {service}, then run again); nothing written")


def long_path(path: str) -> str:
    r"""An absolute path Win32 accepts at any length: ``\\?\C:\...`` or ``\\?\UNC\server\...``
    past the classic 260-character limit (wine and Windows both need absolute paths here)."""
    absolute = os.path.abspath(path)
    if len(absolute) < 240 or absolute.startswith("\\\\?\\"):
        return absolute
    if absolute.startswith("\\\\"):
        return "\\\\?\\UNC\\" + absolute[2:]
    return "\\\\?\\" + absolute


def error_for(code: int, shown: str, action: str) -> FileAccessError:
    if code in HELD_OPEN:
        return FileAccessError(held_open_message(shown), path=shown)
    if code == ERROR_ACCESS_DENIED:
        return FileAccessError(f"{action}: access denied; nothing written", path=shown)
    return FileAccessError(f"{action} failed (Windows error {code}); the original is unchanged",
                           path=shown)


if sys.platform == "win32":
    import ctypes
    import msvcrt
    from ctypes import wintypes

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                    ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD),
                    ("hEvent", wintypes.HANDLE)]

    _CreateFileW = _kernel32.CreateFileW
    _CreateFileW.restype = wintypes.HANDLE
    _CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p,
                             wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    _LockFileEx = _kernel32.LockFileEx
    _LockFileEx.restype = wintypes.BOOL
    _LockFileEx.argtypes = [wintypes.HANDLE, wintypes.DWORD, wintypes.DWORD, wintypes.DWORD,
                            wintypes.DWORD, ctypes.POINTER(_Overlapped)]
    _ReplaceFileW = _kernel32.ReplaceFileW
    _ReplaceFileW.restype = wintypes.BOOL
    _ReplaceFileW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.LPCWSTR,
                              wintypes.DWORD, ctypes.c_void_p, ctypes.c_void_p]
    _MoveFileExW = _kernel32.MoveFileExW
    _MoveFileExW.restype = wintypes.BOOL
    _MoveFileExW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD]

    _GENERIC_READ = 0x80000000
    _SHARE_ALL = 0x1 | 0x2 | 0x4  # read, write, delete
    _OPEN_EXISTING = 3
    _FLAG_OPEN_REPARSE_POINT = 0x00200000
    _INVALID = wintypes.HANDLE(-1).value
    _LOCK_EXCLUSIVE = 0x2
    _LOCK_OFFSET_HIGH = 0x40000000  # byte 2**62: past any file's end, so no read is blocked
    _REPLACE_WRITE_THROUGH = 0x1
    _MOVE_WRITE_THROUGH = 0x8

    def open_shared(path: str, shown: str) -> int:
        """A read-only descriptor on ``path`` that lets others read, write, delete and rename
        it (and lets ReplaceFileW replace it); a link is opened as the link, not followed."""
        handle = _CreateFileW(long_path(path), _GENERIC_READ, _SHARE_ALL, None, _OPEN_EXISTING,
                              _FLAG_OPEN_REPARSE_POINT, None)
        if handle == _INVALID or handle is None:
            code = ctypes.get_last_error()
            if code == ERROR_FILE_NOT_FOUND:
                raise FileAccessError("no such file", path=shown)
            raise error_for(code, shown, "cannot be opened")
        return msvcrt.open_osfhandle(handle, os.O_RDONLY)

    def _overlapped() -> _Overlapped:
        return _Overlapped(0, 0, 0, _LOCK_OFFSET_HIGH, None)

    def lock(descriptor: int, shown: str) -> None:
        handle = msvcrt.get_osfhandle(descriptor)
        if not _LockFileEx(handle, _LOCK_EXCLUSIVE, 0, 1, 0, ctypes.byref(_overlapped())):
            raise error_for(ctypes.get_last_error(), shown, "cannot be locked")

    def replace(target: str, replacement: str, displaced: str, shown: str) -> None:
        """``replacement`` takes ``target``'s name and metadata; the file that was at
        ``target`` moves to ``displaced``. On failure the original is back under its name."""
        for attempt in range(_RETRIES + 1):
            if _ReplaceFileW(long_path(target), long_path(replacement), long_path(displaced),
                             _REPLACE_WRITE_THROUGH, None, None):
                return
            code = ctypes.get_last_error()
            # Another program has the file open without delete sharing; both files still have
            # their names. A virus scanner or a backup agent lets go within moments: wait a
            # little; a service holding it for good gets the message naming it.
            if code not in HELD_OPEN or attempt == _RETRIES:
                break
            time.sleep(_RETRY_SECONDS)
        if code == ERROR_UNABLE_TO_MOVE_REPLACEMENT_2:
            # The original went to the displaced name and the new file could not follow:
            # put the original back before saying so.
            _MoveFileExW(long_path(displaced), long_path(target), _MOVE_WRITE_THROUGH)
        raise error_for(code, shown, "replace")

    def move_no_replace(source: str, destination: str) -> None:
        """Rename without ever replacing: FileExistsError when ``destination`` exists."""
        if not _MoveFileExW(long_path(source), long_path(destination), _MOVE_WRITE_THROUGH):
            code = ctypes.get_last_error()
            if code in (80, 183):  # ERROR_FILE_EXISTS, ERROR_ALREADY_EXISTS
                raise FileExistsError(destination)
            raise OSError(None, f"Windows error {code}", destination, code)
else:  # Elsewhere these are never called; they keep one signature for type checking.
    def _windows_only(*args: object) -> None:
        raise OSError(errno.ENOSYS, "Windows only")

    open_shared = lock = replace = move_no_replace = _windows_only
