"""The console script's way out: `entry` runs `main`, flushes what was written and leaves
without the interpreter's teardown. Nothing may be lost on the way: every byte of a long
output reaches a pipe, the exit code is main's, and a reader that goes away early gets no
traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT))  # the estate generator lives in benchmarks/, beside the tests
from benchmarks.estate import generate_estate  # noqa: E402


def cfgtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberark_cfg", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_a_long_output_reaches_the_pipe_whole_with_mains_exit_code(tmp_path: Path) -> None:
    generate_estate(tmp_path, 60)
    done = cfgtool("lint", "--format", "json", "--jobs", "1", str(tmp_path))
    findings = json.loads(done.stdout)  # cut short, this would not parse
    assert done.returncode == 1, done.stderr
    assert len(findings) > 20 and len(done.stdout) > 8192  # more than one pipe buffer's worth
    assert findings[-1]["path"].startswith(str(tmp_path))


def test_errors_keep_their_code_and_message() -> None:
    done = cfgtool("lint", "no/such/folder")
    assert done.returncode == 2
    shown = os.path.normpath("no/such/folder")  # in the platform's separators
    assert shown in done.stderr and "Traceback" not in done.stderr
    assert cfgtool("--version").stdout.startswith("cfgtool ")


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    generate_estate(tmp_path, 120)
    proc = subprocess.Popen([sys.executable, "-m", "cyberark_cfg", "lint", "--jobs", "1",
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(20)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_a_text_exit_is_printed_as_the_interpreter_would() -> None:
    probe = ("import cyberark_cfg.cli.app as app\n"
             "def stop():\n    raise SystemExit('stopped: no vault pair')\n"
             "app.main = stop\napp.entry()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stderr) == (1, "stopped: no vault pair\n")


def test_the_console_script_sizes_the_collector_and_main_leaves_it_alone() -> None:
    # A large file was mostly garbage collection with CPython's young generation of 700
    # objects (show of a million [MAIN] lines: 5.8 s CPU, 2.6 s with 50,000). The console
    # script owns its process and sizes it; main(), which scripts and tests call in-process,
    # and the library leave the caller's collector as it was.
    probe = ("import gc, sys; from cyberark_cfg.cli import app; "
             "app.main = lambda: print(gc.get_threshold(), flush=True); "
             "sys.argv = ['cfgtool', '--version']; app.entry()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(50000, 20, 10)"
    probe = ("import gc, sys; from cyberark_cfg.cli.app import main; "
             "before = (gc.get_threshold(), gc.isenabled()); "
             "sys.argv = ['cfgtool', 'show', 'examples/dr/vault/padr.ini']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(before == (gc.get_threshold(), gc.isenabled()), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.stderr.strip().splitlines()[-1] == "True", done.stderr
