"""`cfgtool fix --topology`: the DR003/DR004 fixes on the bundled estate, verified and exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    root = tmp_path / "estate"
    shutil.copytree(EXAMPLES, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_fix_topology_reorders_and_completes_address_lists(estate: Path) -> None:
    before = snapshot(estate)
    result = run("fix", "--topology", str(estate / "topology.toml"))
    assert result.code == 0, result.stderr
    after = snapshot(estate)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"dr/pvwa/Vault.ini", "prod/cpm/Vault.ini"}
    assert after["dr/pvwa/Vault.ini"] == before["dr/pvwa/Vault.ini"].replace(
        b"ADDRESS=10.10.1.10,10.20.1.10\r\n", b"ADDRESS=10.20.1.10,10.10.1.10\r\n")
    assert after["prod/cpm/Vault.ini"] == before["prod/cpm/Vault.ini"].replace(
        b"ADDRESS=10.10.1.10\r\n", b"ADDRESS=10.10.1.10,10.20.1.10\r\n")
    lint = run("lint", "--topology", str(estate / "topology.toml"), "--select", "DR003,DR004")
    assert lint.code == 0, lint.stdout
    again = run("fix", "--topology", str(estate / "topology.toml"))
    assert again.code == 0 and snapshot(estate) == after


def test_fix_topology_limited_to_named_files_and_dry_runs(estate: Path) -> None:
    before = snapshot(estate)
    check = run("fix", "--topology", str(estate / "topology.toml"), "--check")
    assert check.code == 1 and snapshot(estate) == before
    only = run("fix", "--topology", str(estate / "topology.toml"),
               str(estate / "prod" / "cpm" / "Vault.ini"))
    assert only.code == 0
    after = snapshot(estate)
    assert {n for n in before if before[n] != after[n]} == {"prod/cpm/Vault.ini"}


def test_fix_topology_is_not_combined_with_a_procedure(estate: Path) -> None:
    result = run("fix", "--topology", str(estate / "topology.toml"), "--failback")
    assert result.code == 2 and "--topology goes alone" in result.stderr
    assert run("fix").code == 2
