"""Every read is bounded and regular-only (issue 16): kernel pseudo-files, directly or through a
link in a linted folder, are refused before any byte is read; a pipe swapped in after the
path was checked is caught on the descriptor and never waited on."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES, ROOT

from cyberark_cfg import api
from cyberark_cfg.errors import FileAccessError

needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux") or
                                not os.path.exists("/proc/self/status"),
                                reason="no /proc on this system")


@needs_proc
def test_a_proc_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = tmp_path / "padr.ini"
    link.symlink_to("/proc/self/status")
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(fd) or real_read(fd, n))
    for path in ("/proc/self/status", str(link)):
        with pytest.raises(FileAccessError, match="pseudo-file"):
            api.read_bytes(path)
    assert api.detect_kind("/proc/self/status") is None  # by content: not read either
    assert reads == []
    result = run("lint", str(tmp_path))
    assert result.code == 2 and f"{link}: is a kernel pseudo-file" in result.stderr, result


@needs_proc
@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="no /proc/kmsg")
def test_proc_kmsg_through_a_link_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "padr.ini").symlink_to("/proc/kmsg")
    for args in (["lint", str(tmp_path)], ["lint", "--kind", "padr", "/proc/kmsg"],
                 ["show", "/proc/kmsg", "--kind", "padr"], ["log", "/proc/kmsg"]):
        done = subprocess.run([sys.executable, "-m", "cyberark_cfg", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2, (args, done)
        assert "pseudo-file" in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_swapped_in_after_the_check_is_refused_on_the_descriptor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = tmp_path / "padr.ini"
    os.mkfifo(pipe)
    regular = os.stat(__file__)
    real_stat = os.stat
    # The path looks regular when checked (the swap happens after): only fstat can tell.
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if os.fspath(p) == str(pipe)
                        else real_stat(p, *a, **k))
    outcome: list[object] = []

    def attempt() -> None:
        try:
            api.read_bytes(pipe)
        except FileAccessError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(10)
    if worker.is_alive():  # the old code waits for a writer: release it, then fail
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("reading a pipe waited for a writer")
    assert time.monotonic() - started < 10
    assert outcome and "not a regular file" in str(outcome[0])


# ---- topology globs ------------------------------------------------------------------------

needs_links = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


def looped_estate(root: Path, loops: int) -> Path:
    """The example estate with `loops` links back up the tree, and a `**` component glob."""
    import shutil

    shutil.copytree(EXAMPLES, root)
    (root / "prod" / "cpm" / "up").symlink_to(root / "prod")
    if loops > 1:
        (root / "prod" / "psm" / "top").symlink_to(root)
    topology = root / "topology.toml"
    text = topology.read_text(encoding="utf-8")
    topology.write_text(text.replace('"prod/pvwa*/Vault.ini",', '"prod/**/Vault.ini",'),
                        encoding="utf-8")
    return topology


@needs_links
@pytest.mark.parametrize("loops", [1, 2])
def test_a_glob_over_link_loops_ends_and_names_each_file_once(tmp_path: Path,
                                                              loops: int) -> None:
    from cyberark_cfg.estate.model import expand_glob, load_estate

    topology = looped_estate(tmp_path / "estate", loops)
    done: list[list[str]] = []
    worker = threading.Thread(target=lambda: done.append(expand_glob(
        str(tmp_path / "estate" / "prod" / "**" / "Vault.ini"))), daemon=True)
    worker.start()
    worker.join(20)
    assert done, "the glob did not finish"
    reachable = tmp_path / "estate" / ("prod" if loops == 1 else "")
    real = {str(p) for p in reachable.rglob("Vault.ini")}  # rglob does not follow links
    assert len(done[0]) == len(real) and {os.path.realpath(p) for p in done[0]} == real
    estate = load_estate(str(topology))
    paths = [os.path.realpath(c.path) for c in estate.components]
    assert len(paths) == len(set(paths))
    result = run("fix", "--topology", str(topology), "--diff")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stdout.count("+++ ") == len(set(result.stdout.split("+++ ")[1:])), result


def test_glob_expansion_matches_glob_without_links(tmp_path: Path) -> None:
    import glob

    from cyberark_cfg.estate.model import expand_glob

    for relative in ("a/x.ini", "a/b/y.ini", "top.ini", "a/.hidden.ini", "c/d/e/Vault.ini",
                     "c/Vault.ini"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("A=1\n")
    for pattern in ("**/*.ini", "**", "a/*.ini", "*/b/*.ini", "**/b/*.ini", "c/**/Vault.ini",
                    "?/*.ini", "[ab]/**/*.ini", "*.ini"):
        full = str(tmp_path / pattern)
        expected = sorted(os.path.normpath(p) for p in glob.glob(full, recursive=True)
                          if os.path.isfile(p))
        assert expand_glob(full) == expected, pattern


# ---- operating-system errors are named -------------------------------------------------------

def fixable_padr(folder: Path, name: str = "padr.ini") -> Path:
    path = folder / name
    path.write_bytes(b"[MAIN]\r\nEnableFailover=Yes\nFailoverMode=No\r\n")  # CFG004: mixed
    return path


@pytest.mark.parametrize(("code", "words"), [
    (errno.EROFS, "read-only"), (errno.ENOSPC, "no space"), (errno.ENAMETOOLONG, "too long"),
    (errno.EACCES, "permission denied")])
def test_a_failed_write_names_the_file_and_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str) -> None:
    import tempfile

    assert errno.errorcode[code] in ("EROFS", "ENOSPC", "ENAMETOOLONG", "EACCES")
    path = fixable_padr(tmp_path)
    before = path.read_bytes()

    def refuse(*args: object, dir: str | None = None, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code), os.path.join(dir or ".", ".padr.ini.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for args in (["fix", str(path)], ["set", str(path), "FailoverMode", "Yes"],
                 ["report", "--topology", str(EXAMPLES / "topology.toml"), "-o",
                  str(tmp_path / "report.html")]):
        result = run(*args)
        assert result.code == 2, (args, result)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert str(tmp_path) in result.stderr and words in result.stderr.lower(), \
            (args, result.stderr)
    assert path.read_bytes() == before


def test_a_file_name_too_long_for_the_temporary_copy(tmp_path: Path) -> None:
    path = fixable_padr(tmp_path, "p" * 235 + ".ini")  # fits; its temporary copy's name not
    before = path.read_bytes()
    result = run("fix", str(path))
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result
    assert result.code == 0 or (result.code == 2 and str(tmp_path) in result.stderr), result
    if result.code == 2:
        assert path.read_bytes() == before


def test_toml_nested_too_deep_is_named(tmp_path: Path) -> None:
    deep = "[a]\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    (tmp_path / "topology.toml").write_text(deep, encoding="utf-8")
    result = run("state", "--topology", str(tmp_path / "topology.toml"))
    assert result.code == 2 and "nested too deeply" in result.stderr, result
    padr = fixable_padr(tmp_path)
    (tmp_path / "cfgtool.toml").write_text(deep, encoding="utf-8")
    result = run("lint", str(padr))
    assert result.code == 2 and "cfgtool.toml" in result.stderr, result
    assert "nested too deeply" in result.stderr


def _nest(folder: Path, depth: int) -> None:
    """``depth`` folders inside each other under ``folder``, a padr.ini at the bottom (made
    through descriptors: the full path is longer than PATH_MAX)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=descriptor)
            child = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
        fd = os.open("padr.ini", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor)
        os.write(fd, b"[MAIN]\r\nEnableFailover=Yes\r\n")
        os.close(fd)
    finally:
        os.close(descriptor)


def _unnest(folder: Path) -> None:
    """Remove what :func:`_nest` made (shutil.rmtree recurses and overflows; rm does not)."""
    subprocess.run(["rm", "-rf", str(folder)], check=True, timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="dir_fd is POSIX only")
def test_check_change_over_1500_nested_folders(tmp_path: Path) -> None:
    sides = [tmp_path / "before", tmp_path / "after"]
    for side in sides:
        side.mkdir()
        _nest(side, 1500)
    try:
        result = run("check-change", str(sides[0]), str(sides[1]))
    finally:
        for side in sides:
            _unnest(side)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result
    assert result.code in (0, 2), result


# ---- check-change --git: the revision side is bounded too -----------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="no git")
def test_check_change_git_refuses_a_big_blob_before_reading_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberark_cfg.estate import git

    def git_in(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                       cwd=tmp_path, check=True, capture_output=True)

    git_in("init", "-q")
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\n" + b"EnableFailover=Yes\r\n" * 500)  # 10,008 bytes
    git_in("add", "padr.ini")
    git_in("commit", "-q", "-m", "big")
    padr.write_bytes(b"[MAIN]\r\nEnableFailover=Yes\r\n")
    calls: list[list[str]] = []
    real = git._git
    monkeypatch.setattr(git, "_git", lambda args, *rest: calls.append(args) or real(args, *rest))
    monkeypatch.chdir(tmp_path)
    result = run("check-change", "--git", "HEAD", "--max-bytes", "4096")
    assert result.code == 2, result
    assert "HEAD:padr.ini: file is 10008 bytes, over the 4096-byte limit" in result.stderr
    assert not [args for args in calls if args[0] == "cat-file"]  # refused before reading
    assert run("check-change", "--git", "HEAD").code in (0, 1)


# ---- fix DIR stays inside the folder named --------------------------------------------------

@needs_links
def test_fix_dir_does_not_follow_a_link_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = fixable_padr(outside)
    before = target.read_bytes()
    folder = tmp_path / "named"
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "padr.ini").symlink_to(target)
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    inside = fixable_padr(folder)
    result = run("fix", str(folder))
    assert result.code == 0, result
    assert target.read_bytes() == before  # neither link was followed out
    assert b"\nFailoverMode" not in inside.read_bytes().replace(b"\r\n", b"")  # fixed
    assert "--follow-links" in result.stderr
    followed = run("fix", str(folder), "--follow-links")
    assert followed.code == 0 and target.read_bytes() != before, followed


# ---- a file of millions of lines: refused, not parsed for minutes ---------------------------

@pytest.mark.parametrize("newline", [b"\r\n", b"\n", b"\r"])
def test_a_file_of_more_lines_than_its_size_limit_allows_is_refused(
        tmp_path: Path, newline: bytes) -> None:
    """16 MiB of line breaks is eight to sixteen million lines: every command took tens of
    seconds, and a fix with a diff minutes (a node a line). One line per 16 bytes of the size limit
    (1,048,576 lines at the default 16 MiB) still reads a file of 900,000 keys; `--max-bytes`
    raises both."""
    padr = tmp_path / "padr.ini"
    limit = 1600  # bytes: 100 lines
    padr.write_bytes(b"[MAIN]" + newline + newline * 99)
    accepted = run("lint", str(padr), "--max-bytes", str(limit))
    assert accepted.code in (0, 1) and "lines" not in accepted.stderr, accepted  # CR: CFG001
    padr.write_bytes(b"[MAIN]" + newline + newline * 100)
    for command in (("lint",), ("show",), ("fix", "--diff"), ("get", "EnableCheck")):
        result = run(*command[:1], str(padr), *command[1:], "--max-bytes", str(limit))
        assert result.code == 2, (command, result)
        assert (f"{padr}: file has 101 lines, over the limit of 100 (one line per 16 bytes of "
                f"--max-bytes; raise it with --max-bytes)") in result.stderr, (command, result)
    with pytest.raises(FileAccessError, match="file has 101 lines"):
        api.read_bytes(padr, limit)
    assert api.read_bytes(padr, 0) == padr.read_bytes()  # no limit: no line limit either
