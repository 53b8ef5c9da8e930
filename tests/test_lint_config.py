"""Configuration (cfgtool.toml, [tool.cfgtool], --config), suppressions that never touch the
vendor files (per-file-ignores, baseline, own-line comments), and the directory walk."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

from cyberark_cfg.findings import Severity
from cyberark_cfg.lint.config import ConfigError, LintConfig, find_config, load_config
from cyberark_cfg.lint.discovery import Target, targets
from cyberark_cfg.rules import RULES

DR_PADR = ("[MAIN]\r\nEnableFailover=No\r\nEnableDBSync=No\r\nFailoverMode=Yes\r\n"
           "ActivateManualFailover=Yes\r\nNextBinaryLogNumberToStartAt=1186\r\n")


def _estate(root: Path) -> Path:
    (root / "dr").mkdir()
    (root / "dr" / "padr.ini").write_bytes(DR_PADR.encode())
    (root / "prod").mkdir()
    (root / "prod" / "padr.ini").write_bytes(b"[MAIN]\r\nEnableDBSync=No\r\nFailoverMode=Yes\r\n")
    return root


def _codes(*args: str) -> list[tuple[str, str]]:
    result = run("lint", *args, "--format", "json")
    assert result.code in (0, 1), result.stderr
    return [(Path(r["path"]).parent.name, r["code"]) for r in json.loads(result.stdout)]


def test_cfgtool_toml_found_upward(tmp_path: Path) -> None:
    root = _estate(tmp_path)
    (root / "cfgtool.toml").write_text(
        'ignore = ["PADR003"]\nfail-on = "error"\n'
        '[per-file-ignores]\n"prod/*.ini" = ["PADR006"]\n[severity]\nPADR006 = "error"\n')
    assert _codes(str(root / "dr")) == [("dr", "PADR006"), ("dr", "PADR002")]
    result = run("lint", str(root), "--format", "json")
    records = json.loads(result.stdout)
    assert [(r["code"], r["severity"]) for r in records] == [("PADR006", "error"),
                                                             ("PADR002", "warning")]
    config = load_config(str(root / "cfgtool.toml"), tuple(RULES))
    assert config.topology is None and config.fail_on is Severity.ERROR


def test_topology_named_in_config_runs_the_estate_rules(tmp_path: Path) -> None:
    estate = tmp_path / "estate"
    shutil.copytree(EXAMPLES, estate)
    (estate / "cfgtool.toml").write_text('topology = "topology.toml"\nselect = ["DR"]\n')
    result = run("lint", str(estate), "--format", "json")
    codes = sorted({record["code"] for record in json.loads(result.stdout)})
    assert result.code == 1 and codes == ["DR002", "DR003", "DR010", "DR021"]
    (estate / "cfgtool.toml").write_text('topology = "missing.toml"\n')
    missing = run("lint", str(estate))
    assert missing.code == 2 and "missing.toml" in missing.stderr


def test_pyproject_tool_table(tmp_path: Path) -> None:
    root = _estate(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cfgtool]\n'
                                         'select = ["PADR002"]\n')
    assert find_config(str(root / "dr" / "padr.ini")) == str(root / "pyproject.toml")
    assert _codes(str(root)) == [("dr", "PADR002")]


def test_explicit_config_and_command_line_on_top(tmp_path: Path) -> None:
    root = _estate(tmp_path)
    other = tmp_path / "strict.toml"
    other.write_text('select = ["PADR006"]\n')
    assert _codes(str(root), "--config", str(other)) == [("dr", "PADR006"), ("prod", "PADR006")]
    # --select replaces the file's select; --ignore adds to its ignore.
    assert _codes(str(root), "--config", str(other), "--select", "PADR",
                  "--ignore", "PADR003,PADR006") == [("dr", "PADR002")]


@pytest.mark.parametrize(("text", "where", "fragment"), [
    ('select = ["PADR"]\ncolour = "red"\n', ":2: ", "unknown key 'colour'"),
    ('select = PADR\n', ":1:10: ", "invalid TOML"),
    ('ignore = ["PADR999"]\n', ":1: ", "unknown rule code or prefix 'PADR999'"),
    ('fail-on = "fatal"\n', ":1: ", "fail-on"),
    ('[severity]\nPADR006 = "loud"\n', ":2: ", "severity PADR006"),
    ('[per-file-ignores]\n"dr/*" = "PADR006"\n', ":2: ", "must be a list"),
])
def test_bad_configuration_is_a_usage_error(tmp_path: Path, text: str, where: str,
                                            fragment: str) -> None:
    root = _estate(tmp_path)
    (root / "cfgtool.toml").write_text(text)
    result = run("lint", str(root))
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"cfgtool: error: {root / 'cfgtool.toml'}{where}")
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_selection_rules_longest_match_wins() -> None:
    config = LintConfig(select=("PADR",), ignore=("PADR00",)).with_options(select=(),
                                                                          ignore=())
    assert not config.enabled("PADR002") and not config.enabled("VAULT001")
    config = LintConfig(select=("PADR002",), ignore=("PADR",))
    assert config.enabled("PADR002") and not config.enabled("PADR003")
    assert LintConfig(severity=(("PADR", Severity.INFO), ("PADR002", Severity.WARNING))
                      ).severity_for("PADR002", Severity.ERROR) is Severity.WARNING


def test_inline_suppression_comment(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_text("[MAIN]\n# cfgtool: ignore[PADR006]\nEnableDBSync=No\n"
                    "; cfgtool: ignore[padr005, CFG]\n\nEnableReplicate=No\n"
                    "FailoverMode=No\nEnableFailover=No\n")
    assert _codes(str(padr)) == [(tmp_path.name, "PADR005")]
    record = json.loads(run("lint", str(padr), "--format", "json").stdout)[0]
    assert record["line"] == 8  # EnableFailover: the comment only covers the next entry


def test_ConfigError_names_file_and_line() -> None:
    assert str(ConfigError("bad", path="cfgtool.toml", line=3, column=2)) == (
        "cfgtool.toml:3:2: bad")


def test_baseline_reports_only_new_findings(tmp_path: Path) -> None:
    root = _estate(tmp_path)
    baseline = tmp_path / "baseline.json"
    written = run("lint", str(root), "--write-baseline", str(baseline))
    assert written.code == 0 and "recorded 4 findings" in written.stderr
    data = json.loads(baseline.read_text())
    assert {(f["path"], f["code"], f["key"]) for f in data["findings"]} == {
        ("dr/padr.ini", "PADR002", "ActivateManualFailover"),
        ("dr/padr.ini", "PADR003", "NextBinaryLogNumberToStartAt"),
        ("dr/padr.ini", "PADR006", "EnableDBSync"),
        ("prod/padr.ini", "PADR006", "EnableDBSync")}
    # Lines move (a comment added on top): still known. A new finding is reported.
    padr = root / "prod" / "padr.ini"
    padr.write_bytes(b"# moved\r\n" + padr.read_bytes() + b"ActivateManualFailover=Yes\r\n")
    result = run("lint", str(root), "--baseline", str(baseline))
    assert result.code == 1
    new = [line.split(" ")[1] for line in result.stdout.splitlines()[:-1]]
    assert new == ["PADR001", "PADR002"]  # the trigger, with EnableFailover at its default
    assert "4 more in the baseline" in result.stdout.splitlines()[-1]


def test_missing_baseline_is_a_usage_error(tmp_path: Path) -> None:
    result = run("lint", str(_estate(tmp_path)), "--baseline", str(tmp_path / "nope.json"))
    assert result.code == 2 and "no such baseline file" in result.stderr


def test_walk_by_name_and_by_content_skips_the_rest(tmp_path: Path) -> None:
    (tmp_path / "vault-dr.ini").write_text('VAULT = "DR"\nADDRESS=10.0.0.1\nPORT=1858\n')
    (tmp_path / "svc.cred").write_text("CredFileType=Password\nUsername=x\n")
    (tmp_path / "app.cfg").write_text("CredFileType=Password\nCredFileVersion=2\n")
    (tmp_path / "other.ini").write_text("[server]\nport=8080\naddress=0.0.0.0\n")
    (tmp_path / "notes.txt").write_text("VAULT is the name\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "padr.ini").write_text("[MAIN]\n")
    (tmp_path / "binary.ini").write_bytes(b"\x00\x01\x02PORT=1\x00")
    found = [(Path(t.path).name, t.kind) for t in targets([str(tmp_path)])
             if isinstance(t, Target)]
    assert found == [("app.cfg", "cred"), ("svc.cred", "cred"), ("vault-dr.ini", "vault")]


def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "padr.ini").write_text("[MAIN]\nFailoverMode=No\n")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "a", tmp_path / "b")
    found = [t.path for t in targets([str(tmp_path)]) if isinstance(t, Target)]
    assert found == [str(tmp_path / "a" / "padr.ini")]


def test_each_real_file_is_linted_once_however_it_is_reached(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    padr = tmp_path / "a" / "padr.ini"
    padr.write_text("[MAIN]\nFailoverMode=No\n")
    os.link(padr, tmp_path / "b" / "padr.ini")  # a hard link
    os.symlink(padr, tmp_path / "b" / "user.ini")  # a link to a file, under another name
    (tmp_path / "b" / "Vault.ini").write_text('VAULT="V"\nADDRESS=10.0.0.1\nPORT=1858\n')
    found = [t.path for t in targets([str(tmp_path)]) if isinstance(t, Target)]
    assert found == [str(padr), str(tmp_path / "b" / "Vault.ini")]
    # Named again on the command line, or under a second folder argument: still once.
    again = [t.path for t in targets([str(padr), str(tmp_path), str(tmp_path / "b")])
             if isinstance(t, Target)]
    assert again == [str(padr), str(tmp_path / "b" / "Vault.ini")]


def test_walk_order_is_files_then_subfolders_by_name(tmp_path: Path) -> None:
    for folder in ("z", "a", "a/b", "m"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "padr.ini").write_text("[MAIN]\n")
    (tmp_path / "padr.ini").write_text("[MAIN]\n")
    (tmp_path / "Vault.ini").write_text('VAULT="V"\n')
    found = [os.path.relpath(t.path, tmp_path) for t in targets([str(tmp_path)])
             if isinstance(t, Target)]
    assert found == ["Vault.ini", "padr.ini", os.path.join("a", "padr.ini"),
                     os.path.join("a", "b", "padr.ini"), os.path.join("m", "padr.ini"),
                     os.path.join("z", "padr.ini")]


def test_explicit_file_of_unknown_kind_is_reported_not_passed(tmp_path: Path) -> None:
    # Issue 17 (9): it said "All checks passed (0 files checked)" and exited 0.
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    result = run("lint", str(notes))
    assert result.code == 2 and "not a file of a known kind" in result.stderr
    assert "All checks passed" not in result.stdout
    assert result.stdout == "No findings (0 files checked; 1 file of unknown kind not checked).\n"
    forced = run("lint", str(notes), "--kind", "tsparm")
    assert forced.code == 1 and "TSPARM001" in forced.stdout
