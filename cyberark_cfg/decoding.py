"""Turn a file's bytes into text and back without losing a byte.

The products read these files as ANSI, but PowerShell and Notepad re-encode them (UTF-16 LE with
a BOM from Windows PowerShell 5.1 ``Out-File``/``>``, a UTF-8 BOM from PowerShell 7 or Notepad).
We detect what the bytes are, record it on the document, and encode back the same way.
"""

import codecs
from typing import NamedTuple

from cyberark_cfg.errors import ParseError

# Encodings as recorded on a document. ``cp1252`` is the Windows ANSI code page that the
# products use; undefined cp1252 bytes survive through ``surrogateescape``.
ASCII = "ascii"
UTF8 = "utf-8"
CP1252 = "cp1252"
UTF16LE = "utf-16-le"
UTF16BE = "utf-16-be"
# What decode records without being told a code page (anything else was named by the user).
UNICODE_OR_DEFAULT = (ASCII, UTF8, CP1252, "utf-16-le", "utf-16-be")

_BOMS = (
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, UTF16LE),
    (codecs.BOM_UTF16_BE, UTF16BE),
)

# Error handlers that make decode/encode exact inverses for each family.
_ERRORS = {
    ASCII: "strict",
    UTF8: "strict",
    CP1252: "surrogateescape",
    UTF16LE: "surrogatepass",
    UTF16BE: "surrogatepass",
}


class Decoded(NamedTuple):
    """Text plus everything needed to turn it back into the original bytes."""

    text: str  # may hold secrets: never in the repr
    encoding: str
    bom: bool

    def __repr__(self) -> str:
        return f"Decoded(encoding={self.encoding!r}, bom={self.bom!r})"


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves a NUL in every other byte."""
    if len(data) < 4:
        return None
    sample = data[:4096]
    if 0 not in sample:  # the common case, answered in one scan
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) >= half * 0.9 and even.count(0) <= half * 0.1:
        return UTF16LE
    if even.count(0) >= half * 0.9 and odd.count(0) <= half * 0.1:
        return UTF16BE
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def ansi_page(encoding: str) -> str | None:
    """The ANSI code page a document read as ``encoding`` was read in, when one was named
    (None for Unicode, ASCII and the default cp1252), so that a later parse of its bytes
    reads them the same way."""
    return None if encoding in UNICODE_OR_DEFAULT else encoding


# Text codecs that keep ASCII yet are no code page a file is saved in: host names, escape
# sequences, and 7-bit encodings that switch character sets with escapes (hz, iso2022_*).
NOT_CODE_PAGES = frozenset({"idna", "utf-7", "unicode-escape", "raw-unicode-escape", "charmap",
                            "hz"})


def ansi_codec(name: str) -> str:
    """The codec for an ANSI code page named by the user (`cp1251`, `1250`, `gbk`), as Python
    spells it; ``ValueError`` for a name that is not an 8-bit or double-byte ANSI code page."""
    text = name.strip().lower()
    if text.isdigit():
        text = "cp" + text
    try:
        found = codecs.lookup(text).name
    except LookupError:
        raise ValueError(f"unknown code page {name!r}") from None
    try:  # a bytes-to-bytes codec (rot13, base64, zlib) raises LookupError on decode
        ascii_kept = b"Key=Value\r\n".decode(found, "strict") == "Key=Value\r\n"
    except (LookupError, ValueError):
        ascii_kept = False
    if (found in (UTF8, UTF16LE, UTF16BE, "utf-16", "utf-32", "utf-8-sig") or not ascii_kept
            or found in NOT_CODE_PAGES or found.startswith("iso2022")):
        raise ValueError(f"{name!r} is not an ANSI code page (cp1252, cp1251, gbk, ...)")
    return found


def decode(data: bytes, path: str | None = None, ansi: str = CP1252) -> Decoded:
    """Decode ``data``; raise :class:`ParseError` for bytes that no encoding explains.

    ``ansi`` is the code page of a file that is neither UTF-16, nor UTF-8, nor ASCII (the
    products' default, cp1252, unless the user names another with ``--encoding``); bytes it
    does not define survive through ``surrogateescape``, so the file still round-trips. A
    double-byte code page that cannot give back the exact bytes is not used (cp1252 is)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_utf16_or_8(data[len(bom) :], encoding, path, len(bom)), encoding,
                           True)
    utf16 = _looks_like_utf16(data)
    if utf16:
        return Decoded(_decode_utf16_or_8(data, utf16, path, 0), utf16, False)
    if b"\x00" in data:
        index = data.index(b"\x00")
        line, column = _position(data.decode("latin-1"), index)
        raise ParseError("NUL byte in a text file", path=path, line=line, column=column,
                         code="CFG002")
    try:
        return Decoded(data.decode(ASCII), ASCII, False)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode(UTF8), UTF8, False)
    except UnicodeDecodeError:
        pass
    if ansi != CP1252:
        text = data.decode(ansi, "surrogateescape")
        if text.encode(ansi, "surrogateescape") == data:
            return Decoded(text, ansi, False)
    return Decoded(data.decode(CP1252, _ERRORS[CP1252]), CP1252, False)


def _decode_utf16_or_8(body: bytes, encoding: str, path: str | None, offset: int) -> str:
    if encoding == UTF8:
        try:
            return body.decode(UTF8)
        except UnicodeDecodeError as exc:
            prefix = body[: exc.start].decode(UTF8, "replace")
            line, column = _position(prefix, len(prefix))
            raise ParseError("invalid UTF-8 after a UTF-8 byte order mark", path=path,
                             line=line, column=column, code="CFG002") from None
    if len(body) % 2:
        text = body[:-1].decode(encoding, _ERRORS[encoding])
        line, column = _position(text, len(text))
        raise ParseError("truncated UTF-16: odd number of bytes", path=path, line=line,
                         column=column, code="CFG002")
    text = body.decode(encoding, _ERRORS[encoding])
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        raise ParseError("NUL character in a UTF-16 text file", path=path, line=line,
                         column=column, code="CFG002")
    return text


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """Inverse of :func:`decode` for text that came from it (or was edited in its charset)."""
    body = text.encode(encoding, _errors(encoding))
    if not bom:
        return body
    return {UTF8: codecs.BOM_UTF8, UTF16LE: codecs.BOM_UTF16_LE,
            UTF16BE: codecs.BOM_UTF16_BE}[encoding] + body


def can_encode(text: str, encoding: str) -> bool:
    """Whether ``text`` survives ``encoding`` unchanged (used before an edit or a re-encode)."""
    try:
        return decode_plain(encode(text, encoding, False), encoding) == text
    except (UnicodeError, ValueError):
        return False


def decode_plain(data: bytes, encoding: str) -> str:
    return data.decode(encoding, _errors(encoding))


def _errors(encoding: str) -> str:
    """The error handler that makes ``encoding`` lossless; any ANSI code page named with
    ``--encoding`` keeps its undefined bytes as cp1252 does."""
    return _ERRORS.get(encoding, "strict" if encoding.startswith("utf") else "surrogateescape")
