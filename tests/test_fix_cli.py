"""`cfgtool fix` options, usage errors, and the people's steps around a procedure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

DR_PADR = EXAMPLES / "dr" / "vault" / "padr.ini"
DR_USER_PASSWORD = "5A1C0E2B7F9D3A4C"  # the start of the synthetic secret in examples/dr/vault

# Paths in every output are relative to the working folder when the file lies inside it.
SHOWN = os.path.relpath(DR_PADR) if str(DR_PADR).startswith(os.getcwd() + os.sep) else DR_PADR
EXAMPLE_DIFF = f"""\
--- {SHOWN}
+++ {SHOWN}
@@ -3,9 +3,7 @@
 EnableReplicate=Yes
 EnableFailover=No
 EnableDBSync=Yes
-FailoverMode=Yes
-ActivateManualFailover=Yes
+FailoverMode=No
+ActivateManualFailover=No
 CheckRetriesCount=5
 CheckInterval=60
-NextBinaryLogNumberToStartAt=1186
-LastDataReplicationTimestamp=1790838501835879
"""


def _in_order(text: str, *needles: str) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def test_failback_diff_on_the_bundled_example() -> None:
    before = DR_PADR.read_bytes()
    result = run("fix", str(DR_PADR), "--failback", "--diff")
    assert result.code == 1, result.stderr  # a file would change, as ruff's --diff says
    assert result.stdout == EXAMPLE_DIFF
    assert DR_PADR.read_bytes() == before
    # The steps go to stderr with --diff, so stdout stays a clean patch.
    assert _in_order(result.stderr, "1. Stop the PrivateArk Server", "3. Edit padr.ini",
                     "not done yet", "EnableFailover=No before",
                     "5. Recreate the DR user's credential file",
                     "CreateCredFile.exe user.ini Password /Username DR "
                     "/Password <DR user password>",
                     "6. Start the CyberArk Vault Disaster Recovery service",
                     "PADR0010I", "PADR0099I", "--rearm-failover")
    assert DR_USER_PASSWORD not in result.stdout + result.stderr


def test_failback_steps_follow_the_write(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "dr" / "vault", tmp_path / "vault")
    result = run("fix", str(tmp_path / "vault" / "padr.ini"), "--failback")
    assert result.code == 0, result.stderr
    assert _in_order(result.stdout, "failback: written", "set FailoverMode=No",
                     "1. Stop the PrivateArk Server", "done by cfgtool", "CreateCredFile.exe",
                     "PADR0099I")


def test_credfile_line_without_a_user_ini_uses_placeholders(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"FailoverMode=Yes\r\n")
    result = run("fix", str(padr), "--failback")
    assert "CreateCredFile.exe user.ini Password /Username <DR user> " \
           "/Password <DR user password>" in result.stdout


def test_credfile_line_keeps_the_old_restrictions(tmp_path: Path) -> None:
    (tmp_path / "padr.ini").write_bytes(b"FailoverMode=Yes\r\n")
    (tmp_path / "user.ini").write_bytes(
        b"CredFileType=EnhancedPasswordMachine\r\nCredFileVersion=2\r\nUsername=DR Admin\r\n"
        b"VerificationsFlag=52\r\nPassword=00112233445566778899AABB\r\n")
    (tmp_path / "user.ini.entropy").write_bytes(b"x")
    result = run("fix", str(tmp_path / "padr.ini"), "--failback")
    assert ('CreateCredFile.exe user.ini Password /Username "DR Admin" /Password '
            "<DR user password> /IpAddress /Hostname /DPAPIMachineProtection /EntropyFile"
            in result.stdout)
    assert "00112233" not in result.stdout


@pytest.mark.parametrize("how", ["option", "configuration"])
def test_credfile_line_reads_user_ini_in_the_code_page_of_the_fix(tmp_path: Path,
                                                                  how: str) -> None:
    """The DR user's name is pasted into CreateCredFile: read in cp1252 whatever the fix was
    told, a Cyrillic name came out as other letters, a credential file for a user that does
    not exist."""
    (tmp_path / "padr.ini").write_bytes(b"FailoverMode=Yes\r\n")
    (tmp_path / "user.ini").write_bytes("CredFileType=Password\r\nUsername=Оператор\r\n"
                                        "Password=00112233445566778899AABB\r\n"
                                        .encode("cp1251"))
    if how == "configuration":
        (tmp_path / "cfgtool.toml").write_text('encoding = "cp1251"\n')
        args: tuple[str, ...] = ()
    else:
        args = ("--encoding", "cp1251")
    result = run("fix", str(tmp_path / "padr.ini"), "--failback", *args)
    assert result.code == 0, result.stderr
    assert "CreateCredFile.exe user.ini Password /Username Оператор /Password" in result.stdout
    assert "00112233" not in result.stdout


@pytest.mark.skipif(os.name == "nt", reason="Windows names cannot hold control characters")
def test_credfile_line_finds_user_ini_in_a_folder_whose_name_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "vault\x1b[2J"
    folder.mkdir()
    (folder / "padr.ini").write_bytes(b"FailoverMode=Yes\r\n")
    (folder / "user.ini").write_bytes(b"CredFileType=Password\r\nUsername=DRUser\x1b[31m\r\n"
                                      b"Password=00112233445566778899AABB\r\n")
    result = run("fix", str(folder / "padr.ini"), "--failback")
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert "/Username DRUser\\x1b[31m /Password" in result.stdout
    assert "vault\\x1b[2J" in result.stdout


def test_manual_failover_steps_in_order(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n")
    result = run("fix", str(padr), "--manual-failover")
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == (b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\n"
                                 b"ActivateManualFailover=Yes\r\n")
    assert _in_order(result.stdout, "2. On the other vault", "stop PrivateArk Server",
                     "3. Stop the CyberArk Vault Disaster Recovery service",
                     "4. Edit padr.ini", "5. Start the CyberArk Vault Disaster Recovery",
                     "PADR0103I", "PADR0025I", "PADR0017I", "--first")


@pytest.mark.parametrize(("args", "message"), [
    (["examples/dr/vault/Vault.ini", "--failback"], "--failback applies to padr.ini (padr)"),
    (["examples/dr/vault/user.ini", "--manual-failover"], "not to this cred file"),
    (["examples/dr/vault/padr.ini", "--first", "10.0.0.1"], "applies to Vault.ini (vault)"),
    (["examples/dr/vault/padr.ini", "--failback", "--manual-failover"], "choose one of"),
    (["examples/dr/vault/padr.ini", "--full-replication", "--position", "5"], "only -1"),
    (["examples/dr/vault/padr.ini", "--failback", "--position", "-1"],
     "--position goes with --full-replication"),
    (["examples/dr/vault/padr.ini", "--rearm-failover", "--failback"], "choose one of"),
    (["examples/dr/vault/padr.ini", "--failback", "--unsafe-fixes"], "--unsafe-fixes"),
    (["examples/dr/vault/Vault.ini", "--first", "a,b"], "one address"),
    (["examples/dr/vault/padr.ini", "--failback", "--kind", "nope"], "unknown kind"),
    (["examples/no/such/padr.ini", "--failback"], "no such file"),
])
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    root = EXAMPLES.parent
    result = run("fix", *[str(root / a) if a.startswith("examples/") else a for a in args])
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") <= 2


def test_kind_can_be_forced(tmp_path: Path) -> None:
    odd = tmp_path / "padr-copy.cfg"
    odd.write_bytes(b"[MAIN]\nCheckInterval=60\n")  # no key that tells the kind
    assert run("fix", str(odd), "--failback").code == 2
    result = run("fix", str(odd), "--failback", "--kind", "padr")
    assert result.code == 0, result.stderr
    assert odd.read_bytes() == b"[MAIN]\nCheckInterval=60\nFailoverMode=No\n"


def test_full_replication_position_minus_one(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"FailoverMode=No\nNextBinaryLogNumberToStartAt=7\n"
                     b"LastDataReplicationTimestamp=1\n")
    result = run("fix", str(padr), "--full-replication", "--position", "-1")
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == b"FailoverMode=No\nNextBinaryLogNumberToStartAt=-1\n"
    assert "PADR0093I" in result.stdout


def test_first_reports_a_duplicate_address_key(tmp_path: Path) -> None:
    vault = tmp_path / "Vault.ini"
    data = b"ADDRESS=10.0.0.1\nADDRESS=10.0.0.2\n"
    vault.write_bytes(data)
    result = run("fix", str(vault), "--first", "10.0.0.2")
    assert result.code == 2 and "more than once" in result.stderr
    assert vault.read_bytes() == data


def test_several_files_in_one_run(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    pvwa, cpm = tmp_path / "ex/dr/pvwa/Vault.ini", tmp_path / "ex/dr/cpm/Vault.ini"
    result = run("fix", str(pvwa), str(cpm), "--first", "10.20.1.10")
    assert result.code == 0, result.stderr
    assert b"ADDRESS=10.20.1.10,10.10.1.10\r\n" in pvwa.read_bytes()
    assert "ADDRESS=10.20.1.10,10.10.1.10\r\n".encode("utf-16-le") in cpm.read_bytes()
    assert cpm.read_bytes().startswith(b"\xff\xfe")


def test_lint_fixes_on_a_folder(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    before = {p: p.read_bytes() for p in (tmp_path / "ex").rglob("*") if p.is_file()}
    check = run("fix", str(tmp_path / "ex"), "--check")
    changing = ["dr/cpm/Vault.ini", "dr/vault/padr.ini"]
    assert check.code == 1
    # Only what would change gets a line, then a count; nothing is written.
    lines = [line for line in check.stdout.splitlines() if ": lint-fixes: " in line]
    assert lines == [f"{tmp_path / 'ex' / name}: lint-fixes: would change" for name in changing]
    assert check.stdout.rstrip().endswith("files checked; would change 2")
    assert {p: p.read_bytes() for p in before} == before
    # A file named again beside its folder is fixed once.
    done = run("fix", str(tmp_path / "ex"), str(tmp_path / "ex" / "dr" / "vault" / "padr.ini"))
    assert "changed 2" in done.stdout, done.stderr
    changed = {p for p in before if p.read_bytes() != before[p]}
    assert changed == {tmp_path / "ex" / name for name in changing}
    assert "changed 0" in run("fix", str(tmp_path / "ex")).stdout
    # --diff on a folder: stdout is the patch alone, the count goes to stderr.
    (tmp_path / "ex" / "dr" / "vault" / "padr.ini").write_bytes(
        before[tmp_path / "ex" / "dr" / "vault" / "padr.ini"])
    diff = run("fix", str(tmp_path / "ex"), "--diff")
    assert diff.stdout.startswith("--- ") and "would change 1" in diff.stderr
    assert "checked" not in diff.stdout


@pytest.mark.parametrize("flag", [["--failback"], ["--manual-failover"], ["--first", "10.0.0.1"]])
def test_procedures_refuse_a_folder(tmp_path: Path, flag: list[str]) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    padr = tmp_path / "ex" / "dr" / "vault" / "padr.ini"
    data = padr.read_bytes()
    result = run("fix", str(tmp_path / "ex"), *flag)
    assert result.code == 2 and "not a folder" in result.stderr
    assert padr.read_bytes() == data


def test_readme_walk_through_matches_the_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    root = EXAMPLES.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    walk = readme[readme.index("### Walk-through: failing back"):]
    diff_block = walk.split("```diff\n", 1)[1].split("```", 1)[0]
    steps_block = walk.split("```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root)
    result = run("fix", "examples/dr/vault/padr.ini", "--failback", "--diff")
    assert result.code == 1
    # The path is shown with the system's separator (backslashes on Windows).
    shown = os.path.join("examples", "dr", "vault", "padr.ini")
    assert result.stdout.replace(shown, "examples/dr/vault/padr.ini") == diff_block
    assert result.stderr.replace(shown, "examples/dr/vault/padr.ini") == steps_block


def test_diff_context_lines_redact_a_proxy_password(tmp_path: Path) -> None:
    vault = tmp_path / "Vault.ini"
    vault.write_bytes(b'VAULT="V"\r\nPROXYPASSWORD=Synthetic-Proxy-Secret-1\r\n'
                      b"ADDRESS=10.0.0.1\r\nPORT=1858\r\n")
    result = run("fix", str(vault), "--first", "10.0.0.2", "--diff")
    assert result.code == 1, result.stderr
    assert " PROXYPASSWORD=<redacted>\n-ADDRESS=10.0.0.1\n+ADDRESS=10.0.0.2,10.0.0.1\n" in \
        result.stdout
    assert "Synthetic" not in result.stdout + result.stderr
