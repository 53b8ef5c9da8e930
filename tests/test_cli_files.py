"""`cfgtool show`, `get`, `set` and `--version` through the real entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES, FIXTURES

CRED = FIXTURES / "roundtrip" / "cred" / "windows.user.ini"
PROXY = FIXTURES / "roundtrip" / "vault" / "proxy.Vault.ini"
SECRETS = ["00112233445566778899AABB", "FFEEDDCCBBAA99887766", "Synthetic-Proxy-Secret-1"]


def test_version() -> None:
    result = run("--version")
    assert result.code == 0 and result.stdout.startswith("cfgtool ")


def test_python_dash_m_works() -> None:
    proc = subprocess.run([sys.executable, "-m", "cyberark_cfg", "--version"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "cfgtool" in proc.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("path", [CRED, PROXY], ids=["cred", "proxy"])
def test_show_never_prints_a_secret(path: Path, fmt: str) -> None:
    result = run("show", str(path), "--format", fmt)
    assert result.code == 0
    for secret in SECRETS:
        assert secret[:8] not in result.stdout + result.stderr
    assert "<redacted>" in result.stdout


def test_show_json_shape() -> None:
    result = run("show", str(EXAMPLES / "dr" / "vault" / "padr.ini"), "--format", "json")
    data = json.loads(result.stdout)
    assert data["kind"] == "padr" and data["encoding"] == "ascii" and data["newline"] == "CRLF"
    failover = [e for e in data["entries"] if e["key"] == "FailoverMode"]
    assert failover == [{"section": "MAIN", "key": "FailoverMode", "value": "Yes", "line": 6,
                         "secret": False}]


def test_get_value_and_missing_key() -> None:
    padr = str(EXAMPLES / "dr" / "vault" / "padr.ini")
    assert run("get", padr, "failovermode").stdout == "Yes\n"
    missing = run("get", padr, "NoSuchKey")
    assert missing.code == 1


def test_get_secret_needs_reveal() -> None:
    refused = run("get", str(CRED), "Password")
    assert refused.code == 2 and "--reveal" in refused.stderr
    assert SECRETS[0][:8] not in refused.stdout + refused.stderr
    revealed = run("get", str(CRED), "Password", "--reveal")
    assert revealed.code == 0 and revealed.stdout.startswith(SECRETS[0])


def test_set_on_crlf_file_changes_one_line(tmp_path: Path) -> None:
    target = tmp_path / "padr.ini"
    original = b"[MAIN]\r\nEnableReplicate=Yes\r\nfailovermode = yes\r\nCheckInterval=60\r\n"
    target.write_bytes(original)
    os.chmod(target, 0o640)
    result = run("set", str(target), "FailoverMode", "No")
    assert result.code == 0, result.stderr
    assert target.read_bytes() == original.replace(b"failovermode = yes", b"failovermode = No")
    if sys.platform != "win32":  # POSIX mode bits; Windows keeps the ACL (ReplaceFileW)
        assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert not [p for p in tmp_path.iterdir() if p.name != "padr.ini"]


def test_set_with_no_change_does_not_touch_the_file(tmp_path: Path) -> None:
    target = tmp_path / "padr.ini"
    target.write_bytes(b"FailoverMode=No\r\n")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    result = run("set", str(target), "FailoverMode", "No")
    assert result.code == 0
    assert target.stat().st_mtime == 1_000_000_000


def test_set_refuses_a_file_that_does_not_parse(tmp_path: Path) -> None:
    target = tmp_path / "padr.ini"
    original = b"[MAIN]\r\nFailoverMode=Yes\r\nthis line is broken\r\n"
    target.write_bytes(original)
    result = run("set", str(target), "FailoverMode", "No")
    assert result.code == 2
    assert f"{target}:3:1:" in result.stderr
    assert target.read_bytes() == original


@pytest.mark.parametrize("args", [
    ["show", "does-not-exist.ini"],
    ["show", "."],
    ["show", str(EXAMPLES / "dr" / "vault" / "padr.ini"), "--kind", "nonsense"],
    ["show", str(EXAMPLES / "dr" / "vault" / "padr.ini"), "--format", "xml"],
])
def test_bad_input_is_one_line_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.code == 2 and result.stdout == ""
    # One line of ours naming the cause: an internal error would exit 2 as well.
    assert result.stderr.startswith("cfgtool: error: ") and result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr


def test_set_backup_keeps_the_original(tmp_path: Path) -> None:
    target = tmp_path / "Vault.ini"
    shutil.copy(EXAMPLES / "dr" / "pvwa" / "Vault.ini", target)
    original = target.read_bytes()
    assert run("set", str(target), "PORT", "1859", "--backup").code == 0
    backups = list(tmp_path.glob("Vault.ini.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
