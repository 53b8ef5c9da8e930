"""`cfgtool state`: the founding document's table for every combination (from
tests/fixtures/estate/state-table.txt), both ways of naming the files, the report formats, and
the usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from conftest import FIXTURES, ROOT, posix_paths

ESTATES = FIXTURES / "estate"
NOW = "2026-10-02T12:00:00Z"


def _table() -> list[tuple[str, str, str]]:
    rows = []
    for line in (ESTATES / "state-table.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            dr, primary, state = line.split()
            rows.append((dr, primary, state))
    return rows


TABLE = _table()


def padr_text(failover_mode: str) -> str:
    mode = "" if failover_mode == "missing" else f"FailoverMode={failover_mode}\r\n"
    return (f"[MAIN]\r\nEnableReplicate=Yes\r\nEnableFailover=Yes\r\n{mode}"
            f"CheckInterval=60\r\n")


def write_pair(folder: Path, dr: str, primary: str) -> tuple[Path, Path | None]:
    (folder / "dr").mkdir(parents=True)
    (folder / "dr" / "padr.ini").write_text(padr_text(dr), newline="")
    if primary == "absent":
        return folder / "dr" / "padr.ini", None
    (folder / "prod").mkdir()
    (folder / "prod" / "padr.ini").write_text(padr_text(primary), newline="")
    return folder / "dr" / "padr.ini", folder / "prod" / "padr.ini"


def test_the_table_covers_every_combination() -> None:
    combinations = {(dr.lower(), primary.lower()) for dr, primary, _ in TABLE}
    for dr in ("yes", "no", "missing"):
        for primary in ("yes", "no", "absent", "missing"):
            if dr != "missing" or primary != "missing":
                assert (dr, primary) in combinations, (dr, primary)


@pytest.mark.parametrize(("dr", "primary", "state"), TABLE)
def test_state_from_dr_and_primary(tmp_path: Path, dr: str, primary: str, state: str) -> None:
    dr_path, primary_path = write_pair(tmp_path, dr, primary)
    args = ["state", "--dr", str(dr_path), "--format", "json", "--now", NOW]
    if primary_path is not None:
        args += ["--primary", str(primary_path)]
    result = run(*args)
    assert json.loads(result.stdout)["state"] == state
    assert result.code == (0 if state in ("normal", "failover") else 1)


@pytest.mark.parametrize(("dr", "primary", "state"), TABLE)
def test_state_from_a_topology(tmp_path: Path, dr: str, primary: str, state: str) -> None:
    write_pair(tmp_path, dr, primary)
    padr = "" if primary == "absent" else 'padr = "prod/padr.ini"\n'
    (tmp_path / "topology.toml").write_text(
        f'[vaults.primary]\nsite = "prod"\naddresses = ["10.10.1.10"]\n{padr}\n'
        f'[vaults.dr]\nsite = "dr"\naddresses = ["10.20.1.10"]\npadr = "dr/padr.ini"\n')
    result = run("state", "--topology", str(tmp_path / "topology.toml"))
    assert result.stdout.startswith(f"state: {state} (")
    assert result.code == (0 if state in ("normal", "failover") else 1)


@pytest.mark.parametrize("fmt", ["json", "txt"])
def test_report_on_the_bundled_examples(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(ROOT)
    result = run("state", "--topology", "examples/topology.toml", "--now", NOW,
                 "--format", "json" if fmt == "json" else "text")
    expected = (ESTATES / f"examples-state.{fmt}").read_text(encoding="utf-8")
    assert posix_paths(result.stdout) == expected
    assert result.code == 0  # failover: only the DR vault's PrivateArk Server runs


def test_three_vaults_in_failover_to_the_cloud_vault() -> None:
    result = run("state", "--topology", str(ESTATES / "three-sites" / "topology.toml"),
                 "--format", "json", "--now", NOW)
    data = json.loads(result.stdout)
    assert result.code == 0 and data["state"] == "failover"
    assert [v["name"] for v in data["vaults"] if v["FailoverMode"]] == ["cloud"]


def test_ages_and_times(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_text("FailoverMode=No\nLastDataReplicationTimestamp=1570820901835879\n")
    result = run("state", "--dr", str(padr), "--format", "json", "--now", "2019-10-11T19:10:21")
    dr = json.loads(result.stdout)["vaults"][1]
    assert dr["LastDataReplication"] == "2019-10-11T19:08:21.835879Z"
    assert dr["LastDataReplicationAgeSeconds"] == 119
    text = run("state", "--dr", str(padr), "--now", "2019-10-11T19:00:00+00:00").stdout
    assert "2019-10-11 19:08:21 UTC (in the future: check the clocks (or --now))" in text


GO_WITH_DR = "--primary, --dr-services and --primary-services go with --dr"


@pytest.mark.parametrize(("args", "said"), [
    ([], "no topology: "),
    (["--dr", "a.ini", "--topology", "t.toml"],
     "give either --topology FILE or --dr DR_PADR [--primary PRIMARY_PADR]"),
    (["--primary", "a.ini"], GO_WITH_DR),
    (["--dr-services", "s.json"], GO_WITH_DR),
    (["--topology", "t.toml", "--primary", "a.ini"],
     GO_WITH_DR + '; a topology names its own files (services = "...")'),
    (["--topology", "t.toml", "--dr-services", "s.json"],
     GO_WITH_DR + '; a topology names its own files (services = "...")'),
    (["--dr", "{dr}", "--format", "yaml"], "--format must be text or json"),
    (["--dr", "{dr}", "--now", "yesterday"],
     "--now must be an ISO 8601 time, for example 2026-10-01T12:00:00Z"),
])
def test_usage_errors(args: list[str], said: str, monkeypatch: pytest.MonkeyPatch,
                      tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no topology.toml here or above
    dr = str(ESTATES / "healthy-normal" / "dr" / "vault" / "padr.ini")
    result = run("state", *[a.replace("{dr}", dr) for a in args])
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"cfgtool: error: {said}") and result.stderr.count("\n") == 1
    if not said.endswith(": "):
        assert result.stderr == f"cfgtool: error: {said}\n"


def test_unreadable_and_unparsable_padr_files(tmp_path: Path) -> None:
    missing = run("state", "--dr", str(tmp_path / "nope.ini"))
    assert missing.code == 2 and f"{tmp_path / 'nope.ini'}: no such file" in missing.stderr
    broken = tmp_path / "padr.ini"
    broken.write_text("[MAIN]\nFailoverMode=No\nthis is not a parameter\n")
    result = run("state", "--dr", str(broken))
    assert result.code == 2 and f"{broken}:3:1: " in result.stderr
    gone = run("state", "--topology", str(ESTATES / "missing-files" / "topology.toml"))
    assert gone.code == 2 and "padr.ini: no such file" in gone.stderr


def test_the_readme_shows_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ cfgtool state --topology examples/topology.toml --now 2026-10-01T09:00:00Z\n"
    assert command in readme
    shown = readme.split(command, 1)[1].split("\n$ ", 1)[0]
    monkeypatch.chdir(ROOT)
    assert posix_paths(run(*command.split()[2:]).stdout) == shown + "\n"


def _services_table() -> list[tuple[str, ...]]:
    rows = []
    for line in (ESTATES / "services-table.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split()))
    return rows


def snapshot_json(letters: str) -> str:
    names = ("PrivateArk Server", "CyberArk Vault Disaster Recovery", "Cyber-Ark ENE")
    items = [{"Name": name, "DisplayName": name, "Status": 4 if letter == "R" else 1,
              "StartType": 3} for name, letter in zip(names, letters, strict=True)]
    return json.dumps(items, indent=2)


@pytest.mark.parametrize(("dr", "primary", "dr_svc", "primary_svc", "state"), _services_table())
def test_state_with_service_snapshots(tmp_path: Path, dr: str, primary: str, dr_svc: str,
                                      primary_svc: str, state: str) -> None:
    dr_path, primary_path = write_pair(tmp_path, dr, primary)
    args = ["state", "--dr", str(dr_path), "--format", "json", "--now", NOW]
    if primary_path is not None:
        args += ["--primary", str(primary_path)]
    for option, letters in (("--dr-services", dr_svc), ("--primary-services", primary_svc)):
        if letters != "-":
            snapshot = tmp_path / f"{option[2:]}.json"
            snapshot.write_text(snapshot_json(letters))
            args += [option, str(snapshot)]
    result = run(*args)
    data = json.loads(result.stdout)
    assert data["state"] == state, data["reasons"]
    assert result.code == (0 if state in ("normal", "failover") else 1)
    evidence = {v["name"]: v["evidence"] for v in data["vaults"]}
    assert ("services" in evidence["dr"]) == (dr_svc != "-")


def test_unverified_names_the_service_to_check(tmp_path: Path) -> None:
    dr_path, primary_path = write_pair(tmp_path, "Yes", "Yes")
    result = run("state", "--dr", str(dr_path), "--primary", str(primary_path))
    assert result.code == 1
    assert result.stdout.startswith(
        "state: unverified (padr.ini says FailoverMode=Yes on primary and dr; no service "
        "snapshot for primary and dr: check PrivateArk Server on primary and dr; it must run "
        "on one vault only)\n")


def test_inconsistent_says_which_vault(tmp_path: Path) -> None:
    dr_path, primary_path = write_pair(tmp_path, "Yes", "Yes")
    (tmp_path / "dr.json").write_text(snapshot_json("SRS"))
    (tmp_path / "prod.json").write_text(snapshot_json("RSR"))
    result = run("state", "--dr", str(dr_path), "--primary", str(primary_path),
                 "--dr-services", str(tmp_path / "dr.json"),
                 "--primary-services", str(tmp_path / "prod.json"))
    assert result.stdout.splitlines()[0] == (
        "state: inconsistent (dr: padr.ini says FailoverMode=Yes (active), but PrivateArk "
        "Server is stopped and CyberArk Vault Disaster Recovery runs (replicating))")
    assert "PrivateArk Server                 Running, Manual" in result.stdout


def test_a_broken_snapshot_is_one_line_exit_2(tmp_path: Path) -> None:
    dr_path, _ = write_pair(tmp_path, "No", "absent")
    broken = FIXTURES / "services" / "broken-syntax.json"
    result = run("state", "--dr", str(dr_path), "--dr-services", str(broken))
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == f"cfgtool: error: {broken}:6:5: not valid JSON: Expecting ',' " \
                            "delimiter\n"
