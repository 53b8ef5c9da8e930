"""`cfgtool check-change`: the change pairs under tests/fixtures/change/ (before/, after/,
expected.txt), the file and directory forms, and `--git REV` against a repository made here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run
from conftest import FIXTURES

from cyberark_cfg.estate.change import pair_paths
from cyberark_cfg.lint.change import check_change
from cyberark_cfg.rules.change import CHANGE_RULES

CHANGES = FIXTURES / "change"
CASES = sorted(p for p in CHANGES.iterdir() if (p / "expected.txt").is_file())


def expected(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def rendered(found: list, root: Path) -> list[str]:
    return [f"{Path(d.path).relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code}"
            for d in found]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_change_pairs(case: Path) -> None:
    found = check_change(pair_paths(str(case / "before"), str(case / "after")))
    assert rendered(found, case / "after") == expected(case)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_check_change_command_on_directories(case: Path) -> None:
    result = run("check-change", str(case / "before"), str(case / "after"), "--format", "json")
    data = json.loads(result.stdout)
    assert rendered_records(data["findings"], case / "after") == expected(case)
    assert result.code == (1 if expected(case) else 0)


def rendered_records(records: list[dict], root: Path) -> list[str]:
    return [f"{Path(r['path']).relative_to(root).as_posix()}:{r['line']}:{r['column']}: "
            f"{r['code']}" for r in records]


def test_every_transition_rule_fires_and_proper_failbacks_are_silent() -> None:
    fired = {line.rsplit(" ", 1)[-1] for case in CASES for line in expected(case)}
    assert set(CHANGE_RULES) <= fired
    for name in ("failback-keys-deleted", "failback-minus-one",
                 "failback-minus-one-timestamp-kept", "unchanged", "existing-finding-moved"):
        assert expected(CHANGES / name) == [], name
    # A proper manual failover leaves the trigger armed until the DR service starts: PADR007
    # says so (cyberark-formats.md section 2), nothing else does.
    assert expected(CHANGES / "manual-failover-proper") == ["vault/padr.ini:7:1: PADR007"]


def test_two_files() -> None:
    case = CHANGES / "stale-position"
    after = case / "after" / "vault" / "padr.ini"
    result = run("check-change", str(case / "before" / "vault" / "padr.ini"), str(after))
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"{after}:9:1: CHG001 [error] FailoverMode goes from Yes to No but "
        f"NextBinaryLogNumberToStartAt stays at 1186: PADR would resume from a stale "
        f"position; delete it and LastDataReplicationTimestamp, or set it to -1",
        "1 finding introduced by the change (1 file compared)",
    ]


@pytest.mark.parametrize("args", [
    [],
    ["only-one"],
    ["{file}", "{dir}"],
    ["{file}", "{missing}"],
    ["{file}", "{file}", "--format", "xml"],
])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    values = {"{file}": str(CHANGES / "stale-position" / "after" / "vault" / "padr.ini"),
              "{dir}": str(CHANGES / "stale-position" / "after"),
              "{missing}": str(tmp_path / "missing.ini")}
    result = run("check-change", *[values.get(a, a) for a in args])
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith("cfgtool: error: ") and result.stderr.count("\n") == 1


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "config"
    shutil.copytree(CHANGES / "stale-position" / "before", root)
    shutil.copytree(CHANGES / "introduced-duplicate" / "before", root, dirs_exist_ok=True)
    (root / "notes.txt").write_text("not a config file\n")
    git(root, "init", "-q")
    git(root, "config", "core.autocrlf", "false")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "before")
    return root


def test_git_against_the_working_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CHANGES / "stale-position" / "after", repo, dirs_exist_ok=True)
    shutil.copytree(CHANGES / "introduced-duplicate" / "after", repo, dirs_exist_ok=True)
    monkeypatch.chdir(repo)
    result = run("check-change", "--git", "HEAD", "--format", "json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert rendered_records(data["findings"], Path(".")) == [
        "pvwa/Vault.ini:6:1: CFG003", "vault/padr.ini:9:1: CHG001"]
    # The same record as `cfgtool lint --format json`, field for field.
    linted = json.loads(run("lint", "pvwa/Vault.ini", "--format", "json").stdout)
    duplicate = next(r for r in linted if r["code"] == "CFG003" and r["line"] == 6)
    assert data["findings"][0] == duplicate
    only = run("check-change", "--git", "HEAD", "vault")
    assert only.code == 1 and only.stdout.startswith("vault/padr.ini:9:1: CHG001 ")


def test_git_proper_failback_and_deleted_files(repo: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    shutil.copytree(CHANGES / "failback-keys-deleted" / "after", repo, dirs_exist_ok=True)
    (repo / "pvwa" / "Vault.ini").unlink()
    result = run("check-change", "--git", "HEAD", str(repo))
    assert result.code == 0, result.stdout + result.stderr
    assert "(2 files compared)" in result.stdout


def test_git_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    for args in (["--git", "no-such-rev"], ["--git", "-x"], ["--git", "HEAD", "missing.ini"],
                 ["--git", "HEAD", str(tmp_path)]):
        result = run("check-change", *args)
        assert result.code == 2, args
        assert result.stderr.startswith("cfgtool: error: ") and result.stderr.count("\n") == 1
    monkeypatch.chdir(tmp_path)
    outside = run("check-change", "--git", "HEAD")
    assert outside.code == 2 and "not inside a git repository" in outside.stderr


def test_findings_never_print_a_secret(tmp_path: Path) -> None:
    secret = "00112233445566778899AABBCCDDEEFF"
    cred = "CredFileType=Password\r\nUsername=DR\r\nPassword={}\r\n"
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    (tmp_path / "before" / "user.ini").write_text(cred.format(secret), newline="")
    (tmp_path / "after" / "user.ini").write_text(
        cred.format(secret) + f"Password={secret[::-1]}\r\n\x01{secret}\r\n", newline="")
    for fmt in ("text", "json"):
        result = run("check-change", str(tmp_path / "before"), str(tmp_path / "after"),
                     "--format", fmt)
        assert result.code == 1 and "CFG003" in result.stdout
        assert secret not in result.stdout + result.stderr
        assert secret[::-1] not in result.stdout + result.stderr


def test_the_summary_counts_one_file_in_the_singular() -> None:
    from cyberark_cfg.lint.change import change_text
    change = object()  # change_text only counts the changes
    assert change_text([change], []) == "no finding introduced (1 file compared)"  # type: ignore[list-item]
    assert change_text([change, change], []).endswith("(2 files compared)")  # type: ignore[list-item]
