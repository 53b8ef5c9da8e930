"""What `cfgtool` prints survives any console or pipe: a character that the output's encoding
cannot hold (a Greek folder name on a cp1252 pipe, an undecodable byte in a Linux file name) is
printed escaped, never an `internal error (UnicodeEncodeError)`; and the paths it prints are
spelled as the user typed them (drive letter and its case, long-path prefix, non-ASCII names),
only in the platform's separators (`examples/dr/padr.ini` typed on Windows is shown
`examples\\dr\\padr.ini`, see `discovery.shown_path`).

The real `cfgtool` runs in a subprocess with its output to a pipe. On Linux the pipe's encoding
is set with PYTHONIOENCODING; under CPython's Windows build (scripts/windows_leg.py) that
variable is ignored and the pipe has the ANSI code page, cp1252, as on a Western server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, not_on_windows

GREEK = "Τράπεζα-Ω"  # no cp1252 or cp437 character among the letters
PADR = EXAMPLES / "dr" / "vault" / "padr.ini"


def cfgtool(*args: str, cwd: Path = ROOT, encoding: str = "cp1252") -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-m", "cyberark_cfg", *args], capture_output=True,
                          cwd=cwd, env=env, check=False)
    # Read back in the encoding written; what it could not hold is escaped as \uXXXX.
    return (done.returncode, done.stdout.decode(encoding, "replace").replace("\r\n", "\n"),
            done.stderr.decode(encoding, "replace").replace("\r\n", "\n"))


def escaped(text: str, encoding: str) -> str:
    return text.encode(encoding, "backslashreplace").decode(encoding)


def greek_padr(tmp_path: Path) -> Path:
    folder = tmp_path / GREEK
    folder.mkdir()
    shutil.copyfile(PADR, folder / "padr.ini")
    return folder / "padr.ini"


@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_lint_of_a_file_whose_name_the_pipe_cannot_hold(tmp_path: Path, encoding: str) -> None:
    padr = greek_padr(tmp_path)
    code, out, err = cfgtool("lint", str(padr), encoding=encoding)
    assert code == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert f"{escaped(str(padr), encoding)}:7:1: PADR002 [warning]" in out


def test_show_and_get_of_a_value_the_pipe_cannot_hold(tmp_path: Path) -> None:
    padr = greek_padr(tmp_path)
    padr.write_bytes(PADR.read_bytes().replace(b"CheckRetriesCount=5",
                                               "CheckRetriesCount=5 ; Ωμέγα".encode()))
    code, out, err = cfgtool("get", str(padr), "CheckInterval")
    assert (code, out, err) == (0, "60\n", "")
    code, out, err = cfgtool("show", str(padr))
    assert code == 0 and "internal error" not in err, err
    assert "\\u03a9" in out  # the folder name, escaped


def test_an_error_naming_a_file_the_pipe_cannot_hold(tmp_path: Path) -> None:
    code, out, err = cfgtool("show", str(tmp_path / GREEK / "padr.ini"))
    assert code == 2 and out == ""
    assert err.startswith("cfgtool: error: ") and "\\u03a9" in err and "Traceback" not in err


@not_on_windows("a file name is text there, never undecodable bytes")
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    shutil.copyfile(PADR, folder + b"/padr.ini")
    code, out, err = cfgtool("lint", str(tmp_path), encoding="utf-8")
    assert code == 1 and "internal error" not in err, err
    assert f"{tmp_path}/caf\\xe9/padr.ini:7:1: PADR002" in out


def relative_spellings() -> list[str]:
    spellings = ["examples/dr/vault/padr.ini"]
    if sys.platform == "win32":
        spellings += ["examples\\dr\\vault\\padr.ini", "examples/dr\\vault/padr.ini"]
    return spellings


@pytest.mark.parametrize("spelling", relative_spellings())
def test_paths_are_printed_as_typed(spelling: str) -> None:
    code, out, err = cfgtool("lint", spelling)
    assert code == 1, err
    lines = [line for line in out.splitlines() if "PADR00" in line]
    shown = os.path.normpath(spelling)  # the same string, in the platform's separators
    assert lines and all(line.startswith(shown + ":") for line in lines), out


@pytest.mark.skipif(sys.platform != "win32", reason="drive letters are Windows's")
def test_drive_letters_and_long_path_prefixes_are_printed_as_typed(tmp_path: Path) -> None:
    padr = greek_padr(tmp_path)
    absolute = str(padr)
    assert absolute[1] == ":"
    lower_drive = absolute[0].lower() + absolute[1:]
    unc = "\\\\?\\" + absolute  # a long-path prefix: the form for names over 260 characters
    for spelling in (absolute, lower_drive, absolute.replace("\\", "/"), unc):
        code, out, err = cfgtool("lint", spelling)
        assert code == 1, (spelling, err)
        shown = escaped(os.path.normpath(spelling), "cp1252")
        assert f"{shown}:7:1: PADR002" in out, (spelling, out)


def test_a_long_path_works_in_lint_show_and_get(tmp_path: Path) -> None:
    folder = tmp_path
    for n in range(6):  # well past Windows's old 260-character limit
        folder = folder / (f"{n}-" + "Tresor-Ω-" * 6)
    long_name = ("\\\\?\\" + str(folder)) if sys.platform == "win32" else str(folder)
    os.makedirs(long_name)
    shutil.copyfile(PADR, os.path.join(long_name, "padr.ini"))
    target = os.path.join(long_name, "padr.ini")
    assert len(target) > 300
    code, out, err = cfgtool("lint", target)
    assert code == 1 and "PADR002" in out, err
    assert cfgtool("get", target, "CheckInterval")[:2] == (0, "60\n")
    assert cfgtool("show", target)[0] == 0
