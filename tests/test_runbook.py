"""`cfgtool runbook`: every procedure in every format, the seed's failback order on the right
hosts, and `--status` walking a scripted drill on a copy of the examples: each step's command
run as printed, each service step's expected services written as new snapshots."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from conftest import EXAMPLES, FIXTURES

from cyberark_cfg.drill.procedures import KINDS, PROCEDURES

NAMES = {"server": "PrivateArk Server", "dr-service": "CyberArk Vault Disaster Recovery",
         "ene": "Cyber-Ark ENE"}
STARTS = {"primary": {"server": 2, "dr-service": 3, "ene": 2},
          "dr": {"server": 3, "dr-service": 2, "ene": 3}}


def runbook_json(topology: Path, procedure: str = "failback") -> dict[str, Any]:
    result = run("runbook", procedure, "--topology", str(topology), "--format", "json")
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("procedure", list(PROCEDURES))
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_every_procedure_in_every_format(procedure: str, fmt: str) -> None:
    result = run("runbook", procedure, "--topology", str(EXAMPLES / "topology.toml"),
                 "--format", fmt)
    assert result.code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["procedure"] == procedure
        for number, step in enumerate(data["steps"], start=1):
            assert step["number"] == number and step["kind"] in KINDS
            assert step["host"] and step["text"] and step["sources"]
            assert "command" not in step or step["command"].startswith("cfgtool ")
    elif fmt == "markdown":
        steps = runbook_json(EXAMPLES / "topology.toml", procedure)["steps"]
        assert result.stdout.count("- [ ] **") == len(steps)
        assert result.stdout.startswith(f"## {PROCEDURES[procedure].title} (`{procedure}`)")


def test_failback_follows_the_seed_on_the_right_hosts() -> None:
    steps = runbook_json(EXAMPLES / "topology.toml")["steps"]
    seed = [  # the seed's nine steps (S1), with S3's stop of DR's vault before step 5
        ("dr", "manual", "enable the DR user"),
        ("primary", "credential", "CreateCredFile.exe user.ini"),
        ("primary", "service", "Start CyberArk Vault Disaster Recovery on the primary"),
        ("primary", "edit", "prod/vault/padr.ini --manual-failover"),
        ("dr", "service", "Stop PrivateArk Server on the DR vault"),
        ("primary", "service", "it fails over"),
        ("dr", "edit", "dr/vault/padr.ini --failback"),
        ("dr", "credential", "CreateCredFile.exe user.ini"),
        ("dr", "service", "Start CyberArk Vault Disaster Recovery on the DR vault"),
    ]
    found = iter(steps)
    for host, kind, words in seed:
        assert any(s["host"] == host and s["kind"] == kind
                   and words in s["text"] + posix_command(s.get("command", ""))
                   for s in found), words
    credential = next(s for s in steps if s["kind"] == "credential")["text"]
    for part in ("/AppType DR", "/DPAPIMachineProtection", "/EntropyFile", "del user.ini*",
                 "/IpAddress", "/Hostname", "/OSUsername"):
        assert part in credential
    hazard = next(s for s in steps if s.get("command", "").endswith("EnableFailover No"))
    replicate = "Start CyberArk Vault Disaster Recovery on the primary: it replicates"
    assert hazard["host"] == "primary" and steps.index(hazard) < next(
        i for i, s in enumerate(steps) if s["text"].startswith(replicate))
    assert [s["wait_for"] for s in steps if "fails over" in s["text"]] == [
        ["PADR0103I", "PADR0024I", "PADR0025I", "PADR0067I", "PADR0017I", "PADR0022I"]]


def test_failback_without_padr_warns_of_data_loss() -> None:
    data = runbook_json(EXAMPLES / "topology.toml", "failback-no-padr")
    assert "lost" in data["warning"]
    text = run("runbook", "failback-no-padr", "--topology", str(EXAMPLES / "topology.toml"))
    assert "WARNING: Changes made on the DR vault during the failover are NOT synced back" in (
        text.stdout)


def write_snapshots(estate: Path, services: dict[str, dict[str, bool]]) -> None:
    for vault, folder in (("primary", "prod"), ("dr", "dr")):
        items = [{"Name": NAMES[role], "DisplayName": NAMES[role],
                  "Status": 4 if services[vault][role] else 1,
                  "StartType": STARTS[vault][role]} for role in NAMES]
        (estate / folder / "vault" / "services.json").write_text(json.dumps(items, indent=2))


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    estate = tmp_path / "drill estate"  # a space: the printed commands quote the paths
    shutil.copytree(EXAMPLES, estate)
    topology = estate / "topology.toml"
    topology.write_text(topology.read_text().replace("services.csv", "services.json"))
    write_snapshots(estate, {
        "primary": {"server": False, "dr-service": False, "ene": False},
        "dr": {"server": True, "dr-service": False, "ene": True}})
    return topology


def status_of(topology: Path, procedure: str = "failback") -> dict[str, Any]:
    result = run("runbook", procedure, "--topology", str(topology), "--status",
                 "--format", "json")
    data: dict[str, Any] = json.loads(result.stdout)
    assert result.code == (0 if data["complete"] else 1)
    return data


def words(command: str) -> list[str]:
    """A printed command's words, as the shell of this platform reads them."""
    if os.name != "nt":
        return shlex.split(command)
    return [w[1:-1] if w.startswith('"') else w for w in shlex.split(command, posix=False)]


def posix_command(command: str) -> str:
    """A printed command with its paths spelled with `/`, to match the seed's words: on Windows
    its words as cmd reads them (see `words`), each turned by `Path.as_posix`; elsewhere the
    command unchanged, byte for byte."""
    if os.name != "nt":
        return command
    return " ".join(Path(word).as_posix() for word in words(command))


def walk(topology: Path, procedure: str, services: dict[str, dict[str, bool]],
         logs: dict[int, str] | None = None) -> None:
    """Run each step as the runbook prints it: its command, its expected services as new
    snapshots; a failover also writes FailoverMode=Yes, as PADR does (S1, S2). The status must
    never run ahead, never block a step reached in order, and mark each checkable step done."""
    estate = topology.parent
    write_snapshots(estate, services)
    steps = runbook_json(topology, procedure)["steps"]
    first = status_of(topology, procedure)  # not done before it starts (a check may hold)
    assert not first["complete"] and first["next"] <= 2
    for step in steps:
        before = status_of(topology, procedure)
        mine = before["steps"][step["number"] - 1]
        # The status never runs ahead of the drill, except over a step already satisfied.
        assert (before["next"] or 0) <= step["number"] or (
            mine["status"] == "done" and mine["checked"]), (step, before["next"])
        if before["next"] == step["number"]:
            assert mine["blocked"] == [], (step["number"], mine["blocked"])
        if "command" in step and not step["command"].startswith(("cfgtool state",
                                                                 "cfgtool log")):
            done = run(*words(step["command"])[1:])
            assert done.code == 0, (step["command"], done.stderr)
        if "PADR0017I" in step.get("wait_for", []):
            folder = {"primary": "prod", "dr": "dr"}[step["host"]]
            padr = estate / folder / "vault" / "padr.ini"
            assert run("set", str(padr), "FailoverMode", "Yes").code == 0
        for vault, changes in step.get("expect", {}).items():
            for label, status in changes.items():
                role = next(r for r, name in NAMES.items() if name == label)
                services[vault][role] = status == "Running"
        write_snapshots(estate, services)
        if step["number"] in (logs or {}):  # what the DR service logs meanwhile
            shutil.copyfile(FIXTURES / "padrlog" / (logs or {})[step["number"]],
                            estate / "dr" / "vault" / "padr.log")
        mine = status_of(topology, procedure)["steps"][step["number"] - 1]
        if mine["checkable"]:  # its conditions hold right after it is done
            assert mine["status"] == "done" and mine["checked"], (step, mine)
    final = status_of(topology, procedure)
    assert final["complete"] and final["next"] is None


def test_status_walks_a_scripted_failback(drill: Path) -> None:
    assert status_of(drill)["next"] == 1
    walk(drill, "failback", {"primary": {"server": False, "dr-service": False, "ene": False},
                             "dr": {"server": True, "dr-service": False, "ene": True}})
    state = run("state", "--topology", str(drill), "--format", "json")
    assert json.loads(state.stdout)["state"] == "normal" and state.code == 0


NORMAL = {"primary": {"server": True, "dr-service": False, "ene": True},
          "dr": {"server": False, "dr-service": True, "ene": False}}


@pytest.fixture
def normal(tmp_path: Path) -> Path:
    """The healthy normal estate of the fixtures, with snapshots and a healthy DR padr.log."""
    estate = tmp_path / "normal"
    shutil.copytree(FIXTURES / "estate" / "healthy-normal", estate)
    shutil.copyfile(FIXTURES / "padrlog" / "healthy-crlf.log", estate / "dr" / "vault" /
                    "padr.log")
    topology = estate / "topology.toml"
    topology.write_text(topology.read_text().replace(
        'vault_ini = "prod/vault/Vault.ini"\n',
        'vault_ini = "prod/vault/Vault.ini"\nservices = "prod/vault/services.json"\n').replace(
        'vault_ini = "dr/vault/Vault.ini"\n',
        'vault_ini = "dr/vault/Vault.ini"\nservices = "dr/vault/services.json"\n'
        'padrlog = "dr/vault/padr.log"\n'))
    return topology


def test_status_walks_a_scripted_failover(normal: Path) -> None:
    walk(normal, "failover", {v: dict(s) for v, s in NORMAL.items()})
    state = run("state", "--topology", str(normal), "--format", "json")
    assert json.loads(state.stdout)["state"] == "failover"


def test_status_walks_a_scripted_full_replication(normal: Path) -> None:
    walk(normal, "full-replication", {v: dict(s) for v, s in NORMAL.items()},
         {3: "full-replication.log"})


def test_status_walks_a_scripted_return_to_standby(normal: Path) -> None:
    walk(normal, "failover", {v: dict(s) for v, s in NORMAL.items()})
    # A failover test with the primary kept running (isolated), then back to standby.
    services = {"primary": dict(NORMAL["primary"]),
                "dr": {"server": True, "dr-service": False, "ene": True}}
    walk(normal, "return-to-standby", services)


def test_status_walks_a_scripted_failback_without_padr(drill: Path) -> None:
    walk(drill, "failback-no-padr", {
        "primary": {"server": False, "dr-service": False, "ene": False},
        "dr": {"server": True, "dr-service": False, "ene": True}})


def test_the_hazard_blocks_replication_with_automatic_failover_on(drill: Path) -> None:
    primary = drill.parent / "prod" / "vault" / "padr.ini"
    assert run("set", str(primary), "EnableFailover", "No").code == 0
    assert run("fix", str(primary), "--failback").code == 0
    assert run("set", str(primary), "EnableFailover", "Yes").code == 0  # switched back on
    result = run("runbook", "failback", "--topology", str(drill), "--status")
    assert result.code == 1
    assert "failback: step 5 of" in result.stdout.splitlines()[0]
    assert ("blocked: automatic failover must be off on the primary first "
            "(EnableFailover=No)") in result.stdout


def test_return_to_standby_is_blocked_while_the_primary_is_down(drill: Path) -> None:
    write_snapshots(drill.parent, {
        "primary": {"server": False, "dr-service": False, "ene": False},
        "dr": {"server": False, "dr-service": False, "ene": False}})
    data = status_of(drill, "return-to-standby")
    assert data["next"] == 2 and data["steps"][0]["status"] == "done"
    assert data["steps"][1]["blocked"] == ["the primary must run as the active vault"]


@pytest.mark.parametrize(("args", "words"), [
    (["nonsense"], "unknown procedure 'nonsense'"),
    (["failback", "--format", "yaml"], "--format must be"),
    (["failback", "--status", "--drill-record"], "not both"),
    (["failback", "--record", "r.jsonl"], "--record goes with --drill-record"),
    (["failback", "--status", "--format", "markdown"], "--status prints text or json"),
    (["failback", "--drill-record", "--now", "soon"], "--now must be an ISO 8601 time"),
    (["failback", "--dr-vault", "cloud"], "no DR vault called 'cloud'"),
])
def test_usage_errors(args: list[str], words: str) -> None:
    result = run("runbook", *args[:1], "--topology", str(EXAMPLES / "topology.toml"),
                 *args[1:])
    assert result.code == 2 and words in result.stderr and result.stdout == ""


def with_padrlog(drill: Path) -> Path:
    """Give the DR vault the synthetic failover log; the estate's folder."""
    estate = drill.parent
    shutil.copyfile(FIXTURES / "drill" / "dr-failover.log", estate / "dr" / "vault" / "padr.log")
    drill.write_text(drill.read_text().replace(
        'services = "dr/vault/services.json"',
        'services = "dr/vault/services.json"\npadrlog = "dr/vault/padr.log"'))
    return estate


def test_drill_record_has_steps_changes_hashes_timeline_and_no_secret(drill: Path) -> None:
    estate = with_padrlog(drill)
    record = estate.parent / "drill.jsonl"
    primary = estate / "prod" / "vault" / "padr.ini"
    before = hashlib.sha256(primary.read_bytes()).hexdigest()
    assert run("set", str(primary), "EnableFailover", "No").code == 0
    middle = hashlib.sha256(primary.read_bytes()).hexdigest()
    assert run("fix", str(primary), "--failback", "--record", str(record)).code == 0
    after = hashlib.sha256(primary.read_bytes()).hexdigest()
    result = run("runbook", "failback", "--topology", str(drill), "--drill-record",
                 "--record", str(record), "--now", "2026-10-14T08:00:00Z")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["procedure"], data["state"], data["complete"]) == ("failback", "failover",
                                                                    False)
    step = next(s for s in data["steps"] if (s.get("command") or "").endswith("--failback")
                and "prod" in s["command"])
    assert step["status"] == "done"
    assert [(c["procedure"], c["sha256_before"], c["sha256_after"], c["now"])
            for c in step["changes"]] == [("failback", middle, after, "in place")]
    assert before != middle
    stop = next(s for s in data["steps"]
                if s["text"].startswith("Stop PrivateArk Server on the DR"))
    assert [(x["vault"], x["path"], len(x["sha256"])) for x in stop["snapshots"]] == [
        ("dr", str(estate / "dr" / "vault" / "services.json"), 64)]
    assert stop["snapshots"][0]["modified"].endswith("Z")
    vaults = {v["name"]: v for v in data["vaults"]}
    assert vaults["primary"]["padr"]["sha256"] == after
    assert [s["status"] for s in vaults["dr"]["services"]["list"]] == [
        "Running", "Stopped", "Running"]
    log = vaults["dr"]["padrlog"]
    assert log["failover"]["codes"] == {
        "PADR0103I": "2026-10-14 07:12:11.210554", "PADR0024I": "2026-10-14 07:12:11.433876",
        "PADR0025I": "2026-10-14 07:13:02.918265", "PADR0067I": "2026-10-14 07:13:03.001447",
        "PADR0017I": "2026-10-14 07:13:40.552981", "PADR0022I": "2026-10-14 07:13:41.100023"}
    assert log["replication_gap"] == {
        "last_cycle": "2026-10-14 07:07:05.310007", "last_cycle_code": "PADR0010I",
        "failover_started": "2026-10-14 07:12:11.210554", "seconds": 305}
    assert vaults["dr"]["last_data_replication"] == "2026-10-01T07:08:21.835879Z"
    secret = next(line.split("=", 1)[1] for line in
                  (estate / "dr" / "vault" / "user.ini").read_text().splitlines()
                  if line.lower().startswith("password="))
    assert secret and secret not in result.stdout


def test_the_report_shows_the_runbook_and_the_timeline(drill: Path) -> None:
    estate = with_padrlog(drill)
    out = estate.parent / "report.html"
    result = run("report", "--topology", str(drill), "--runbook", "failback", "-o", str(out),
                 "--now", "2026-10-14T08:00:00Z")
    assert result.code in (0, 1), result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<h2 id="runbook">Runbook: Failback with PADR on the primary' in html
    assert html.count("<tr data-step=") == len(runbook_json(drill)["steps"])
    assert '<tr data-step="1" data-status="next">' in html
    assert "<h3>Failover timeline on dr" in html
    assert "305 s since the last cycle (PADR0010I at 2026-10-14 07:07:05.310007)" in html
    plain = run("report", "--topology", str(drill), "-o", str(out))
    assert plain.code in (0, 1) and 'id="runbook"' not in out.read_text(encoding="utf-8")


def test_the_topology_is_found_as_lint_finds_it(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.chdir(EXAMPLES)
    found = run("runbook", "failback", "--format", "json")
    assert found.code == 0 and json.loads(found.stdout)["topology"] == "topology.toml"
    monkeypatch.chdir(tmp_path)  # an empty folder: none to find
    missing = run("runbook", "failback")
    assert missing.code == 2 and "no topology" in missing.stderr
