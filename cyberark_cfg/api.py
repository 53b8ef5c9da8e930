"""The library's front door: load, parse and detect. Everything a script needs starts here."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from functools import cache

from cyberark_cfg import decoding
from cyberark_cfg.display import escape
from cyberark_cfg.document import Document
from cyberark_cfg.errors import CfgError, FileAccessError, ParseError
from cyberark_cfg.kinds import get_kind, kind_by_content, kind_by_filename
from cyberark_cfg.kinds.schema import Kind

DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def detect_kind(path: str | os.PathLike[str] | None, data: bytes | str | None = None
                ) -> str | None:
    """The kind of a file: by its name, then by its content (read from ``path`` if not given).

    Returns None when neither tells.
    """
    if path is not None:
        by_name = kind_by_filename(os.fspath(path))
        if by_name is not None:
            return by_name.name
    if data is None and path is not None:
        try:
            data = read_head(path, 65536)  # regular files only (see open_regular)
        except FileAccessError:
            return None
    if data is None:
        return None
    if isinstance(data, bytes):
        try:
            text = decoding.decode(data[:65536]).text
        except ParseError:
            return None
    else:
        text = data
    by_content = kind_by_content(text)
    return by_content.name if by_content else None


def _resolve_kind(kind: str | Kind | None) -> Kind | None:
    if kind is None or isinstance(kind, Kind):
        return kind
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a kind name, a Kind or None, not {type(kind).__name__}")
    return get_kind(kind)


def loads(data: bytes | str, kind: str | Kind | None = None, *, path: str | None = None,
          strict: bool = True, encoding: str | None = None) -> Document:
    """Parse ``data`` (bytes are decoded, text is taken as already decoded).

    With ``strict`` (the default) a line that does not parse raises :class:`ParseError`;
    otherwise the document comes back with its problems in ``document.errors``. ``encoding``
    names the ANSI code page of a file that is not Unicode (`cp1251`, `cp1250`, `gbk`;
    default cp1252, as the products read it): its bytes are kept on edit either way.
    """
    from cyberark_cfg.parser import parse_text

    if not isinstance(data, (bytes, str)):
        raise TypeError(f"data must be bytes or str, not {type(data).__name__}")
    ansi = decoding.CP1252 if encoding is None else decoding.ansi_codec(encoding)
    if isinstance(data, bytes):
        decoded = decoding.decode(data, path, ansi)
    else:
        decoded = decoding.Decoded(data, decoding.UTF8 if not data.isascii() else decoding.ASCII,
                                   False)
    resolved = _resolve_kind(kind)
    if resolved is None and kind is None:
        by_content = kind_by_content(decoded.text)
        resolved = by_content
    document = parse_text(decoded, resolved, path)
    if strict and document.errors:
        raise document.errors[0]
    if isinstance(data, bytes):
        document.source_bytes = data
    return document


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file whole, refusing directories, missing paths and files over ``max_bytes``.

    Only regular files are read (see :func:`open_regular`). Reads go straight to the
    descriptor: a Python file object per file cost more than reading a small file.
    """
    name = os.fspath(path)
    descriptor, info = open_regular(name)
    try:
        size = info.st_size
        if max_bytes and size > max_bytes:
            raise FileAccessError(f"file is {size} bytes, over the {max_bytes}-byte limit "
                                  f"(raise it with --max-bytes)", path=name)
        data = _read_up_to(descriptor, size, max_bytes + 1 if max_bytes else -1)
    except OSError as exc:
        raise FileAccessError(os_reason(exc), path=name) from None
    finally:
        os.close(descriptor)
    if max_bytes and len(data) > max_bytes:
        raise FileAccessError(f"file is over the {max_bytes}-byte limit", path=name)
    check_lines(data, max_bytes, name)
    return data


BYTES_PER_LINE = 16


def check_lines(data: bytes, max_bytes: int, name: str) -> None:
    """Refuse a file of more lines than one per 16 bytes of ``max_bytes`` (1,048,576 at the
    default 16 MiB; none when ``max_bytes`` is 0): a file of millions of empty lines is no
    configuration, and each line costs a node, so every command took tens of seconds on one.
    CR alone counts as a line break too. Counted in C: milliseconds for 16 MiB."""
    limit = max_bytes // BYTES_PER_LINE
    if not limit or len(data) <= limit:
        return
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if data and not data.endswith((b"\n", b"\r")):
        lines += 1
    if lines > limit:
        raise FileAccessError(f"file has {lines} lines, over the limit of {limit} (one line "
                              f"per {BYTES_PER_LINE} bytes of --max-bytes; raise it with "
                              f"--max-bytes)", path=name)


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of a regular file (for telling its kind)."""
    name = os.fspath(path)
    descriptor, _ = open_regular(name)
    try:
        return os.read(descriptor, size)
    except OSError as exc:
        raise FileAccessError(os_reason(exc), path=name) from None
    finally:
        os.close(descriptor)


def open_regular(name: str) -> tuple[int, os.stat_result]:
    """Open ``name`` for reading and return the descriptor and its ``fstat``, or raise
    :class:`FileAccessError` naming the file and the reason.

    Only regular files pass: a named pipe called padr.ini would block a run forever, and a
    device never ends (or acts on being opened or read). The path is checked before opening
    (no device is opened) and the descriptor after (a link swapped in between is caught
    there); the open is non-blocking where the system has it, so even a pipe swapped in
    returns at once. Kernel pseudo-files (``/proc``, ``/sys``) say they are regular files of
    size 0, and reading one can block or consume its data (``/proc/kmsg``): they are refused
    by their file system's device, before any read.
    """
    try:
        _check_regular(os.stat(name), name)
        descriptor = os.open(name, os.O_RDONLY | _O_BINARY | _O_NONBLOCK | _O_NOCTTY)
    except OSError as exc:
        raise FileAccessError(os_reason(exc), path=name) from None
    except ValueError:  # "embedded null byte": no file has such a name
        raise FileAccessError("no such file (the name holds a NUL character)",
                              path=name) from None
    try:
        info = os.fstat(descriptor)
        _check_regular(info, name)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, info


def _check_regular(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError("is a directory, not a file", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise FileAccessError("is not a regular file (a pipe, socket or device); not read",
                              path=name)
    if info.st_dev in _pseudo_devices():
        raise FileAccessError("is a kernel pseudo-file (/proc or /sys), not a configuration "
                              "file; not read", path=name)


@cache
def _pseudo_devices() -> frozenset[int]:
    """The devices of the kernel's pseudo file systems (none on Windows)."""
    found = set()
    for root in ("/proc", "/sys"):
        with contextlib.suppress(OSError):
            found.add(os.stat(root).st_dev)
    return frozenset(found)


_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory, not a file",
    errno.ENOTDIR: "a folder on the path is a file",
    errno.ENAMETOOLONG: "the file name is too long for this file system",
    errno.ELOOP: "too many levels of symbolic links (a link loop)",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space (or no free inodes) left on the device",
    errno.EMFILE: "too many open files",
    errno.EAGAIN: "would block (not a regular file)",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "disk quota exceeded"


def os_reason(exc: OSError) -> str:
    """The reason for an operating-system error, in words (the file is named by the caller)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def error_message(exc: Exception) -> str | None:
    """What to tell the user about an error whose cause we can name: one of ours, an
    operating-system error (its file and the reason), input nested too deeply; None for any
    other (an internal error)."""
    if isinstance(exc, CfgError):
        return escape(str(exc))
    if isinstance(exc, OSError):
        where = f"{escape(os.fsdecode(exc.filename))}: " if exc.filename is not None else ""
        return where + os_reason(exc)
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process"
    return None


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: opening a pipe never waits for a writer
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)  # POSIX: a terminal opened never becomes ours
_CHUNK = 1 << 20


def _read_up_to(descriptor: int, size: int, limit: int) -> bytes:
    """Read to the end, or to ``limit`` bytes (-1: no limit).

    The first read asks for the size ``fstat`` gave and one byte more: a small file takes one
    system call (asking for the whole limit made Python allocate 16 MiB per file). A read that
    returns less than asked is the end of a regular file; a file that grew since ``fstat``, or
    reports no size, is read on up to the limit, so nothing is cut off.
    """
    parts: list[bytes] = []
    total = 0
    want = size + 1 if size else _CHUNK
    while limit < 0 or total < limit:
        ask = want if limit < 0 else min(want, limit - total)
        chunk = os.read(descriptor, ask)
        if chunk:
            parts.append(chunk)
            total += len(chunk)
        if len(chunk) < ask:
            break
        want = _CHUNK
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load(path: str | os.PathLike[str], kind: str | Kind | None = None, *, strict: bool = True,
         max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Document:
    """Read and parse the file at ``path``; the kind comes from its name, then its content.
    ``encoding``: the ANSI code page, as for :func:`loads`."""
    name = os.fspath(path)
    identity = file_identity(name)  # before the read: a file swapped in after it is refused
    data = read_bytes(name, max_bytes)
    # The name tells the kind, else the decoded text does (in loads: decoded once, in the
    # code page named).
    resolved = _resolve_kind(kind) or kind_by_filename(os.path.basename(name))
    document = loads(data, resolved, path=name, strict=strict, encoding=encoding)
    document.source_identity = identity
    return document


def file_identity(path: str) -> tuple[int, int] | None:
    """``(st_dev, st_ino)``: the file or folder ``path`` leads to now (links followed), or None
    when it cannot be reached."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def save(document: Document, path: str | os.PathLike[str] | None = None, *,
         backup: bool = False, allow_metadata_loss: bool = False) -> str | None:
    """Write ``document`` to the file it was read from, or create ``path``.

    The guarantees of every cfgtool write: a document with lines that did not parse is
    refused; the rendered bytes must parse again to the same bytes; the file must still be the
    one that was read and hold the bytes that were read (else
    :class:`~cyberark_cfg.errors.ConcurrentModificationError`, nothing written); the write is
    atomic and keeps the file's mode, owner, ACL and attributes (or raises, unless
    ``allow_metadata_loss``); nothing is written when nothing changed. ``backup`` keeps the old
    bytes as ``<file>.<UTC time>.bak`` (a new name each time). ``path`` other than the file read
    must not exist yet. Returns the backup's path, if any.
    """
    from cyberark_cfg.writing import write_atomic

    read_from = document.path
    target = os.fspath(path) if path is not None else read_from
    if target is None:
        raise ValueError("this document was not read from a file: give the path to save to")
    if document.errors:
        raise document.errors[0]
    data = document.to_bytes()
    # Read back in the code page it was read in (a GBK `[乚]` is `[`, one character, `]`;
    # as cp1252 its second byte is a stray `]` and the header does not parse).
    check = loads(data, document.kind_schema, path=target, strict=True,
                  encoding=decoding.ansi_page(document.encoding))
    if check.to_bytes() != data:
        raise FileAccessError("the document would not read back as written; nothing written",
                              path=target)
    same_file = read_from is not None and (
        os.path.realpath(target) == os.path.realpath(read_from))
    if not same_file:
        if os.path.lexists(target):
            raise FileAccessError("exists and is not the file this document was read from; "
                                  "nothing written", path=target)
        write_atomic(target, data, create=True)
        return None
    if document.source_bytes is None:
        raise FileAccessError("this document was parsed from text, so there is nothing to "
                              "compare the file with; load it with cyberark_cfg.load to save "
                              "it; nothing written", path=target)
    return write_atomic(target, data, expected=document.source_bytes,
                        identity=document.source_identity, backup=backup,
                        allow_metadata_loss=allow_metadata_loss)
