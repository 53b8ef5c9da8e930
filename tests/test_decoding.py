"""Encoding, BOM and newline detection, and the errors for bytes no encoding explains."""

from __future__ import annotations

import codecs

import pytest

import cyberark_cfg
from cyberark_cfg.decoding import decode, encode

TEXT = "[MAIN]\r\nFailoverMode=No\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("ascii"), "ascii", False),
        (codecs.BOM_UTF8 + TEXT.encode(), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (TEXT.encode("utf-16-le"), "utf-16-le", False),
        (TEXT.encode("utf-16-be"), "utf-16-be", False),
        ("VAULT=\"Soci\u00e9t\u00e9\"\r\n".encode("cp1252"), "cp1252", False),
        ("VAULT=\"Z\u00fcrich\"\n".encode(), "utf-8", False),
    ],
)
def test_detects_and_restores(data: bytes, encoding: str, bom: bool) -> None:
    decoded = decode(data)
    assert (decoded.encoding, decoded.bom) == (encoding, bom)
    assert encode(decoded.text, decoded.encoding, decoded.bom) == data
    assert cyberark_cfg.loads(data, "padr").to_bytes() == data


def test_undefined_cp1252_bytes_survive() -> None:
    data = b"VAULT=\"\x81\x8d\x8f\x90\x9d\"\r\n"
    document = cyberark_cfg.loads(data, "vault")
    assert document.encoding == "cp1252"
    assert document.to_bytes() == data


@pytest.mark.parametrize(("data", "line", "column"), [
    (b"[MAIN]\r\nFailover\x00Mode=No\r\n", 2, 9),
    (b"\x00", 1, 1),
])
def test_nul_byte_in_8bit_file_names_the_line(data: bytes, line: int, column: int) -> None:
    with pytest.raises(cyberark_cfg.ParseError) as caught:
        cyberark_cfg.loads(data, "padr", path="padr.ini")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.code == "CFG002"
    assert str(caught.value).startswith("padr.ini:")


def test_truncated_utf16_is_a_parse_error() -> None:
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1]
    with pytest.raises(cyberark_cfg.ParseError, match="truncated UTF-16"):
        cyberark_cfg.loads(data, "padr")


def test_newline_style_is_recorded() -> None:
    assert cyberark_cfg.loads(b"A=1\r\nB=2\r\n", "padr").newline == "\r\n"
    assert cyberark_cfg.loads(b"A=1\nB=2\n", "padr").newline == "\n"
    assert cyberark_cfg.loads(b"A=1\nB=2\r\nC=3\n", "padr").newline == "\n"
