"""Read a padr.log without loading it: detect its encoding from the first bytes, then hand out
chunks from the end backwards, each starting at an entry header and ending at a line end.

Windows PowerShell re-saves a log as UTF-16 LE with a BOM, so every offset here respects the
code unit (2 bytes) and newlines are found as whole code units. Each chunk's bytes before its
first entry header (a partial line, or continuation lines) are carried over to the next chunk
read, so an entry is never split between two chunks.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cyberark_cfg.api import open_regular
from cyberark_cfg.errors import FileAccessError, ParseError

BLOCK_SIZE = 1 << 20
_SNIFF = 1 << 16
# A chunk with no entry header for this long is not a padr.log; give it out as it is.
_MAX_CARRY = 64 << 20


@dataclass(frozen=True)
class LogEncoding:
    """How the log's bytes become text: codec, BOM length and code unit size."""

    label: str  # what the report shows: ascii, utf-8, cp1252, utf-16-le with BOM, ...
    codec: str
    start: int
    unit: int

    def encode(self, text: str) -> bytes:
        return text.encode(self.codec)

    def decode(self, data: bytes) -> str:
        if self.unit == 2:
            return data.decode(self.codec, "replace")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            # The services write the Windows ANSI code page; names may hold cp1252 letters.
            return data.decode("cp1252", "replace")

    def aligned(self, offset: int) -> int:
        """The largest code-unit boundary at or before ``offset``."""
        return offset - (offset - self.start) % self.unit

    def find_entry_start(self, data: bytes, begin: int = 0) -> int:
        """Index just after the first newline of ``data`` (from ``begin``) that is followed
        by ``[``, aligned to the code unit; -1 when there is none."""
        needle = self.encode("\n[")
        index = data.find(needle, begin)
        while index >= 0 and index % self.unit:
            index = data.find(needle, index + 1)
        return -1 if index < 0 else index + len(self.encode("\n"))

    def last_line_end(self, data: bytes) -> int:
        """Index just after the last newline of ``data`` (0 when there is none)."""
        newline = self.encode("\n")
        index = data.rfind(newline)
        while index >= 0 and index % self.unit:
            index = data.rfind(newline, 0, index + len(newline) - 1)
        return 0 if index < 0 else index + len(newline)

    def split_lines(self, data: bytes) -> tuple[list[bytes], bytes]:
        """Complete lines (newline included) and the incomplete rest, for following a log."""
        newline = self.encode("\n")
        lines: list[bytes] = []
        begin = 0
        while True:
            index = data.find(newline, begin)
            while index >= 0 and index % self.unit:
                index = data.find(newline, index + 1)
            if index < 0:
                return lines, data[begin:]
            lines.append(data[begin: index + len(newline)])
            begin = index + len(newline)


def detect(head: bytes, path: str | None = None) -> LogEncoding:
    """The encoding of a log whose first bytes are ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return LogEncoding("utf-8 with BOM", "utf-8", 3, 1)
    if head.startswith(codecs.BOM_UTF16_LE):
        return LogEncoding("utf-16-le with BOM", "utf-16-le", 2, 2)
    if head.startswith(codecs.BOM_UTF16_BE):
        return LogEncoding("utf-16-be with BOM", "utf-16-be", 2, 2)
    sample = head[:4096]
    half = len(sample) // 2
    if half >= 1:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) >= half * 0.9 and even.count(0) <= half * 0.1:
            return LogEncoding("utf-16-le", "utf-16-le", 0, 2)
        if even.count(0) >= half * 0.9 and odd.count(0) <= half * 0.1:
            return LogEncoding("utf-16-be", "utf-16-be", 0, 2)
    if b"\x00" in head:
        raise ParseError("not a text log (NUL bytes)", path=path, line=1, column=1)
    if head.isascii():
        return LogEncoding("ascii", "utf-8", 0, 1)
    try:
        # A multi-byte character cut at the end of a partial sample is still UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF)
        return LogEncoding("utf-8", "utf-8", 0, 1)
    except UnicodeDecodeError:
        return LogEncoding("cp1252", "cp1252", 0, 1)


class LogFile:
    """An open padr.log: its size at opening, its encoding, and readers over its bytes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            descriptor, _ = open_regular(self.path)  # regular files only: never /proc/kmsg
            self.handle: BinaryIO = os.fdopen(descriptor, "rb")
        except FileNotFoundError:
            raise FileAccessError("no such file", path=self.path) from None
        except PermissionError:
            raise FileAccessError("permission denied", path=self.path) from None
        except OSError as exc:
            raise FileAccessError(f"cannot read ({exc.strerror or 'I/O error'})",
                                  path=self.path) from None
        try:
            self.size = os.fstat(self.handle.fileno()).st_size
            self.encoding = detect(self.read(0, min(self.size, _SNIFF)), self.path)
        except BaseException:
            self.handle.close()
            raise
        # A UTF-16 log cut in the middle of a code unit: the odd byte is not text.
        self.end = self.encoding.aligned(self.size) if self.size >= self.encoding.start else 0

    def __enter__(self) -> LogFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.handle.close()

    def read(self, offset: int, length: int) -> bytes:
        try:
            self.handle.seek(offset)
            return self.handle.read(length)
        except OSError as exc:
            raise FileAccessError(f"cannot read ({exc.strerror or 'I/O error'})",
                                  path=self.path) from None

    def ends_with_newline(self) -> bool:
        newline = self.encoding.encode("\n")
        if self.end - len(newline) < self.encoding.start:
            return True
        return self.read(self.end - len(newline), len(newline)) == newline

    def reverse_chunks(self, block_size: int = BLOCK_SIZE) -> Iterator[tuple[int, bytes]]:
        """``(offset, bytes)`` chunks from the end of the log to its start (after any BOM)."""
        block_size = max(block_size, 4)
        position, carry = self.end, b""
        while position > self.encoding.start:
            begin = self.encoding.aligned(max(self.encoding.start, position - block_size))
            data = self.read(begin, position - begin) + carry
            position = begin
            if begin == self.encoding.start:
                yield begin, data
                return
            cut = self.encoding.find_entry_start(data)
            if cut < 0 and len(data) < _MAX_CARRY:
                carry = data
                continue
            cut = max(cut, 0)
            carry = data[:cut]
            yield begin + cut, data[cut:]
