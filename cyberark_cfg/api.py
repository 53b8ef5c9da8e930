"""The library's front door: load, parse and detect. Everything a script needs starts here."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

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
    return document


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file whole, refusing directories, missing paths and files over ``max_bytes``.

    Only regular files are read: a named pipe called padr.ini in a folder being linted would
    block the run forever waiting for a writer, and a device never ends.
    """
    name = os.fspath(path)
    try:
        if not stat.S_ISREG(os.stat(name).st_mode) and not os.path.isdir(name):
            raise FileAccessError("is not a regular file (a pipe, socket or device); not read",
                                  path=name)
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if max_bytes and size > max_bytes:
                raise FileAccessError(
                    f"file is {size} bytes, over the {max_bytes}-byte limit "
                    f"(raise it with --max-bytes)", path=name)
            data = _read_up_to(handle, size, max_bytes + 1 if max_bytes else -1)
    except IsADirectoryError:
        raise FileAccessError("is a directory, not a file", path=name) from None
    except FileNotFoundError:
        raise FileAccessError("no such file", path=name) from None
    except PermissionError:
        raise FileAccessError("permission denied", path=name) from None
    except OSError as exc:
        raise FileAccessError(exc.strerror or "cannot be read", path=name) from None
    if max_bytes and len(data) > max_bytes:
        raise FileAccessError(f"file is over the {max_bytes}-byte limit", path=name)
    return data


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """Read to the end, or to ``limit`` bytes (-1: no limit).

    The first read is sized by ``fstat``: asking for the whole limit made Python allocate a
    16 MiB buffer per file, which cost more than parsing a small file. A file that grew since
    ``fstat``, or reports no size (a pipe), is read on up to the limit, so nothing is cut off.
    """
    if not size:
        return handle.read(limit)
    want = size + 1 if limit < 0 else min(size + 1, limit)
    data = handle.read(want)
    if len(data) == want and want != limit:
        data += handle.read(limit if limit < 0 else limit - want)
    return data


def load(path: str | os.PathLike[str], kind: str | Kind | None = None, *, strict: bool = True,
         max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse the file at ``path``; the kind comes from its name, then its content."""
    name = os.fspath(path)
    data = read_bytes(name, max_bytes)
    resolved = _resolve_kind(kind)
    if resolved is None:
        detected = detect_kind(os.path.basename(name), data)
        resolved = get_kind(detected) if detected else None
    return loads(data, resolved, path=name, strict=strict)
