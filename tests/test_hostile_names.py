"""Hostile file names and keys in the messages of `set` and `get` (issue 16): a name from a
glob can hold ESC, a line break or a bidirectional override; the messages escape them, so
a name cannot recolour the terminal, reorder a line or forge a second one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from cli_runner import run

posix_names = pytest.mark.skipif(sys.platform == "win32",
                                 reason="Windows names cannot hold these characters")
HOSTILE = "a\x1b[31m\u202e\nfake: set FailoverMode"
PADR = b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n"


def hostile_file(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTILE
    folder.mkdir()
    path = folder / "padr.ini"
    path.write_bytes(PADR)
    return path


def assert_escaped(text: str) -> None:
    assert not any(c in text for c in "\x1b\u202e"), ascii(text)
    assert "a\\x1b[31m\\u202e\\nfake: set FailoverMode" in text, ascii(text)


@posix_names
@pytest.mark.parametrize("value", ["Yes", "No"])  # a change, and nothing to change
def test_set_escapes_the_file_name(tmp_path: Path, value: str) -> None:
    result = run("set", str(hostile_file(tmp_path)), "FailoverMode", value)
    assert result.code == 0, result
    assert result.stdout.count("\n") == 1
    assert_escaped(result.stdout)


@posix_names
def test_set_escapes_the_name_in_a_forced_warning(tmp_path: Path) -> None:
    result = run("set", str(hostile_file(tmp_path)), "FailoverMode", "Maybe", "--force")
    assert result.code == 0, result
    assert result.stderr.count("\n") == 1
    assert_escaped(result.stderr)


@posix_names
def test_get_of_a_missing_key_escapes_the_file_name_and_key(tmp_path: Path) -> None:
    result = run("get", str(hostile_file(tmp_path)), "No\x1bSuch\u202eKey")
    assert result.code == 1 and result.stderr.count("\n") == 1, result
    assert_escaped(result.stderr)
    assert "\\x1b" in result.stderr.split("no key")[1]

