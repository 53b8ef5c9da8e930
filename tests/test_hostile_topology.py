"""Hostile topologies and configuration paths (issue 16): a NUL character in a path (a glob
walked by `os.listdir` failed with "internal error (ValueError)"), bytes that are not UTF-8
(named without a line), a device named as a vault's padr.ini (said "does not exist")."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

COMMANDS = (["lint", "-q"], ["state"], ["runbook", "failback", "--status"],
            ["report", "-o", "-"], ["fix", "--diff", "--topology"])


def estate(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "estate"
    shutil.copytree(EXAMPLES, folder)
    topology = folder / "topology.toml"
    text = topology.read_text(encoding="utf-8")
    assert old in text
    topology.write_text(text.replace(old, new), encoding="utf-8")
    return topology


@pytest.mark.parametrize("pattern", ["dr/p\\u0000/*.ini", "dr/**/a\\u0000", "dr/x\\u0000y"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_nul_in_a_topology_path_names_its_line(tmp_path: Path, pattern: str,
                                                 command: list[str]) -> None:
    topology = estate(tmp_path, 'files = ["dr/pvwa/Vault.ini"', f'files = ["{pattern}"')
    option = [] if command[0] == "fix" else ["-t"]
    result = run(*command, *option, str(topology))
    assert result.code == 2, result
    assert result.stderr == (f"cfgtool: error: {topology}:35:1: files holds a NUL character "
                             "(\\u0000)\n"), result.stderr


def test_a_topology_that_is_not_utf8_names_the_line_and_column(tmp_path: Path) -> None:
    topology = tmp_path / "topology.toml"
    topology.write_bytes(b'# site names\n[vaults.dr]\nsite = "d\xe9r"\n')
    result = run("state", "-t", str(topology))
    assert result.code == 2
    assert result.stderr == (f"cfgtool: error: {topology}:3:10: not UTF-8 text "
                             "(TOML files are UTF-8)\n")


@pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero")
def test_a_device_named_as_padr_ini_is_not_called_missing(tmp_path: Path) -> None:
    topology = estate(tmp_path, 'padr = "dr/vault/padr.ini"', 'padr = "/dev/zero"')
    result = run("lint", "-q", "-t", str(topology))
    assert result.code == 1
    assert (f"{topology}:18:1: DR008 [error] padr '/dev/zero' is not a regular "
            "file (a pipe, socket or device)\n") in result.stdout, result.stdout


@pytest.mark.parametrize("key", ["topology", "baseline"])
def test_a_nul_in_a_configured_path_is_named(tmp_path: Path, key: str) -> None:
    config = tmp_path / "cfgtool.toml"
    config.write_text(f'{key} = "a\\u0000b"\n', encoding="utf-8")
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n")
    result = run("lint", "--config", str(config), str(padr))
    assert result.code == 2, result
    assert "a\\x00b" in result.stderr and "NUL character" in result.stderr, result.stderr


@pytest.mark.parametrize(("old", "new", "where"), [
    ("[vaults.dr]\n", '[vaults."dr\\nstate: normal"]\nrole = "dr"\n', "15:1: vault name "
     "'dr\\nstate: normal'"),  # its own table's line (was 8, the first [vaults.*] table's)
    ('site = "dr"\naddresses', 'site = "d\\u202er"\naddresses', "16:1: site 'd\\u202er'"),
    ('addresses = ["10.20.1.10"]', 'addresses = ["10.20.1.10\\u009b2J"]',
     "17:1: address '10.20.1.10\\x9b2J'"),
    ('site = "dr"\nfiles', 'site = "dr"\nname = "PVWA\\rDR"\nfiles', "35:1: name 'PVWA\\rDR'"),
])
def test_a_control_character_in_a_name_is_refused_at_its_line(tmp_path: Path, old: str,
                                                               new: str, where: str) -> None:
    """A vault, site or component name and an address are printed by every text output: a
    line break forged a line of `state`, U+202E reordered one."""
    topology = estate(tmp_path, old, new)
    for command in COMMANDS[:4]:
        result = run(*command, "-t", str(topology))
        assert result.code == 2, result
        assert result.stderr == (f"cfgtool: error: {topology}:{where} holds a control "
                                 "character\n"), result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names cannot hold these characters")
@pytest.mark.parametrize("command", [["state"], ["runbook", "failback"],
                                     ["runbook", "failback", "-f", "markdown"]],
                         ids=lambda c: "-".join(c))
def test_a_hostile_folder_name_from_the_topology_is_escaped_in_text(tmp_path: Path,
                                                                    command: list[str]) -> None:
    """A folder holding U+202E and a C1 control (which reorder or drive a terminal, and which
    click does not strip when piped) reached `state` and `runbook` text raw."""
    hostile = "v\u202e\x9b2J"
    topology = estate(tmp_path, 'padr = "dr/vault/padr.ini"',
                      'padr = "dr/v\\u202e\\u009b2J/padr.ini"')
    shutil.copytree(topology.parent / "dr" / "vault", topology.parent / "dr" / hostile)
    result = run(*command, "-t", str(topology), "--now", "2026-10-01T09:00:00Z")
    assert result.code in (0, 1), result
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout, ascii(result.stdout)
    assert "dr/v\\u202e\\x9b2J/padr.ini" in result.stdout, result.stdout


def test_files_on_another_drive_than_the_topology(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, os.path.relpath raises ValueError for two drives (a topology in C:\\drtools
    naming D:\\PVWA\\Vault.ini, a change record of another drive): `report` and the role guess
    failed with "internal error (ValueError)". Simulated here on every system."""
    import ntpath
    import posixpath

    real = os.path.relpath

    def other_drive(path: str, start: str | None = None) -> str:
        if start is not None and os.path.abspath(start) == str(tmp_path / "estate"):
            raise ValueError("path is on mount 'D:', start on mount 'C:'")
        return real(path, start)

    topology = estate(tmp_path, 'files = ["dr/pvwa/Vault.ini"',
                      'files = ["dr/pvwa/Vault.ini", "dr/x/Vault.ini"')
    shutil.copytree(topology.parent / "dr" / "pvwa", topology.parent / "dr" / "x")
    for module in (os.path, posixpath, ntpath):
        monkeypatch.setattr(module, "relpath", other_drive)
    for command in (["report", "-o", "-", "--now", "2026-10-01T09:00:00Z"], ["lint", "-q"]):
        result = run(*command, "-t", str(topology))
        assert result.code == 1 and "internal error" not in result.stderr, result
