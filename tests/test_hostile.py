"""Hostile and broken input through the CLI: a one-line message naming the file (and line and
column where they apply), the documented exit code, and never a traceback."""

from __future__ import annotations

import builtins
import codecs
import os
import random
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Result, run


def assert_clean_error(result: Result, *needles: str) -> None:
    assert result.code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def write(tmp_path: Path, name: str | bytes, data: bytes) -> Path:
    folder = os.fsencode(tmp_path)
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    path = os.path.join(folder, raw)
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes(tmp_path: Path, seed: int) -> None:
    data = random.Random(seed).randbytes(2000)
    path = write(tmp_path, "padr.ini", data)
    result = run("show", str(path))
    # Either shown (its kind line printed) or one clean error line naming the file, exit 2.
    if result.code == 0:
        assert result.stdout.startswith(f"{path}\n  kind:"), result.stdout[:200]
    else:
        assert_clean_error(result, str(path))


def test_nul_byte_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "padr.ini", b"[MAIN]\r\nFailover\x00Mode=No\r\n")
    assert_clean_error(run("show", str(path)), f"{path}:2:9:", "NUL")


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "padr.ini", "[MAIN]\r\nFailoverMode=No\r\n".encode("utf-16-le"))
    result = run("get", str(path), "FailoverMode")
    assert (result.code, result.stdout) == (0, "No\n")


def test_truncated_utf16(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "[MAIN]\r\nFailoverMode=No\r\n".encode("utf-16-le")[:-1]
    path = write(tmp_path, "padr.ini", data)
    assert_clean_error(run("show", str(path)), str(path), "truncated UTF-16")


def test_three_megabyte_line(tmp_path: Path) -> None:
    path = write(tmp_path, "padr.ini", b"[MAIN]\r\nCheckInterval=" + b"9" * 3_000_000 + b"\r\n")
    result = run("get", str(path), "CheckInterval")
    assert result.code == 0 and len(result.stdout) == 3_000_001


def test_file_over_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "padr.ini", b"FailoverMode=No\r\n" * 1000)
    assert_clean_error(run("show", str(path), "--max-bytes", "1000"), str(path), "limit")


def test_directory_named_like_a_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "Vault.ini"
    folder.mkdir()
    assert_clean_error(run("show", str(folder)), str(folder), "directory")


def test_missing_path(tmp_path: Path) -> None:
    assert_clean_error(run("show", str(tmp_path / "padr.ini")), "no such file")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, which can read anything: simulate the refusal at open().
    path = write(tmp_path, "padr.ini", b"FailoverMode=No\r\n")
    real_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    assert_clean_error(run("show", str(path)), str(path), "permission denied")


def test_non_utf8_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xff\xfe-Vault.ini", b'VAULT="x"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\n')
    result = run("show", str(path))
    assert result.code == 0 and "kind:     vault" in result.stdout


def test_unparsable_line_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "Vault.ini", b'VAULT="x"\r\n  [unterminated\r\n')
    assert_clean_error(run("show", str(path)), f"{path}:2:3:", "section")


def test_unknown_kind_is_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", b"A=1\n")
    assert_clean_error(run("show", str(path), "--kind", "bogus"), "unknown kind")
