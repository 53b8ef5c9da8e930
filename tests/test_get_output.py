"""`cfgtool get` prints a value a script can use on any stdout (issue 16): bytes the file's code
page does not define (cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; they are kept
as lone surrogates) are printed as `\\x81`, as every other text output escapes them, rather
than as Python's `\\udc81`; a character the output's encoding cannot hold is escaped by the
stream; and an output that cannot be told to escape never makes a traceback or an "internal
error". Files are synthetic.

The real `cfgtool` runs in a subprocess with its output to a pipe whose encoding is set with
PYTHONIOENCODING (also under CPython's Windows build, scripts/windows_leg.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from cyberark_cfg.cli.app import main

VAULT = b'VAULT="V\x81\x8dx"\r\nADDRESS=10.0.0.1\r\nPROXYUSER=\xe9t\xe9\x90\r\n'


def get(path: Path, key: str, encoding: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "cyberark_cfg", "get", str(path), key, *extra],
                          capture_output=True, cwd=ROOT, env=env, check=False)


@pytest.mark.parametrize("encoding", ["utf-8:strict", "cp1252:strict", "cp437", "ascii"])
def test_undefined_bytes_are_printed_as_escapes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(VAULT)
    done = get(path, "VAULT", encoding)
    assert (done.returncode, done.stderr) == (0, b""), done
    assert done.stdout == b"V\\x81\\x8dx" + os.linesep.encode()
    user = get(path, "PROXYUSER", encoding)
    pipe = encoding.split(":")[0]
    assert user.returncode == 0 and user.stdout == "\u00e9t\u00e9\\x90\n".encode(
        pipe, "backslashreplace").replace(b"\n", os.linesep.encode()), user


def test_a_value_the_output_cannot_hold_is_escaped_by_the_stream(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes('VAULT="Хранилище"\r\nADDRESS=10.0.0.1\r\n'.encode("cp1251"))
    done = get(path, "VAULT", "cp437", "--encoding", "cp1251")
    assert (done.returncode, done.stderr) == (0, b""), done
    # cp437 has no Cyrillic.
    assert done.stdout == "Хранилище".encode("ascii", "backslashreplace") + os.linesep.encode()


class StrictOutput(io.TextIOWrapper):
    """An output that cannot be told to escape (a wrapper some hosts install)."""

    def reconfigure(self, **_: object) -> None:
        raise ValueError("not supported")


@pytest.mark.parametrize("page, value", [("cp1252", "V\\x81\\x8dx"), ("cp1251", "Хранилище")])
def test_an_output_that_will_not_escape_gets_an_escaped_value(tmp_path: Path, page: str,
                                                              value: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(VAULT if page == "cp1252" else
                     'VAULT="Хранилище"\r\nADDRESS=10.0.0.1\r\n'.encode("cp1251"))
    raw = io.BytesIO()
    out = StrictOutput(raw, encoding="ascii", errors="strict", newline="\n")
    err = io.StringIO()
    argv = sys.argv
    sys.argv = ["cfgtool", "get", str(path), "VAULT", "--encoding", page]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                pytest.raises(SystemExit) as ended:
            main()
    finally:
        sys.argv = argv
    out.flush()
    assert ended.value.code in (0, None) and err.getvalue() == "", err.getvalue()
    assert raw.getvalue() == value.encode("ascii", "backslashreplace") + b"\n"
