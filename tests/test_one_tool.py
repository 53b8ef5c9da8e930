"""Issue 17: one consistent tool. Each test names the problem of the issue it holds (each failed
on the code before the fix): the configuration honoured by every command, one folder walk with
default excludes, topology discovery, paths as the user sees them, CI-grade exit codes and text
output, option typos answered usefully."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES, ROOT

from cyberark_cfg.report import Page, build_page

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)

DR_PADR = (b"[MAIN]\r\nEnableReplicate=Yes\r\nEnableFailover=No\r\nFailoverMode=Yes\r\n"
           b"; cfgtool: ignore[PADR002]\r\nActivateManualFailover=Yes\r\n")


@pytest.fixture
def estate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled examples, as the working folder."""
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    monkeypatch.chdir(tmp_path / "ex")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path / "ex"


def _records(*args: str) -> list[dict[str, object]]:
    result = run("lint", *args, "--format", "json")
    assert result.code in (0, 1), result.stderr
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records


# 1. fix honours the suppressions lint honours


def test_fix_leaves_an_inline_suppressed_finding_alone(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(DR_PADR)
    assert run("lint", str(padr), "--select", "PADR002").code == 0
    result = run("fix", str(padr))
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == DR_PADR  # was: ActivateManualFailover=No written
    assert "PADR002" not in result.stdout + result.stderr


@pytest.mark.parametrize("config", [
    'ignore = ["PADR002"]\n',
    '[per-file-ignores]\n"padr.ini" = ["PADR002"]\n',
    'select = ["CFG"]\n',
])
def test_fix_honours_ignore_select_and_per_file_ignores(tmp_path: Path, config: str) -> None:
    data = DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b"")
    padr = tmp_path / "padr.ini"
    padr.write_bytes(data)
    (tmp_path / "cfgtool.toml").write_text(config)
    assert run("fix", str(padr)).code == 0
    assert padr.read_bytes() == data
    (tmp_path / "cfgtool.toml").unlink()
    assert run("fix", str(padr)).code == 0
    assert b"ActivateManualFailover=No" in padr.read_bytes()


def test_fix_honours_the_baseline_in_the_configuration(tmp_path: Path) -> None:
    data = DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b"")
    padr = tmp_path / "padr.ini"
    padr.write_bytes(data)
    baseline = tmp_path / "baseline.json"
    assert run("lint", str(padr), "--write-baseline", str(baseline)).code == 0
    (tmp_path / "cfgtool.toml").write_text('baseline = "baseline.json"\n')
    assert run("lint", str(padr)).code == 0  # the configured baseline, without --baseline
    assert run("fix", str(padr)).code == 0
    assert padr.read_bytes() == data


# 2. copies are not linted or fixed as live files


def test_walk_skips_backups_and_copies_with_a_note(tmp_path: Path) -> None:
    live = tmp_path / "padr.ini"
    live.write_bytes(b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n")
    for name in ("padr.ini.20260101T000000Z.bak", "padr - Copy.ini", "padr.ini.old",
                 "padr.ini~", ".padr.ini.k2j4.cfgtool-tmp"):
        (tmp_path / name).write_bytes(DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b""))
    result = run("lint", str(tmp_path))
    assert result.code == 0, result.stdout + result.stderr
    assert result.stdout.endswith("All checks passed (1 file checked).\n")
    for name in ("padr.ini.20260101T000000Z.bak", "padr - Copy.ini", "padr.ini.old",
                 "padr.ini~"):
        assert f"{name}: looks like a copy of padr.ini; skipped" in result.stderr
    # Named on the command line, a copy is linted like any file.
    assert run("lint", str(tmp_path / "padr.ini.old"), "--kind", "padr").code == 1
    # fix walks the same way: the copies keep their bytes.
    copy = (tmp_path / "padr.ini.old").read_bytes()
    assert run("fix", str(tmp_path)).code == 0
    assert (tmp_path / "padr.ini.old").read_bytes() == copy


def test_exclude_option_and_configuration(tmp_path: Path) -> None:
    for folder in ("live", "archive"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "padr.ini").write_bytes(
            DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b""))
    both = {Path(str(r["path"])).parent.name for r in _records(str(tmp_path))}
    assert both == {"live", "archive"}
    once = {Path(str(r["path"])).parent.name
            for r in _records(str(tmp_path), "--exclude", "archive")}
    assert once == {"live"}
    (tmp_path / "cfgtool.toml").write_text('extend-exclude = ["archive/*"]\n')
    assert {Path(str(r["path"])).parent.name for r in _records(str(tmp_path))} == {"live"}
    (tmp_path / "cfgtool.toml").write_text('exclude = ["*.ini"]\n')
    assert _records(str(tmp_path)) == []


# 5. the topology is found; `lint` and `lint .` check the same files


def test_lint_of_the_examples_finds_the_estate_findings_without_topology_option() -> None:
    codes = {r["code"] for r in _records(str(EXAMPLES))}
    assert {"DR002", "DR003", "DR010", "DR021"} <= codes


def test_lint_without_path_is_lint_dot_with_topology_in_config(estate: Path) -> None:
    (estate / "cfgtool.toml").write_text('topology = "topology.toml"\n')
    plain, dot = run("lint"), run("lint", ".")
    assert plain.stdout == dot.stdout and plain.code == dot.code == 1
    assert "in 15 files" in plain.stdout


# 6. paths: relative to the working folder, alike in every format


def test_paths_relative_in_every_format_with_topology_from_config(estate: Path) -> None:
    (estate / "cfgtool.toml").write_text(f'topology = "{(estate / "topology.toml").as_posix()}"\n')
    paths = {str(r["path"]) for r in _records()}
    assert paths and all(not os.path.isabs(p) and not p.startswith(".") for p in paths)
    assert os.path.join("dr", "vault", "padr.ini") in paths
    github = run("lint", "--format", "github").stdout
    assert "file=dr/vault/padr.ini," in github.replace(os.sep, "/") and str(estate) not in github
    sarif = json.loads(run("lint", str(estate), "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert "dr/vault/padr.ini" in uris and not any(str(estate) in uri for uri in uris)
    text = run("lint", "./dr").stdout
    assert text.startswith(os.path.join("dr", "cpm", "Vault.ini") + ":1:1: CFG002")
    assert "./" not in text


# 7. pre-commit: estate findings once, whatever the batches


def test_estate_findings_reported_once_across_batches(estate: Path) -> None:
    first = _records("dr/vault/padr.ini", "dr/pvwa/Vault.ini")
    second = _records("prod/vault/padr.ini", "prod/cpm/Vault.ini", "dr/cpm/Vault.ini")
    codes = [r["code"] for r in first + second if str(r["code"]).startswith("DR")]
    # DR010 is about prod/vault/services.csv, in neither batch.
    assert sorted(codes) == ["DR002", "DR003", "DR003", "DR021"]


def test_pre_commit_hook_runs_serially() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "require_serial: true" in hooks and "require_serial: false" not in hooks


# 8. fix --check / --diff gate CI as ruff's do


def test_fix_check_exits_0_when_nothing_would_change_though_findings_remain(
        tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=No\r\n")  # PADR005, no fix
    check = run("fix", str(padr), "--check")
    assert check.code == 0, check.stdout + check.stderr
    assert "PADR005" in check.stderr
    assert run("fix", str(padr), "--diff").code == 0
    assert run("fix", str(padr), "--check", "--fail-on-remaining").code == 1


def test_diff_exits_1_for_every_form_of_fix(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b""))
    assert run("fix", str(padr), "--failback", "--diff").code == 1
    assert run("fix", str(padr), "--diff").code == 1
    assert run("fix", str(tmp_path), "--diff").code == 1


def test_diff_and_check_exit_1_for_the_estate_fixes(estate: Path) -> None:
    for flag in ("--diff", "--check"):
        assert run("fix", "--topology", "topology.toml", flag).code == 1
    assert run("fix", "--topology", "topology.toml").code == 0
    for flag in ("--diff", "--check"):
        assert run("fix", "--topology", "topology.toml", flag).code == 0


# 9. text output for CI logs and terminals


def test_text_output_names_the_severity_without_colour(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=Yes\r\nEnableDBSync=No\r\n"
                     b"NextBinaryLogNumberToStartAt=-5\r\n")
    result = run("lint", str(padr))
    assert ": PADR004 [error] " in result.stdout and ": PADR006 [warning] " in result.stdout
    assert "\x1b[" not in result.stdout


def test_color_option_and_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=Yes\r\nNextBinaryLogNumberToStartAt=-5\r\n")
    assert "\x1b[31m" in run("lint", str(padr), "--color", "always").stdout
    assert "\x1b[" not in run("lint", str(padr), "--color", "never").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("lint", str(padr)).stdout
    bad = run("lint", str(padr), "--color", "sometimes")
    assert bad.code == 2 and "--color must be one of auto, always, never" in bad.stderr


def test_quiet_and_verbose(estate: Path) -> None:
    (estate / "dr" / "vault" / "padr.ini.old").write_bytes(b"[MAIN]\r\n")
    quiet = run("lint", "--quiet")
    assert quiet.code == 1 and "Found" not in quiet.stdout and quiet.stderr == ""
    assert quiet.stdout.count("\n") == 11
    verbose = run("lint", "--verbose")
    assert "cfgtool: topology: topology.toml" in verbose.stderr
    assert "cfgtool: configuration: defaults" in verbose.stderr


def test_option_typos_get_a_useful_suggestion() -> None:
    wrong = run("lint", "--fix")
    assert wrong.code == 2 and "Possible options: --config" not in wrong.stderr
    assert "`cfgtool fix`" in wrong.stderr
    assert "did you mean --select?" in run("lint", "--selct", "X").stderr
    assert "did you mean --check?" in run("fix", "--chek", "x").stderr
    assert "--fix belongs to `cfgtool fix`" in run("--fix").stderr  # the root too


def test_completion_options_are_offered() -> None:
    shown = run("--help").stdout
    assert "--install-completion" in shown and "--show-completion" in shown


# 3. report shows what lint shows, and exits as lint does


def _lint_rows(*args: str) -> list[tuple[str, str, int]]:
    return sorted((str(r["code"]), Path(str(r["path"])).as_posix(), int(str(r["line"])))
                  for r in _records(*args))


def _page_rows(page: Page, base: str = "") -> list[tuple[str, str, int]]:
    return sorted((f.code, base + f.file, f.line) for f in page.findings)


def test_report_lists_every_lint_finding_and_exits_as_lint(estate: Path, tmp_path: Path) -> None:
    page = build_page(None, NOW)  # the topology.toml of the working folder, as lint finds it
    assert _page_rows(page) == _lint_rows()
    assert ("CRED003", "dr/vault/user.ini") in {(f.code, f.file) for f in page.other_findings}
    # After the repairs of the issue: the state is normal, lint still finds warnings.
    assert run("fix", "dr/vault/padr.ini", "--failback").code == 0
    assert run("fix", "dr/vault/padr.ini", "--rearm-failover").code == 0
    assert run("fix", "--topology", "topology.toml").code == 0
    assert run("fix", "dr/cpm/Vault.ini").code == 0
    linted = run("lint")
    assert linted.code == 1 and ": CRED003 [warning] " in linted.stdout
    out = tmp_path / "page.html"
    reported = run("report", "-o", str(out), "--now", NOW.isoformat())
    assert reported.code == linted.code, reported.stderr
    assert _page_rows(build_page(None, NOW)) == _lint_rows()
    # With only warnings left that the configuration lets pass, both exit 0.
    (estate / "cfgtool.toml").write_text('fail-on = "error"\nignore = ["DR"]\n')
    assert run("lint").code == 0
    assert run("report", "-o", str(out), "--now", NOW.isoformat()).code == 0


# Done when: on the bundled examples, lint (with or without --topology), report and state agree.


def test_examples_lint_report_and_state_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = _lint_rows("examples/")
    assert found == _lint_rows("--topology", "examples/topology.toml", "examples/")
    assert found == _lint_rows("--topology", "examples/topology.toml")
    assert _page_rows(build_page("examples/topology.toml", NOW), "examples/") == found
    state = run("state", "--format", "json", "--topology", "examples/topology.toml")
    page = build_page("examples/topology.toml", NOW)
    assert json.loads(state.stdout)["state"] == page.state
    # lint says the estate is not in its expected state, as state and the page do.
    dr002 = [r for r in _records("examples/") if r["code"] == "DR002"]
    assert dr002 and f"in state {page.state}," in str(dr002[0]["message"])
    report = run("report", "--topology", "examples/topology.toml", "-o", "-",
                 "--now", NOW.isoformat())
    assert report.code == run("lint", "examples/").code == 1
    # Without --topology, state finds examples/topology.toml as lint does.
    monkeypatch.chdir(EXAMPLES)
    when = ("--now", NOW.isoformat(), "--format", "json")
    found_state = run("state", *when)
    assert found_state.code == state.code
    assert found_state.stdout == run("state", "--topology", "topology.toml", *when).stdout


# 1 (continued). check-change honours the configuration and the walk's excludes


def test_check_change_honours_the_configuration_and_excludes(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for side in (before, after):
        side.mkdir()
        (side / "padr.ini").write_bytes(b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=Yes\r\n")
    armed = DR_PADR.replace(b"; cfgtool: ignore[PADR002]\r\n", b"")
    (after / "padr.ini").write_bytes(armed)
    (after / "padr.ini.old").write_bytes(armed)  # a copy: not compared
    found = run("check-change", str(before), str(after), "--format", "json")
    assert found.code == 1
    assert [r["code"] for r in json.loads(found.stdout)["findings"]] == ["PADR002"]
    assert json.loads(found.stdout)["files"] == 1
    (tmp_path / "cfgtool.toml").write_text('ignore = ["PADR002"]\n')
    quiet = run("check-change", str(before), str(after))
    assert quiet.code == 0, quiet.stdout
    (tmp_path / "cfgtool.toml").unlink()
    (after / "padr.ini").write_bytes(DR_PADR)  # the inline comment suppresses it too
    assert run("check-change", str(before), str(after)).code == 0


# 4. set and fix --first refuse what lint would call an error, unless forced


PROD_PADR = b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=Yes\r\n"


@pytest.mark.parametrize(("key", "value", "said"), [
    ("FailoverMod", "No", "CFG005 unknown key FailoverMod in a padr.ini; did you mean "
                          "FailoverMode?"),
    ("FailoverMode", "maybe", "CFG006 invalid value FailoverMode=maybe"),
])
def test_set_refuses_what_lint_calls_an_error(tmp_path: Path, key: str, value: str,
                                              said: str) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(PROD_PADR)
    refused = run("set", str(padr), key, value)
    assert refused.code == 2 and said in refused.stderr and "--force" in refused.stderr
    assert padr.read_bytes() == PROD_PADR
    forced = run("set", str(padr), key, value, "--force")
    assert forced.code == 0 and f"forced: {said}" in forced.stderr
    assert f"{key}={value}".encode() in padr.read_bytes()
    assert run("set", str(padr), "EnableFailover", "No").code == 0  # a valid edit still goes


def test_set_refuses_a_clear_text_secret_without_echoing_it(tmp_path: Path) -> None:
    user = tmp_path / "user.ini"
    data = (EXAMPLES / "dr" / "vault" / "user.ini").read_bytes()
    user.write_bytes(data)
    secret = "hunter2-Synthetic-9f3c"
    refused = run("set", str(user), "Password", secret)
    assert refused.code == 2 and "Password is a secret" in refused.stderr
    assert "CreateCredFile.exe" in refused.stderr and user.read_bytes() == data
    forced = run("set", str(user), "Password", secret, "--force")
    assert forced.code == 0 and "forced: Password is a secret" in forced.stderr
    for result in (refused, forced):
        assert secret not in result.stdout + result.stderr


def test_fix_first_refuses_an_invalid_address(tmp_path: Path) -> None:
    vault = tmp_path / "Vault.ini"
    data = b'VAULT="V"\r\nADDRESS=10.20.1.10,10.10.1.10\r\nPORT=1858\r\n'
    vault.write_bytes(data)
    refused = run("fix", str(vault), "--first", "10.20.1.300")
    assert refused.code == 2 and "VAULT003" in refused.stderr and vault.read_bytes() == data
    forced = run("fix", str(vault), "--first", "10.20.1.300", "--force")
    assert forced.code == 0 and "forced: VAULT003" in forced.stderr
    assert b"ADDRESS=10.20.1.300,10.20.1.10,10.10.1.10" in vault.read_bytes()


# 7 and 10: the README's pre-commit `rev:` names no tag that does not exist; completion for
# PowerShell


def test_readme_pre_commit_rev_is_no_invented_tag() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "rev: <tag>" not in readme
    assert "git tag -a v0.1.0" in readme and "--install-completion" in readme
    assert "pip install --no-index --find-links wheelhouse" in readme


def test_powershell_completion_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_CFGTOOL_COMPLETE", "complete_powershell")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "cfgtool lint --fo")
    monkeypatch.setenv("_TYPER_COMPLETE_WORD_TO_COMPLETE", "--fo")
    result = run()
    assert result.code == 0 and result.stdout.startswith("--format:::")


def test_shown_path_follows_windows_rules() -> None:
    import ntpath
    import posixpath

    from cyberark_cfg.lint.discovery import shown_path

    cwd = "C:\\Estate"
    assert shown_path("C:\\Estate\\dr\\padr.ini", cwd, ntpath) == "dr\\padr.ini"
    assert shown_path("c:\\estate\\dr\\padr.ini", cwd, ntpath) == "dr\\padr.ini"  # any case
    assert shown_path("D:\\Other\\padr.ini", cwd, ntpath) == "D:\\Other\\padr.ini"  # a drive
    assert shown_path("C:\\Elsewhere\\padr.ini", cwd, ntpath) == "C:\\Elsewhere\\padr.ini"
    assert shown_path(".\\dr/padr.ini", cwd, ntpath) == "dr\\padr.ini"
    assert shown_path("\\\\server\\share\\padr.ini", cwd, ntpath) == "\\\\server\\share\\padr.ini"
    assert shown_path("/srv/estate/dr/padr.ini", "/srv/estate", posixpath) == "dr/padr.ini"
    assert shown_path("./dr//padr.ini", "/srv", posixpath) == "dr/padr.ini"


def test_set_is_judged_by_its_own_key_not_the_next_step(tmp_path: Path) -> None:
    # A manual failover by hand: FailoverMode=Yes first makes PADR002 fire on
    # ActivateManualFailover (the next line to edit); that is no reason to refuse this edit.
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\n"
                     b"ActivateManualFailover=Yes\r\n")
    result = run("set", str(padr), "FailoverMode", "Yes")
    assert result.code == 0 and result.stderr == ""
    assert run("lint", str(padr), "--select", "PADR002").code == 1


def test_a_walk_that_finds_nothing_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "padr.ini.bak").write_bytes(PROD_PADR)
    result = run("lint", str(tmp_path))
    assert result.code == 0 and result.stdout == "Nothing to check (0 files checked).\n"
    assert "nothing was checked" in result.stderr and "looks like a copy" in result.stderr
    assert run("lint", str(tmp_path), "--quiet").stderr == ""
