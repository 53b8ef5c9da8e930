"""Writes under faults: the original bytes survive or the new bytes are complete, never a mix."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from write_faults import SYMLINKS, WINDOWS, break_the_replace

from cyberark_cfg import writing
from cyberark_cfg.errors import ConcurrentModificationError, FileAccessError
from cyberark_cfg.writing import atomic

ORIGINAL = b"[MAIN]\r\nFailoverMode=Yes\r\nEnableFailover=Yes\r\n"
NEW = b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "padr.ini"
    path.write_bytes(ORIGINAL)
    os.chmod(path, 0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "padr.ini")


def test_success_replaces_whole_file_and_keeps_mode(target: Path) -> None:
    writing.write_atomic(str(target), NEW, expected=ORIGINAL)
    assert target.read_bytes() == NEW
    if not WINDOWS:  # POSIX_MODE
        assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("step", ["exchange", pytest.param("replace", marks=pytest.mark.skipif(
    WINDOWS, reason="the plain-rename fallback is for systems without an exchange"))])
def test_failing_replace_leaves_original_intact(target: Path, monkeypatch: pytest.MonkeyPatch,
                                                step: str) -> None:
    def broken_replace(*args: object) -> None:
        raise OSError(errno.EIO, "simulated I/O error")

    if step == "replace":  # where names cannot be exchanged: the plain rename
        monkeypatch.setattr(atomic, "exchange", lambda first, second: False)
        monkeypatch.setattr(atomic.os, "replace", broken_replace)
    else:
        break_the_replace(monkeypatch, broken_replace)
    with pytest.raises(FileAccessError, match="original is unchanged"):
        writing.write_atomic(str(target), NEW, expected=ORIGINAL)
    assert target.read_bytes() == ORIGINAL
    assert leftovers(target.parent) == []


def test_disk_full_leaves_original_intact(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(FileAccessError, match="No space left"):
        writing.write_atomic(str(target), NEW, expected=ORIGINAL)
    assert target.read_bytes() == ORIGINAL
    assert leftovers(target.parent) == []


def test_file_changed_since_read_is_refused(target: Path) -> None:
    someone_else = ORIGINAL.replace(b"EnableFailover=Yes", b"EnableFailover=No")
    target.write_bytes(someone_else)
    with pytest.raises(ConcurrentModificationError):
        writing.write_atomic(str(target), NEW, expected=ORIGINAL)
    assert target.read_bytes() == someone_else


def test_read_only_file_is_refused(target: Path) -> None:
    os.chmod(target, 0o444)
    with pytest.raises(FileAccessError, match="read-only"):
        writing.write_atomic(str(target), NEW, expected=ORIGINAL)
    assert target.read_bytes() == ORIGINAL


@pytest.mark.skipif(WINDOWS, reason=SYMLINKS)
def test_symlink_edits_target_and_keeps_link(target: Path) -> None:
    link = target.parent / "link.ini"
    link.symlink_to(target.name)
    writing.write_atomic(str(link), NEW, expected=ORIGINAL)
    assert link.is_symlink()
    assert target.read_bytes() == NEW


def test_backup_holds_the_bytes_that_were_read(target: Path) -> None:
    saved = writing.write_atomic(str(target), NEW, expected=ORIGINAL, backup=True)
    assert saved is not None and Path(saved).read_bytes() == ORIGINAL
    assert target.read_bytes() == NEW


RACE = """
import sys
from cyberark_cfg.api import load, read_bytes
from cyberark_cfg.errors import ConcurrentModificationError
from cyberark_cfg.writing import write_atomic
path, key = sys.argv[1], sys.argv[2]
original = read_bytes(path)
document = load(path)
document.set(key, "No")
try:
    write_atomic(path, document.to_bytes(), expected=original)
except ConcurrentModificationError:
    print("refused")
else:
    print("written")
"""


@pytest.mark.parametrize("round_", range(5))
def test_two_writers_at_once_lose_no_update_and_tear_nothing(target: Path, round_: int) -> None:
    script = target.parent / "race.py"
    script.write_text(RACE)
    procs = [subprocess.Popen([sys.executable, str(script), str(target), key],
                              stdout=subprocess.PIPE, text=True)
             for key in ("FailoverMode", "EnableFailover")]
    outcomes = [proc.communicate(timeout=60)[0].strip() for proc in procs]
    data = target.read_bytes()
    failover_written = outcomes[0] == "written"
    enable_written = outcomes[1] == "written"
    assert "written" in outcomes
    # Every reported success is in the final file; nothing else changed; no partial bytes.
    expected = ORIGINAL
    if failover_written:
        expected = expected.replace(b"FailoverMode=Yes", b"FailoverMode=No")
    if enable_written:
        expected = expected.replace(b"EnableFailover=Yes", b"EnableFailover=No")
    assert data == expected
