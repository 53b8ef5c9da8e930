"""Every read is bounded and regular-only (issue 16): kernel pseudo-files, directly or through a
link in a linted folder, are refused before any byte is read; a pipe swapped in after the
path was checked is caught on the descriptor and never waited on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_runner import run
from conftest import ROOT

from cyberark_cfg import api
from cyberark_cfg.errors import FileAccessError

needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
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
    for args in (["lint", str(tmp_path)], ["lint", "--kind", "padr", "/proc/kmsg"], ["show", "/proc/kmsg", "--kind", "padr"],
                 ["log", "/proc/kmsg"]):
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
