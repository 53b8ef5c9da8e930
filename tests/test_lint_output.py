"""`cfgtool lint` end to end: the example estate, exit codes, and each output format (JSON
records, SARIF validated against the SARIF 2.1.0 schema, GitHub workflow commands)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from cli_runner import run
from conftest import EXAMPLES, FIXTURES, not_on_windows

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# The mistakes planted in examples/ (path, code) and nothing else at warning level or above;
# `lint examples` finds examples/topology.toml itself, so the estate's are among them.
PLANTED = {
    ("examples/dr/pvwa/Vault.ini", "DR003"),
    ("examples/dr/vault/padr.ini", "DR002"),
    ("examples/prod/vault/services.csv", "DR010"),
    ("examples/dr/cpm/Vault.ini", "DR003"),  # a CPM listing the standby first
    ("examples/dr/cpm/Vault.ini", "DR021"),  # and a second vault at all
    ("examples/dr/cpm/Vault.ini", "CFG002"),
    ("examples/dr/vault/padr.ini", "PADR002"),
    ("examples/dr/vault/padr.ini", "PADR003"),
    ("examples/dr/vault/user.ini", "CRED003"),
    ("examples/dr/vault/user.ini", "CRED004"),
    ("examples/prod/vault/dbparm.ini", "DBPARM001"),
}
JSON_KEYS = ["path", "line", "column", "code", "severity", "message", "key", "fixable",
             "fix_title"]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_examples_planted_mistakes_are_found() -> None:
    result = run("lint", "examples", "--format", "json")
    assert result.code == 1, result.stderr
    records = json.loads(result.stdout)
    assert {(r["path"].replace(os.sep, "/"), r["code"]) for r in records} == PLANTED
    assert all(list(record) == JSON_KEYS for record in records)
    padr = next(r for r in records if r["code"] == "PADR002")
    assert padr == {
        "path": os.path.join("examples", "dr", "vault", "padr.ini"), "line": 7, "column": 1,
        "code": "PADR002", "severity": "warning", "message": padr["message"],
        "key": "ActivateManualFailover", "fixable": True,
        "fix_title": "Set ActivateManualFailover=No"}


def test_text_format_lines_and_summary() -> None:
    result = run("lint", "examples/dr/vault/padr.ini")
    # Paths are shown with the system's separator (backslashes on Windows).
    lines = result.stdout.replace(os.sep, "/").splitlines()
    assert lines[0].startswith("examples/dr/vault/padr.ini:7:1: PADR002 [warning] "
                               "ActivateManualFailover")
    assert lines[1].startswith("examples/dr/vault/padr.ini:10:1: PADR003 [info] ")
    # The estate rules' findings about this file (the topology is found above it).
    assert lines[2].startswith("examples/dr/vault/padr.ini:6:1: DR002 [error] the estate is in "
                               "state failover")
    assert lines[-1] == ("Found 3 findings (1 error, 1 warning, 1 info) in 1 file; 1 fixable with "
                         "`cfgtool fix`.")
    assert "\x1b[" not in result.stdout  # piped: no colour
    assert result.code == 1


def test_clean_files_pass_with_exit_0() -> None:
    result = run("lint", "examples/prod/psm", "examples/prod/backup", "examples/prod/pvwa01")
    assert result.code == 0, result.stdout
    assert result.stdout == "All checks passed (5 files checked).\n"


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1)])
def test_fail_on_threshold(fail_on: str, code: int) -> None:
    assert run("lint", "examples/dr/vault/padr.ini", "--fail-on", fail_on).code == code


def test_fail_on_error_ignores_warnings() -> None:
    assert run("lint", "examples/prod/vault/dbparm.ini", "--fail-on", "error").code == 0
    assert run("lint", "examples/prod/vault/dbparm.ini").code == 1
    only_info = run("lint", "examples/dr/vault/padr.ini", "--select", "PADR003")
    assert only_info.code == 0 and "PADR003" in only_info.stdout
    assert run("lint", "examples/dr/vault/padr.ini", "--select", "PADR003",
               "--fail-on", "info").code == 1


def test_select_and_ignore_take_prefixes() -> None:
    result = run("lint", "examples", "--format", "json", "--select", "CRED,PADR00",
                 "--ignore", "PADR003")
    codes = {record["code"] for record in json.loads(result.stdout)}
    assert codes == {"CRED003", "CRED004", "PADR002"}


@pytest.mark.parametrize("args", [
    ("lint", "no/such/path"),
    ("lint", "examples", "--format", "xml"),
    ("lint", "examples", "--select", "NOPE"),
    ("lint", "examples", "--fail-on", "fatal"),
    ("lint", "examples", "--kind", "nosuchkind"),
])
def test_usage_errors_exit_2_without_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.stderr.startswith("cfgtool: error: ") and "Traceback" not in result.stderr


@not_on_windows("a symbolic link needs a privilege there")
def test_unreadable_file_exits_2_after_linting_the_rest(tmp_path: Path) -> None:
    (tmp_path / "padr.ini").write_text("[MAIN]\nEnableDBSync=No\n")
    (tmp_path / "Vault.ini").symlink_to(tmp_path / "gone")  # listed, but cannot be read
    result = run("lint", str(tmp_path), "--format", "json")
    assert result.code == 2
    assert [r["code"] for r in json.loads(result.stdout)] == ["PADR006"]
    assert result.stderr == f"cfgtool: {tmp_path / 'Vault.ini'}: no such file\n"


def test_unparsable_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    nul = tmp_path / "padr.ini"
    nul.write_bytes(b"[MAIN]\r\nFailoverMode=N\x00o\r\n")
    result = run("lint", str(nul), "--format", "json")
    assert result.code == 1
    assert [(r["code"], r["line"], r["column"]) for r in json.loads(result.stdout)] == [
        ("CFG002", 2, 15)]


def test_json_is_an_empty_list_when_clean() -> None:
    result = run("lint", "examples/prod/psm", "--format", "json")
    assert (result.code, json.loads(result.stdout)) == (0, [])


def test_sarif_validates_against_the_schema() -> None:
    result = run("lint", "examples", "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    # Each rule that appears, once, in the order of first appearance (ruleIndex points there).
    assert [rule["id"] for rule in rules] == list(dict.fromkeys(
        result["ruleId"] for result in run_["results"]))
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help",
                "defaultConfiguration"} <= set(rule)
    results = run_["results"]
    assert len(results) == len(PLANTED)
    first = results[0]
    assert first["ruleId"] == "CFG002" and first["level"] == "error"
    assert rules[first["ruleIndex"]]["id"] == "CFG002"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "examples/dr/cpm/Vault.ini",
                                            "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 1, "startColumn": 1}
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_without_findings_validates() -> None:
    log = json.loads(run("lint", "examples/prod/psm", "--format", "sarif").stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_github_format_is_one_command_per_finding() -> None:
    result = run("lint", "examples", "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == len(PLANTED)
    assert ("::warning file=examples/dr/vault/padr.ini,line=7,col=1,title=PADR002::"
            "ActivateManualFailover=Yes") in result.stdout
    assert any(line.startswith("::notice ") for line in lines)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_github_escapes_properties_and_data(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c"
    odd.mkdir()
    (odd / "padr.ini").write_text("[MAIN]\nEnableDBSync=No\n")
    line = run("lint", str(odd / "padr.ini"), "--format", "github").stdout.strip()
    assert "a%2Cb%3Ac/padr.ini,line=2" in line and "\n" not in line


def test_real_vault_ini_samples_are_clean() -> None:
    from conftest import CORPUS

    samples = sorted((CORPUS / "vault_ini").glob("*"))
    if not samples:
        pytest.skip("shared corpus not present")
    result = run("lint", *map(str, samples), "--format", "json")
    assert (result.code, json.loads(result.stdout)) == (0, [])


def test_clean_realistic_files_of_every_kind(tmp_path: Path) -> None:
    files = {
        "padr.ini": "[MAIN]\r\nEnableCheck=Yes\r\nEnableReplicate=Yes\r\nEnableFailover=Yes\r\n"
                    "EnableDBSync=Yes\r\nFailoverMode=No\r\nCheckRetriesCount=5\r\n"
                    "CheckInterval=60\r\nNextBinaryLogNumberToStartAt=1186\r\n"
                    "LastDataReplicationTimestamp=1570820901835879\r\n",
        "dbparm.ini": "[MAIN]\r\nVaultId=1\r\nBackupFilesDeletion=Yes\r\n"
                      "RecoveryPubKey=D:\\Keys\\recpub.key\r\n"
                      "ComponentNotificationThreshold=PIMProvider,Yes,1440,1440\r\n"
                      "[SYSLOG]\r\nSyslogServerIP=10.0.0.5\r\nSyslogServerPort=514\r\n",
        "user.ini": "CredFileType=EnhancedPasswordMachine\r\nCredFileVersion=2\r\n"
                    "Username=DR\r\nVerificationsFlag=52\r\nPassword=00AA\r\n"
                    "ExternalAuthentication=No\r\nAdditionalInformation=11BB\r\n"
                    "ClientIP=10.20.1.10\r\nClientHostname=DRVAULT01\r\n",
        "tsparm.ini": "[Replicate]\r\nSafesDirectory=E:\\Vault Backup\r\n",  # TSPARM002: <= 20
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("ascii"))
    shipped = [EXAMPLES / "prod" / part for part in ("psm", "pvwa01", "pvwa02", "cpm")]
    result = run("lint", str(tmp_path), *map(str, shipped), "--format", "json")
    assert (result.code, json.loads(result.stdout)) == (0, [])


@pytest.mark.skipif(os.sep == "\\", reason="a backslash is a separator on Windows")
def test_github_keeps_a_backslash_in_a_posix_name(tmp_path: Path) -> None:
    """Windows' separators become `/` in annotations; on Linux a backslash is part of a name,
    and turning it into `/` pointed the annotation at another file."""
    odd = tmp_path / "site\\one"
    odd.mkdir()
    (odd / "padr.ini").write_text("[MAIN]\nEnableDBSync=No\n")
    line = run("lint", str(odd / "padr.ini"), "--format", "github").stdout.strip()
    assert "site\\one/padr.ini,line=2" in line, line
