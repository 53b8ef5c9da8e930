"""Component roles in the topology (issue 15): a CPM stays on the active vault (never given the
DR vault by DR004 or `fix --topology`), the expected address order follows `expected_state`,
and a file whose role cannot be told gets its own finding. Estates here are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

from cyberark_cfg.estate import load_estate
from cyberark_cfg.estate.roles import infer_role
from cyberark_cfg.estate.topology import TopologyError, load_topology
from cyberark_cfg.lint.estate import check_estate

PRIMARY, DR = "10.10.1.10", "10.20.1.10"


def _estate(root: Path, files: dict[str, str], *, state: str = "normal",
            extra: str = "") -> Path:
    (root / "prod" / "vault").mkdir(parents=True)
    (root / "dr" / "vault").mkdir(parents=True)
    (root / "prod" / "vault" / "padr.ini").write_bytes(
        b"FailoverMode=" + (b"No" if state == "failover" else b"Yes") + b"\r\n")
    (root / "dr" / "vault" / "padr.ini").write_bytes(
        b"FailoverMode=" + (b"Yes" if state == "failover" else b"No") + b"\r\n")
    for name, address in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(
            f'VAULT="V"\r\nADDRESS={address}\r\nPORT=1858\r\n'.encode())
    listed = ", ".join(f'"{name}"' for name in files)
    topology = root / "topology.toml"
    topology.write_text(
        f'expected_state = "{state}"\n'
        f'[vaults.primary]\nsite = "prod"\naddresses = ["{PRIMARY}"]\n'
        f'padr = "prod/vault/padr.ini"\n'
        f'[vaults.dr]\nsite = "dr"\naddresses = ["{DR}"]\npadr = "dr/vault/padr.ini"\n'
        f'[[components]]\nsite = "prod"\n{extra}files = [{listed}]\n', encoding="utf-8")
    return topology


def _found(topology: Path) -> list[tuple[str, str]]:
    findings = check_estate(load_estate(topology))
    return sorted((Path(d.path or "").name if (d.path or "").endswith(".toml")
                   else Path(d.path or "").parent.name, d.code)
                  for d in findings
                  if d.code.startswith("DR0") and d.code not in ("DR001", "DR002"))


@pytest.mark.parametrize(("path", "role"), [
    ("prod/pvwa01/Vault.ini", "pvwa"), ("prod/cpm/Vault.ini", "cpm"),
    ("prod/psm/basic_psm.ini", "psm"), ("prod/psmp2/Vault.ini", "psmp"),
    ("Password Manager/Vault/Vault.ini", "cpm"), ("dr/PVWA-02/VaultInfo/Vault.ini", "pvwa"),
    ("prod/cp/Vault.ini", "cp"), ("prod/backup/Vault.ini", "backup"),
    ("prod/app01/Vault.ini", None), ("prod/claim/Vault.ini", None),
])
def test_role_inferred_from_folder_or_file_name(path: str, role: str | None) -> None:
    assert infer_role(path) == role


def test_primary_only_cpm_is_correct(tmp_path: Path) -> None:
    # Runbooks keep the CPM on the primary only; DR004 used to ask for the DR vault.
    topology = _estate(tmp_path, {"prod/cpm/Vault.ini": PRIMARY})
    assert _found(topology) == []


def test_bundled_primary_only_cpm_gives_no_finding() -> None:
    findings = check_estate(load_estate(EXAMPLES / "topology.toml"))
    assert [d.code for d in findings if d.path and "prod" in d.path and "cpm" in d.path] == []


def test_cpm_listing_the_dr_vault_has_its_own_finding(tmp_path: Path) -> None:
    topology = _estate(tmp_path, {"prod/cpm/Vault.ini": f"{PRIMARY},{DR}"})
    assert _found(topology) == [("cpm", "DR021")]


def test_fix_topology_never_adds_the_dr_vault_to_a_cpm(tmp_path: Path) -> None:
    topology = _estate(tmp_path, {"prod/cpm/Vault.ini": PRIMARY,
                                  "prod/pvwa/Vault.ini": PRIMARY})
    result = run("fix", "--topology", str(topology))
    assert result.code == 0, result.stderr
    assert (tmp_path / "prod/cpm/Vault.ini").read_bytes().count(DR.encode()) == 0
    assert f"ADDRESS={PRIMARY},{DR}".encode() in (tmp_path / "prod/pvwa/Vault.ini").read_bytes()


def test_during_a_failover_dr_first_is_right(tmp_path: Path) -> None:
    # KB 000004249 and `fix --first <DR vault>` put the DR vault first: DR003 agrees.
    topology = _estate(tmp_path, {"prod/pvwa/Vault.ini": f"{DR},{PRIMARY}",
                                  "prod/cpm/Vault.ini": DR}, state="failover")
    assert _found(topology) == []
    topology_normal = _estate(tmp_path / "n", {"prod/pvwa/Vault.ini": f"{DR},{PRIMARY}"})
    assert _found(topology_normal) == [("pvwa", "DR003")]


def test_during_a_failover_primary_first_is_reported(tmp_path: Path) -> None:
    topology = _estate(tmp_path, {"prod/pvwa/Vault.ini": f"{PRIMARY},{DR}",
                                  "prod/cpm/Vault.ini": PRIMARY}, state="failover")
    assert _found(topology) == [("cpm", "DR003"), ("cpm", "DR021"), ("pvwa", "DR003")]
    # `fix --topology` repoints the CPM to the DR vault alone and puts DR first for the PVWA.
    assert run("fix", "--topology", str(topology)).code == 0
    assert _found(topology) == []
    assert f"ADDRESS={DR}\r\n".encode() in (tmp_path / "prod/cpm/Vault.ini").read_bytes()


def test_unknown_role_is_reported_and_a_declared_role_wins(tmp_path: Path) -> None:
    topology = _estate(tmp_path, {"prod/app01/Vault.ini": PRIMARY})
    assert _found(topology) == [("app01", "DR004"), ("topology.toml", "DR020")]
    declared = _estate(tmp_path / "d", {"prod/app01/Vault.ini": PRIMARY},
                       extra='role = "cpm"\n')
    assert _found(declared) == []


def test_an_unknown_role_name_is_a_topology_error(tmp_path: Path) -> None:
    topology = _estate(tmp_path, {"prod/cpm/Vault.ini": PRIMARY}, extra='role = "cmp"\n')
    with pytest.raises(TopologyError, match="role must be one of"):
        load_topology(topology)
