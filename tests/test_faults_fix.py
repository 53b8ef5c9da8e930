"""`cfgtool fix` end to end under faults: two fixes of one file at once, a failing replace, a
full disk, a read-only file and a symlink. In every case the file holds either its original
bytes or a complete, verified result (never a mix, never an update lost), and the command says
what happened in one line.

The library's write path has its own tests (test_writing.py, test_fix_safety.py); these run the
real command, in separate processes where the point is concurrency.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import run
from write_faults import SYMLINKS, WINDOWS, break_the_replace, real_replace

from cyberark_cfg.writing import atomic

ORIGINAL = (b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n"
            b"NextBinaryLogNumberToStartAt=1186\r\nLastDataReplicationTimestamp=1790838501835879\r\n")
# --full-replication: the two position lines go.
FULL = b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n"
# --manual-failover: EnableFailover=No, and the trigger added after FailoverMode.
MANUAL = (b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\nActivateManualFailover=Yes\r\n"
          b"NextBinaryLogNumberToStartAt=1186\r\nLastDataReplicationTimestamp=1790838501835879\r\n")
BOTH = b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\nActivateManualFailover=Yes\r\n"
VALID = {ORIGINAL, FULL, MANUAL, BOTH}
PROCEDURES = {"--full-replication": FULL, "--manual-failover": MANUAL}

# Runs `cfgtool fix` with a rendezvous after reading: each process announces that it has read
# the file, then waits until every other one has too, so all of them write what they computed
# from the same original bytes: the classic lost update, forced rather than hoped for.
RENDEZVOUS = """
import os, sys, time
from cyberark_cfg.fixing import run as fix
from cyberark_cfg.cli.app import main
folder, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
real = fix.read_source
def read_then_wait(*args, **kwargs):
    source = real(*args, **kwargs)
    open(os.path.join(folder, "read-" + me), "w").close()
    deadline = time.monotonic() + 30
    while sum(n.startswith("read-") for n in os.listdir(folder)) < count:
        if time.monotonic() > deadline:
            sys.exit("rendezvous timed out")
        time.sleep(0.01)
    return source
fix.read_source = read_then_wait
sys.argv = ["cfgtool", "fix", *sys.argv[4:]]
main()
"""


@pytest.fixture
def padr(tmp_path: Path) -> Path:
    path = tmp_path / "padr.ini"
    path.write_bytes(ORIGINAL)
    return path


def start(tmp_path: Path, *args: str, rendezvous: int = 0, name: str = "") -> subprocess.Popen:
    if rendezvous:
        script = tmp_path / "rendezvous.py"
        script.write_text(RENDEZVOUS)
        (tmp_path / "sync").mkdir(exist_ok=True)
        command = [sys.executable, str(script), str(tmp_path / "sync"), name, str(rendezvous),
                   *args]
    else:
        command = [sys.executable, "-m", "cyberark_cfg", "fix", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def watch(path: Path, procs: list[subprocess.Popen]) -> set[bytes]:
    """Read the file over and over while the processes run: every read must be a whole
    version (the rename is atomic), never a torn or empty file."""
    seen = set()
    while any(proc.poll() is None for proc in procs):
        try:
            seen.add(path.read_bytes())
        except (PermissionError, FileNotFoundError):
            # Windows: ReplaceFileW is not one atomic step for a reader (wine renames the
            # original away, then the new file in): the name may be locked or missing for an
            # instant. A read that succeeds still sees a whole version, never a mix.
            if not WINDOWS:
                raise
        time.sleep(0.001)  # leave the CPU to the writers on a small CI machine
    seen.add(path.read_bytes())
    return seen


def test_two_fixes_at_once_lose_nothing(tmp_path: Path, padr: Path) -> None:
    """Both processes read the original before either writes: one wins, the other is refused
    with the documented message and exit 2, and running it again stacks it on top."""
    record = tmp_path / "drill.jsonl"
    procs = {flag: start(tmp_path, str(padr), flag, "--record", str(record), rendezvous=2,
                         name=flag) for flag in PROCEDURES}
    seen = watch(padr, list(procs.values()))
    results = {flag: (proc.wait(60), *proc.communicate()) for flag, proc in procs.items()}
    assert seen <= VALID, "a reader saw a torn file"
    winners = [flag for flag, (code, _, _) in results.items() if code == 0]
    losers = [flag for flag, (code, _, _) in results.items() if code != 0]
    assert len(winners) == 1, results
    (loser,) = losers
    code, _, stderr = results[loser]
    lines = [line for line in stderr.splitlines() if line.startswith("cfgtool:")]
    assert code == 2 and lines[0] == (
        f"cfgtool: error: {padr}: changed on disk since it was read; nothing written, "
        "run again"), stderr
    # Seen when checking every file before writing, or at the write itself.
    assert lines[1:] in ([], ["cfgtool: nothing written"]), stderr
    assert padr.read_bytes() == PROCEDURES[winners[0]]
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    assert [line["procedure"] for line in lines] == [winners[0].strip("-")]
    again = run("fix", str(padr), loser, "--record", str(record))
    assert again.code == 0, again.stderr
    assert padr.read_bytes() == BOTH
    assert len(record.read_text().splitlines()) == 2


@pytest.mark.parametrize("round_", range(2))
def test_two_fixes_racing_freely(tmp_path: Path, padr: Path, round_: int) -> None:
    """Without a forced rendezvous: whatever the timing, each process either applied its
    procedure on top of what it found, or was refused; the file is always whole."""
    procs = {flag: start(tmp_path, str(padr), flag) for flag in PROCEDURES}
    seen = watch(padr, list(procs.values()))
    codes = {flag: proc.wait(60) for flag, proc in procs.items()}
    assert seen <= VALID
    applied = [flag for flag, code in codes.items() if code == 0]
    assert all(code in (0, 2) for code in codes.values()) and applied, codes
    assert padr.read_bytes() == (BOTH if len(applied) == 2 else PROCEDURES[applied[0]])


def no_leftovers(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def failing(number: int, text: str) -> object:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(number, text)
    return fail


@pytest.mark.parametrize("fault", ["replace", "write", "fsync"])
def test_failure_while_writing_keeps_the_original(padr: Path, monkeypatch: pytest.MonkeyPatch,
                                                  fault: str) -> None:
    if fault == "replace":
        break_the_replace(monkeypatch, failing(errno.EIO, "Input/output error"))
    elif fault == "write":
        monkeypatch.setattr(atomic.os, "write", failing(errno.ENOSPC, "No space left"))
    else:
        monkeypatch.setattr(atomic.os, "fsync", failing(errno.ENOSPC, "No space left"))
    record = padr.parent / "drill.jsonl"
    result = run("fix", str(padr), "--failback", "--backup", "--record", str(record))
    assert result.code == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("cfgtool: error")]
    assert len(errors) == 1 and str(padr) in errors[0] and "original is unchanged" in errors[0]
    assert "written" not in result.stdout
    assert padr.read_bytes() == ORIGINAL
    no_leftovers(padr.parent, "padr.ini")  # no temporary file, no backup, no record


def test_second_file_failing_leaves_it_whole_and_says_which_was_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a" / "padr.ini", tmp_path / "b" / "padr.ini"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes(ORIGINAL)
    real = real_replace()

    def fail_second(*args: str) -> object:
        if str(second) in args:  # the target is one of the step's arguments on each system
            raise OSError(errno.EIO, "Input/output error")
        return real(*args)

    break_the_replace(monkeypatch, fail_second)
    result = run("fix", str(first), str(second), "--full-replication")
    assert result.code == 2
    assert f"{first}: full-replication: written" in result.stdout
    assert f"{second}" in result.stderr and "original is unchanged" in result.stderr
    assert f"Written in this run: {first}. Not written: {second}" in result.stderr
    assert first.read_bytes() == FULL and second.read_bytes() == ORIGINAL


def test_read_only_file(padr: Path) -> None:
    padr.chmod(0o444)
    result = run("fix", str(padr), "--failback", "--backup")
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        f"cfgtool: error: {padr}: is read-only; nothing written", "cfgtool: nothing written"]
    assert padr.read_bytes() == ORIGINAL and padr.stat().st_mode & 0o777 == 0o444
    no_leftovers(padr.parent, "padr.ini")


@pytest.mark.skipif(WINDOWS, reason=SYMLINKS)
def test_symlinked_file_edits_the_target_and_keeps_the_link(tmp_path: Path, padr: Path) -> None:
    conf = tmp_path / "PADR" / "Conf"
    conf.mkdir(parents=True)
    link = conf / "padr.ini"
    link.symlink_to(padr)
    padr.chmod(0o640)
    result = run("fix", str(link), "--full-replication", "--backup")
    assert result.code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(padr)
    assert padr.read_bytes() == FULL and padr.stat().st_mode & 0o777 == 0o640
    backups = list(tmp_path.glob("padr.ini.*.bak"))  # next to the real file
    assert len(backups) == 1 and backups[0].read_bytes() == ORIGINAL
    assert sorted(p.name for p in conf.iterdir()) == ["padr.ini"]


def test_changed_between_planning_and_writing(padr: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone saves the file in Notepad while cfgtool is verifying: refused, their bytes kept."""
    from cyberark_cfg.fixing import run as fix_run

    real_commit = fix_run.commit
    theirs = ORIGINAL.replace(b"FailoverMode=No", b"FailoverMode=Yes")

    def someone_saves(*args: object, **kwargs: object) -> object:
        time.sleep(0.01)
        padr.write_bytes(theirs)
        return real_commit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fix_run, "commit", someone_saves)
    result = run("fix", str(padr), "--full-replication")
    assert result.code == 2 and "changed on disk since it was read" in result.stderr
    assert padr.read_bytes() == theirs
