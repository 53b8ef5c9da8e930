"""`cyberark_cfg.save`: the library's write, with the command line's
guarantees (compare with what was read, atomic, metadata kept, nothing when unchanged)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import cyberark_cfg
from cyberark_cfg.errors import ConcurrentModificationError, FileAccessError, ParseError

PADR = b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=Yes\r\n"


@pytest.fixture
def padr(tmp_path: Path) -> Path:
    path = tmp_path / "padr.ini"
    path.write_bytes(PADR)
    os.chmod(path, 0o640)
    return path


def test_save_writes_the_edit_in_place_keeping_the_mode(padr: Path) -> None:
    document = cyberark_cfg.load(padr)
    document.set("FailoverMode", "No")
    assert cyberark_cfg.save(document) is None
    assert padr.read_bytes() == PADR.replace(b"FailoverMode=Yes", b"FailoverMode=No")
    if sys.platform != "win32":  # POSIX mode bits; Windows keeps the ACL (ReplaceFileW)
        assert padr.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in padr.parent.iterdir()) == ["padr.ini"]


def test_save_without_a_change_writes_nothing(padr: Path) -> None:
    os.utime(padr, (1_000_000_000, 1_000_000_000))
    cyberark_cfg.save(cyberark_cfg.load(padr))
    assert padr.stat().st_mtime == 1_000_000_000


def test_save_refuses_a_file_changed_since_it_was_loaded(padr: Path) -> None:
    document = cyberark_cfg.load(padr)
    document.set("FailoverMode", "No")
    theirs = PADR.replace(b"EnableFailover=Yes", b"EnableFailover=No")
    padr.write_bytes(theirs)
    with pytest.raises(ConcurrentModificationError):
        cyberark_cfg.save(document)
    assert padr.read_bytes() == theirs


def test_save_with_backups_keeps_every_version(padr: Path) -> None:
    document = cyberark_cfg.load(padr)
    document.set("FailoverMode", "No")
    first = cyberark_cfg.save(document, backup=True)
    again = cyberark_cfg.load(padr)
    again.set("EnableFailover", "No")
    second = cyberark_cfg.save(again, backup=True)
    assert first and second and first != second
    assert Path(first).read_bytes() == PADR
    assert Path(second).read_bytes() == PADR.replace(b"FailoverMode=Yes", b"FailoverMode=No")


def test_save_elsewhere_creates_but_never_overwrites(padr: Path, tmp_path: Path) -> None:
    document = cyberark_cfg.load(padr)
    document.set("FailoverMode", "No")
    copy = tmp_path / "copy.ini"
    cyberark_cfg.save(document, copy)
    assert copy.read_bytes() == document.to_bytes() and padr.read_bytes() == PADR
    with pytest.raises(FileAccessError, match="not the file this document was read from"):
        cyberark_cfg.save(document, copy)


def test_save_refuses_what_did_not_parse_or_was_not_read(padr: Path) -> None:
    padr.write_bytes(PADR + b"this is not an entry\r\n")
    broken = cyberark_cfg.load(padr, strict=False)
    with pytest.raises(ParseError):
        cyberark_cfg.save(broken)
    text = cyberark_cfg.loads(PADR.decode(), "padr", path=str(padr))
    with pytest.raises(FileAccessError, match="parsed from text"):
        cyberark_cfg.save(text)
    with pytest.raises(ValueError, match="give the path"):
        cyberark_cfg.save(cyberark_cfg.loads(PADR, "padr"))
