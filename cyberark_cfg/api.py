"""The library's front door: load, parse and detect. Everything a script needs starts here."""

from __future__ import annotations

import os
import stat

from cyberark_cfg import decoding
from cyberark_cfg.document import Document
from cyberark_cfg.errors import FileAccessError, ParseError
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
        if not os.path.isfile(path):  # a pipe would block the read (see read_bytes)
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read(65536)
        except OSError:
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
    try:
        return get_kind(kind)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None


def loads(data: bytes | str, kind: str | Kind | None = None, *, path: str | None = None,
          strict: bool = True) -> Document:
    """Parse ``data`` (bytes are decoded, text is taken as already decoded).

    With ``strict`` (the default) a line that does not parse raises :class:`ParseError`;
    otherwise the document comes back with its problems in ``document.errors``.
    """
    from cyberark_cfg.parser import parse_text

    if isinstance(data, bytes):
        decoded = decoding.decode(data, path)
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

    Only regular files are opened: a named pipe called padr.ini in a folder being linted would
    block the run forever waiting for a writer, and a device never ends (or acts on being
    opened). Reads go straight to the descriptor: a Python file object per file cost more
    than reading a small file.
    """
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
        if stat.S_ISDIR(mode):
            raise FileAccessError("is a directory, not a file", path=name)
        if not stat.S_ISREG(mode):
            raise FileAccessError("is not a regular file (a pipe, socket or device); not read",
                                  path=name)
        descriptor = os.open(name, os.O_RDONLY | _O_BINARY)
        try:
            size = os.fstat(descriptor).st_size
            if max_bytes and size > max_bytes:
                raise FileAccessError(
                    f"file is {size} bytes, over the {max_bytes}-byte limit "
                    f"(raise it with --max-bytes)", path=name)
            data = _read_up_to(descriptor, size, max_bytes + 1 if max_bytes else -1)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise FileAccessError("no such file", path=name) from None
    except PermissionError:
        raise FileAccessError("permission denied", path=name) from None
    except IsADirectoryError:
        raise FileAccessError("is a directory, not a file", path=name) from None
    except OSError as exc:
        raise FileAccessError(exc.strerror or "cannot be read", path=name) from None
    if max_bytes and len(data) > max_bytes:
        raise FileAccessError(f"file is over the {max_bytes}-byte limit", path=name)
    return data


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
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
         max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse the file at ``path``; the kind comes from its name, then its content."""
    name = os.fspath(path)
    identity = _identity(name)  # before the read: a file swapped in after it is never saved over
    data = read_bytes(name, max_bytes)
    resolved = _resolve_kind(kind)
    if resolved is None:
        detected = detect_kind(os.path.basename(name), data)
        resolved = get_kind(detected) if detected else None
    document = loads(data, resolved, path=name, strict=strict)
    document.source_identity = identity
    return document


def _identity(path: str) -> tuple[int, int] | None:
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
    check = loads(data, document.schema, path=target, strict=True)
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
