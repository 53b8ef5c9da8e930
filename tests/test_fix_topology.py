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
    # The primary-only production CPM is right (runbooks keep a CPM on the active vault): it
    # is never given the DR vault; the DR-site CPM (UTF-16, kept so) is repointed to it.
    assert changed == {"dr/pvwa/Vault.ini", "dr/cpm/Vault.ini"}
    assert after["dr/pvwa/Vault.ini"] == before["dr/pvwa/Vault.ini"].replace(
        b"ADDRESS=10.10.1.10,10.20.1.10\r\n", b"ADDRESS=10.20.1.10,10.10.1.10\r\n")
    assert after["dr/cpm/Vault.ini"] == before["dr/cpm/Vault.ini"].replace(
        "ADDRESS=10.20.1.10,10.10.1.10\r\n".encode("utf-16-le"),
        "ADDRESS=10.10.1.10\r\n".encode("utf-16-le"))
    lint = run("lint", "--topology", str(estate / "topology.toml"), "--select",
               "DR003,DR004,DR021")
    assert lint.code == 0, lint.stdout
    again = run("fix", "--topology", str(estate / "topology.toml"))
    assert again.code == 0 and snapshot(estate) == after


def test_fix_topology_limited_to_named_files_and_dry_runs(estate: Path) -> None:
    before = snapshot(estate)
    check = run("fix", "--topology", str(estate / "topology.toml"), "--check")
    assert check.code == 1 and snapshot(estate) == before
    only = run("fix", "--topology", str(estate / "topology.toml"),
               str(estate / "dr" / "pvwa" / "Vault.ini"))
    assert only.code == 0
    after = snapshot(estate)
    assert {n for n in before if before[n] != after[n]} == {"dr/pvwa/Vault.ini"}


def test_fix_topology_is_not_combined_with_a_procedure(estate: Path) -> None:
    result = run("fix", "--topology", str(estate / "topology.toml"), "--failback")
    assert result.code == 2 and "--topology goes alone" in result.stderr
    assert run("fix").code == 2
