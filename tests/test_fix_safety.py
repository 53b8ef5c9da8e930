"""The write path of `cfgtool fix`: verification that does not trust the edit code, atomic
writes that survive an interruption, refusal on concurrent change, and no write without need."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from cli_runner import run

import cyberark_cfg
from cyberark_cfg import edits as edit_module
from cyberark_cfg.edits import RemoveEntry, SetEncoding, SetNewlines, SetValue
from cyberark_cfg.errors import ConcurrentModificationError, FileAccessError
from cyberark_cfg.fixing import (
    Plan,
    Source,
    VerificationError,
    commit,
    failback,
    prepare,
    read_source,
    verify_lines,
    verify_state,
)
from cyberark_cfg.fixing import engine as engine_module

PADR = (b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=Yes\r\nCheckInterval=60\r\n"
        b"NextBinaryLogNumberToStartAt=1186\r\nLastDataReplicationTimestamp=1790838501835879\r\n")
AFTER = b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\nCheckInterval=60\r\n"


@pytest.fixture()
def padr(tmp_path: Path) -> Path:
    path = tmp_path / "padr.ini"
    path.write_bytes(PADR)
    return path


def _failback_plan(path: Path) -> tuple[Plan, Source]:
    source = read_source(path)
    return Plan.single(source.path, "failback", failback().plan(source.document)), source


def test_library_round_trip(padr: Path) -> None:
    plan, source = _failback_plan(padr)
    outcome = prepare(plan, source)
    assert outcome.after == AFTER and padr.read_bytes() == PADR  # prepare never writes
    assert commit(outcome) is None
    assert padr.read_bytes() == AFTER


@pytest.mark.parametrize(("name", "kind"), [("padr.ini", None), ("settings.txt", None),
                                          ("settings.txt", "padr")])
def test_a_fix_reads_a_file_as_load_does(tmp_path: Path, name: str, kind: str | None) -> None:
    path = tmp_path / name  # by name, by content, or named
    path.write_bytes(PADR.replace(b"CheckInterval=60", "; Сервер\r\nCheckInterval=60".encode(
        "cp1251")))
    source = read_source(path, kind, encoding="cp1251")
    loaded = cyberark_cfg.load(path, kind, encoding="cp1251")
    assert (source.path, source.identity) == (str(path), loaded.source_identity)
    assert source.data == loaded.source_bytes == path.read_bytes()
    assert source.document.kind == loaded.kind == "padr"
    assert source.document.to_bytes() == loaded.to_bytes()
    assert source.document.encoding == loaded.encoding == "cp1251"
    assert "; Сервер" in [line.text for line in source.document.lines()]


def test_interrupted_replace_leaves_the_original_intact(padr: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    from write_faults import break_the_replace

    break_the_replace(monkeypatch, broken)
    result = run("fix", str(padr), "--failback")
    assert result.code == 2
    assert "the original is unchanged" in result.stderr and "Traceback" not in result.stderr
    assert padr.read_bytes() == PADR
    assert [p.name for p in padr.parent.iterdir()] == ["padr.ini"]  # no temporary file left


def test_interrupted_write_of_the_temporary_file(padr: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    outcome = prepare(*_failback_plan(padr))
    with pytest.raises(FileAccessError):
        commit(outcome)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert padr.read_bytes() == PADR
    assert [p.name for p in padr.parent.iterdir()] == ["padr.ini"]


def test_refuses_when_the_file_changed_after_it_was_read(padr: Path) -> None:
    outcome = prepare(*_failback_plan(padr))
    someone_else = PADR.replace(b"CheckInterval=60", b"CheckInterval=30")
    padr.write_bytes(someone_else)
    with pytest.raises(ConcurrentModificationError):
        commit(outcome)
    assert padr.read_bytes() == someone_else


def test_unparsable_file_is_never_rewritten(padr: Path) -> None:
    bad = PADR + b"this line is not an entry\r\n"
    padr.write_bytes(bad)
    result = run("fix", str(padr), "--failback")
    assert result.code == 2
    assert f"{padr}:7:1:" in result.stderr and "nothing written" in result.stderr
    assert padr.read_bytes() == bad


def test_one_bad_file_means_no_file_is_written(padr: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "padr.ini"
    other.parent.mkdir()
    other.write_bytes(b"[MAIN]\nFailoverMode=Yes\n[broken\n")
    result = run("fix", str(padr), str(other), "--failback")
    assert result.code == 2
    assert padr.read_bytes() == PADR


def test_nothing_written_when_nothing_changes(padr: Path) -> None:
    padr.write_bytes(AFTER)
    os.utime(padr, (1_500_000_000, 1_500_000_000))
    result = run("fix", str(padr), "--failback", "--backup", "--record",
                 str(padr.parent / "record.jsonl"))
    assert result.code == 0 and "nothing to change" in result.stdout
    assert padr.stat().st_mtime == 1_500_000_000
    assert padr.read_bytes() == AFTER
    assert not (padr.parent / "record.jsonl").exists()
    assert not list(padr.parent.glob("*.bak"))


def test_verification_catches_an_edit_that_touches_another_line(
        padr: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = edit_module.apply_edits

    def sloppy(document, edits):  # type: ignore[no-untyped-def]
        real(document, edits)
        document.set("CheckInterval", "30")  # a change nobody asked for

    monkeypatch.setattr(engine_module, "apply_edits", sloppy)
    result = run("fix", str(padr), "--failback")
    assert result.code == 2
    assert "line 4 would change but is not an entry the fix edits" in result.stderr
    assert padr.read_bytes() == PADR


def test_verification_catches_an_edit_that_misses_its_target(
        padr: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = edit_module.apply_edits

    def forgetful(document, edits):  # type: ignore[no-untyped-def]
        real(document, [e for e in edits if not isinstance(e, RemoveEntry)])

    monkeypatch.setattr(engine_module, "apply_edits", forgetful)
    plan, source = _failback_plan(padr)
    with pytest.raises(VerificationError, match="NextBinaryLogNumberToStartAt does not hold"):
        prepare(plan, source)


@pytest.mark.parametrize(("before", "after", "edits", "message"), [
    (b"A=1\nB=2\n", b"A=1\nB=3\n", [SetValue("A", "2")], "line 2 would change"),
    (b"A=1\n# note\n", b"A=2\n# Note\n", [SetValue("A", "2")], "line 2 would change"),
    (b"A=1\nB=2\n", b"A=1\r\nB=2\n", [SetValue("B", "2")], "another line ending"),
    (b"A=1\nB=2\n", b"\xef\xbb\xbfA=1\nB=2\n", [SetValue("A", "1")], "encoding"),
    (b"A=1\nB=2\n", b"A=1\nB=2\nC=3\n", [SetValue("A", "2")], "would change"),
], ids=["other-entry", "comment", "terminator", "bom", "insert"])
def test_verify_lines_rejects(before: bytes, after: bytes, edits: list[SetValue],
                              message: str) -> None:
    with pytest.raises(VerificationError, match=message):
        verify_lines(before, after, edits, "x.ini")


@pytest.mark.parametrize(("before", "after", "edits"), [
    (b"A=1\nB=2", b"A=1\nB=2\nC=3", [SetValue("C", "3")]),  # the old last line gets its LF
    (b"A=1\r\nB=2\n", b"A=1\r\nB=2\r\n", [SetNewlines("\r\n")]),
    (b"\xff\xfeA\x00=\x001\x00", b"A=1", [SetEncoding("ascii")]),
    (b"a = 1\nB=2\n", b"B=2\n", [RemoveEntry("A")]),
])
def test_verify_lines_accepts(before: bytes, after: bytes, edits: list[SetValue]) -> None:
    verify_lines(before, after, edits, "x.ini")


def test_verify_state_reads_the_result_back() -> None:
    from cyberark_cfg import loads

    result = loads(b"A=1\nB=2\n", "padr")
    verify_state(result, [SetValue("A", "1"), RemoveEntry("C"), SetValue("B", "9"),
                          SetValue("B", "2")])  # the last edit of a key decides
    with pytest.raises(VerificationError, match="B does not hold"):
        verify_state(result, [SetValue("B", "3")])
    with pytest.raises(VerificationError, match="A does not hold"):
        verify_state(result, [RemoveEntry("A")])


def test_backup_and_record(padr: Path) -> None:
    record = padr.parent / "drill.jsonl"
    result = run("fix", str(padr), "--failback", "--backup", "--record", str(record))
    assert result.code == 0, result.stderr
    backups = list(padr.parent.glob("padr.ini.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == PADR
    lines = record.read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["path"] == str(padr.resolve()) or entry["path"] == os.path.abspath(padr)
    assert entry["procedure"] == "failback"
    assert entry["sha256_before"] == hashlib.sha256(PADR).hexdigest()
    assert entry["sha256_after"] == hashlib.sha256(AFTER).hexdigest()
    assert entry["edits"] == ["set FailoverMode=No", "remove NextBinaryLogNumberToStartAt",
                              "remove LastDataReplicationTimestamp"]
    assert entry["time"].endswith("Z") and entry["backup"] == str(backups[0])
    # A second run appends nothing: nothing changed.
    run("fix", str(padr), "--failback", "--record", str(record))
    assert len(record.read_text().splitlines()) == 1


def test_unwritable_record_stops_before_any_write(padr: Path) -> None:
    result = run("fix", str(padr), "--failback", "--record", str(padr.parent / "no" / "r.jsonl"))
    assert result.code == 2 and "change record" in result.stderr
    assert padr.read_bytes() == PADR


def test_diff_and_check_write_nothing(padr: Path) -> None:
    # Both exit 1: a file would change (issue 17: --diff exited 0 for procedures).
    assert run("fix", str(padr), "--failback", "--diff").code == 1
    assert run("fix", str(padr), "--failback", "--check").code == 1
    assert padr.read_bytes() == PADR


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits; on Windows "
                    "ReplaceFileW keeps the ACL and attributes instead")
def test_the_file_mode_is_kept(padr: Path) -> None:
    padr.chmod(0o640)
    assert run("fix", str(padr), "--failback").code == 0
    assert padr.read_bytes() == AFTER
    assert padr.stat().st_mode & 0o777 == 0o640
