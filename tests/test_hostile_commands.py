"""Hostile and broken input through `lint`, `fix`, `state` and `check-change` (show/get/set are in
test_hostile.py): a message naming the file (with line and column when the problem is in the
text), the documented exit code, and never a traceback; `fix` never touches the file.

Two kinds of trouble, with different documented outcomes:
- the bytes are there but are not a parameter file (NUL, truncated UTF-16, a bad line): lint
  and check-change report a finding (exit 1); fix, state and show refuse with exit 2;
- the file cannot be read at all (missing, a directory, too large, no permission, a pipe):
  every command exits 2 with a one-line message naming it.
"""

from __future__ import annotations

import builtins
import codecs
import os
import random
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Result, run
from conftest import not_on_windows

from cyberark_cfg.display import escape

CLEAN_PADR = b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n"


def put(folder: Path, name: str | bytes, data: bytes) -> Path:
    raw = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
    with open(raw, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(raw))


@dataclass
class Hostile:
    """A broken file and what every command must say about it."""

    path: Path
    where: str  # must appear in the message: the path, and line:column for text problems
    readable: bool  # True: the bytes were read and are a finding for lint/check-change
    needle: str = ""  # a word the message must contain


def nul_byte(tmp: Path) -> Hostile:
    path = put(tmp, "padr.ini", b"[MAIN]\r\nFailover\x00Mode=No\r\n")
    return Hostile(path, f"{path}:2:9:", True, "NUL")


def truncated_utf16(tmp: Path) -> Hostile:
    data = codecs.BOM_UTF16_LE + "[MAIN]\r\nFailoverMode=No\r\n".encode("utf-16-le")[:-1]
    path = put(tmp, "padr.ini", data)
    return Hostile(path, f"{path}:2:17:", True, "truncated UTF-16")


def unparsable_line(tmp: Path) -> Hostile:
    path = put(tmp, "padr.ini", b"[MAIN]\r\nFailoverMode=No\r\n  [unterminated\r\n")
    return Hostile(path, f"{path}:3:3:", True, "section")


def over_the_limit(tmp: Path) -> Hostile:
    path = put(tmp, "padr.ini", CLEAN_PADR * 100)  # --max-bytes 1000 below
    return Hostile(path, str(path), False, "limit")


def directory(tmp: Path) -> Hostile:
    path = tmp / "padr.ini"
    path.mkdir()
    return Hostile(path, str(path), False, "directory")


def missing(tmp: Path) -> Hostile:
    path = tmp / "padr.ini"
    return Hostile(path, str(path), False, "no such file")


def make_fifo(path: Path) -> None:
    """A named pipe, and a watchdog that opens its writing end after a few seconds: code that
    wrongly waits on the pipe then reads an empty file and fails its test instead of hanging."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("not on Windows: no named pipes in the file system (mkfifo)")
    os.mkfifo(path)

    def release() -> None:
        deadline = time.monotonic() + 60
        time.sleep(3)
        while time.monotonic() < deadline:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # nobody reading (yet): ENXIO; or the test is over
                time.sleep(0.2)
            if not path.exists():
                return

    threading.Thread(target=release, daemon=True).start()


def named_pipe(tmp: Path) -> Hostile:
    path = tmp / "padr.ini"
    make_fifo(path)
    return Hostile(path, str(path), False, "not a regular file")


def unreadable(tmp: Path) -> Hostile:
    return Hostile(put(tmp, "padr.ini", CLEAN_PADR), str(tmp / "padr.ini"), False,
                   "permission denied")


CASES: dict[str, Callable[[Path], Hostile]] = {f.__name__: f for f in (
    nul_byte, truncated_utf16, unparsable_line, over_the_limit, directory, missing, named_pipe,
    unreadable)}


@pytest.fixture
def deny_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make open() and os.open() refuse one path, as a file without read permission would (the
    suite may run as root, which reads anything)."""
    real_open, real_os_open = builtins.open, os.open

    def deny(path: Path) -> None:
        def refused(file: Any) -> bool:
            return isinstance(file, (str, os.PathLike)) and os.path.abspath(file) == str(path)

        def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
            if refused(file):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_open(file, *args, **kwargs)

        def guarded_os(file: Any, *args: Any, **kwargs: Any) -> Any:
            if refused(file):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_os_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded)
        monkeypatch.setattr(os, "open", guarded_os)

    return deny


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr, result.stderr


def refused(result: Result, case: Hostile, *, extra_lines: tuple[str, ...] = ()) -> None:
    """Exit 2, and stderr is one line naming the file (plus the expected trailing notes)."""
    no_traceback(result)
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[1:] == list(extra_lines), lines
    assert case.where in lines[0] and case.needle in lines[0], (case.where, lines[0])


def prepare(name: str, tmp_path: Path, deny: Callable[[Path], None]) -> tuple[Hostile, list[str]]:
    case = CASES[name](tmp_path)
    if name == "unreadable":
        deny(case.path)
    limit = ["--max-bytes", "1000"] if name == "over_the_limit" else []
    return case, limit


@pytest.mark.parametrize("name", list(CASES))
def test_lint(tmp_path: Path, name: str, deny_reading: Callable[[Path], None]) -> None:
    case, limit = prepare(name, tmp_path, deny_reading)
    result = run("lint", str(case.path), *limit)
    no_traceback(result)
    if name == "directory":  # lint walks a folder, whatever its name: nothing to lint in it
        assert result.code == 0 and "0 files checked" in result.stdout
    elif name == "missing":
        refused(result, case)
    elif case.readable:
        assert result.code == 1 and result.stderr == ""
        assert case.where in result.stdout and case.needle in result.stdout
    else:
        refused(result, case)
        assert "could not be read" in result.stdout


@pytest.mark.parametrize("name", list(CASES))
def test_fix(tmp_path: Path, name: str, deny_reading: Callable[[Path], None]) -> None:
    case, limit = prepare(name, tmp_path, deny_reading)
    before = case.path.read_bytes() if case.path.is_file() and name != "unreadable" else None
    for procedure in ([], ["--failback"], ["--diff"], ["--first", "10.0.0.1", "--kind", "vault"]):
        result = run("fix", str(case.path), *procedure, *limit)
        if name == "directory" and procedure in ([], ["--diff"]):
            # The lint fixes walk a folder, whatever its name, as lint does: nothing in it.
            no_traceback(result)
            assert result.code == 0 and "no file of a known kind to fix" in result.stdout
        elif name == "directory":  # a procedure takes files, never a folder
            no_traceback(result)
            assert result.code == 2 and result.stderr.strip() == (
                f"cfgtool: error: {case.path}: {procedure[0]} takes the files to change, "
                "not a folder")
        else:
            refused(result, case, extra_lines=("cfgtool: nothing written",))
        if before is not None:
            assert case.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["padr.ini"] or name == "missing"


@pytest.mark.parametrize("name", list(CASES))
def test_state(tmp_path: Path, name: str, deny_reading: Callable[[Path], None]) -> None:
    case, limit = prepare(name, tmp_path, deny_reading)
    for output_format in ("text", "json"):
        refused(run("state", "--dr", str(case.path), "--format", output_format, *limit), case)
    primary = put(tmp_path.parent, "primary-padr.ini", CLEAN_PADR)
    refused(run("state", "--dr", str(primary), "--primary", str(case.path), *limit), case)


@pytest.mark.parametrize("name", list(CASES))
def test_check_change(tmp_path: Path, name: str, deny_reading: Callable[[Path], None]) -> None:
    case, limit = prepare(name, tmp_path, deny_reading)
    clean = put(tmp_path.parent, "clean-padr.ini", CLEAN_PADR)
    result = run("check-change", str(clean), str(case.path), *limit)
    no_traceback(result)
    if name in ("directory", "missing"):
        assert result.code == 2 and result.stderr.count("\n") == 1
    elif case.readable:
        assert result.code == 1 and case.where in result.stdout, result.stdout
    else:
        refused(result, case)


@pytest.mark.parametrize("seed", range(12))
def test_random_bytes_through_every_command(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    name = rng.choice(["padr.ini", "Vault.ini", "user.ini", "dbparm.ini", "basic_psm.ini"])
    data = rng.randbytes(rng.randrange(1, 3000))
    path = put(tmp_path, name, data)
    clean = put(tmp_path.parent, "clean-" + name, b"")
    for args in (["lint", str(path)], ["lint", str(tmp_path), "--format", "sarif"],
                 ["fix", str(path), "--diff"],
                 ["fix", str(path), "--failback", "--kind", "padr", "--diff"],
                 ["state", "--dr", str(path)], ["check-change", str(clean), str(path)]):
        result = run(*args)
        no_traceback(result)
        assert result.code in (0, 1, 2), args
        if result.code == 2:
            first = result.stderr.splitlines()[0]
            assert str(path) in first, (args, first)
    assert path.read_bytes() == data


def test_lint_walks_a_symlink_loop_once(tmp_path: Path) -> None:
    put(tmp_path, "padr.ini", CLEAN_PADR)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    result = run("lint", str(tmp_path), "--format", "json")
    no_traceback(result)
    assert result.code == 0 and "1 file checked" in run("lint", str(tmp_path)).stdout


def test_lint_folder_with_an_unreadable_file(tmp_path: Path,
                                             deny_reading: Callable[[Path], None]) -> None:
    put(tmp_path, "padr.ini", CLEAN_PADR)
    (tmp_path / "pvwa").mkdir()
    locked = put(tmp_path / "pvwa", "Vault.ini", b'VAULT="V"\r\nADDRESS=1.2.3.4\r\nPORT=1858\r\n')
    deny_reading(locked)
    result = run("lint", str(tmp_path))
    no_traceback(result)
    assert result.code == 2
    assert result.stderr.strip() == f"cfgtool: {locked}: permission denied"
    assert "1 file checked" in result.stdout and "1 file could not be read" in result.stdout


def test_lint_folder_with_an_unreadable_subfolder(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "padr.ini", CLEAN_PADR)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def guarded(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    result = run("lint", str(tmp_path))
    no_traceback(result)
    assert result.code == 2 and result.stderr.strip() == f"cfgtool: {locked}: Permission denied"


def test_lint_folder_with_special_files_does_not_hang(tmp_path: Path) -> None:
    make_fifo(tmp_path / "Vault.ini")  # would block open() forever
    put(tmp_path, "padr.ini", CLEAN_PADR)
    os.symlink(tmp_path / "nowhere", tmp_path / "user.ini")  # dangling
    result = run("lint", str(tmp_path))
    no_traceback(result)
    assert result.code == 2
    assert sorted(result.stderr.strip().splitlines()) == [
        f"cfgtool: {tmp_path / 'Vault.ini'}: is not a regular file (a pipe, socket or device); "
        "not read", f"cfgtool: {tmp_path / 'user.ini'}: no such file"]


@not_on_windows("a file name is text there, never undecodable bytes")
def test_non_utf8_file_names(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"site-\xff\xfe")))
    folder.mkdir()
    path = put(folder, "padr.ini", b"[MAIN]\r\nFailoverMode=Maybe\r\n")
    lint = run("lint", str(tmp_path))
    no_traceback(lint)
    # Text output shows the name's undecodable bytes as escapes, as git does.
    assert lint.code == 1 and f"{escape(str(path))}:2:" in lint.stdout
    assert "site-\\xff\\xfe" in lint.stdout
    for output_format in ("json", "sarif", "github"):
        no_traceback(run("lint", str(tmp_path), "--format", output_format))
    clean = put(tmp_path, "clean-padr.ini", CLEAN_PADR)
    assert run("check-change", str(clean), str(path)).code == 1
    fixed = run("fix", str(path), "--failback")
    assert fixed.code == 0 and b"FailoverMode=No" in path.read_bytes()
    assert run("state", "--dr", str(path)).code == 0
    unreadable = put(folder, b"user-\xff.cred", b"\x00")
    result = run("fix", str(unreadable))
    assert result.code == 2 and f"{escape(str(unreadable))}:1:1:" in result.stderr


@pytest.mark.parametrize("command", [
    ["lint", "{path}", "--kind", "padr"], ["show", "{path}"], ["fix", "{path}", "--failback"],
    ["state", "--dr", "{path}"], ["check-change", "{path}", "{path}"]])
def test_max_bytes_refuses_without_reading(tmp_path: Path, command: list[str]) -> None:
    """A 1 GiB file (sparse: it costs no disk) is refused at once under the default 16 MiB
    limit; reading it first would take seconds and a gigabyte of memory."""
    path = tmp_path / "padr.ini"
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = run(*(part.format(path=path) for part in command))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    no_traceback(result)
    assert result.code == 2 and "over the 16777216-byte limit" in result.stderr
    assert peak < 8 << 20, f"peak {peak} bytes: the file was read"
    assert time.monotonic() - started < 5


def test_three_megabyte_line_through_every_command(tmp_path: Path) -> None:
    path = put(tmp_path, "padr.ini", CLEAN_PADR + b"CheckInterval=" + b"9" * 3_000_000 + b"\r\n")
    assert run("lint", str(path)).code in (0, 1)
    assert run("state", "--dr", str(path)).code == 0
    assert run("fix", str(path), "--manual-failover").code == 0
    assert path.read_bytes().count(b"9" * 3_000_000) == 1
    clean = put(tmp_path.parent, "clean-padr.ini", CLEAN_PADR)
    assert run("check-change", str(clean), str(path)).code in (0, 1)


@pytest.mark.parametrize("shape", ["random", "bad-toml", "utf16", "directory", "missing",
                                   "pipe"])
def test_hostile_topology(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "topology.toml"
    where = str(path)
    if shape == "random":
        path.write_bytes(random.Random(7).randbytes(500))
    elif shape == "bad-toml":
        path.write_text('[vaults.primary]\nsite = "prod"\naddresses = [\n')
        where = f"{path}:"
    elif shape == "utf16":
        path.write_bytes(codecs.BOM_UTF16_LE + "[vaults]\n".encode("utf-16-le"))
    elif shape == "directory":
        path.mkdir()
    elif shape == "pipe":
        make_fifo(path)
    for command in (["state", "--topology", str(path)], ["lint", "--topology", str(path)],
                    ["fix", "--topology", str(path)], ["fix", "--topology", str(path), "--diff"]):
        result = run(*command)
        no_traceback(result)
        assert result.code == 2, (command, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and where in lines[0], (command, lines)
