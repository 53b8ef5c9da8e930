"""The backup chain (issue 15, cyberark-formats.md section 7): Backup.cmd's PAReplicate command
line parsed, the files it names found beside it. Scripts here are synthetic."""

from __future__ import annotations

from pathlib import Path

from cyberark_cfg.estate.backup import read_chain


def _script(tmp_path: Path, text: str) -> str:
    path = tmp_path / "Backup.cmd"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return str(path)


def test_the_seed_command_line(tmp_path: Path) -> None:
    (tmp_path / "vault.ini").write_bytes(b'VAULT="V"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\n')
    (tmp_path / "tsparm.ini").write_bytes(b"SafesDirectory=E:\\Backup\r\n")
    chain = read_chain(_script(tmp_path, "rem PAReplicate.exe old.ini\n@echo off\n"
                                         "PAReplicate.exe vault.ini /logonFromFile user.ini "
                                         "/fullbackup /tsparmfile tsparm.ini\n"))
    assert chain.line == 3
    assert [(f.role, f.written, f.exists) for f in chain.files] == [
        ("vault", "vault.ini", True), ("cred", "user.ini", False), ("tsparm", "tsparm.ini", True)]
    vault = chain.files[0].document
    assert vault is not None and vault.entry("ADDRESS") is not None


def test_quoted_and_absolute_paths_are_looked_for_beside_the_script(tmp_path: Path) -> None:
    (tmp_path / "Vault.ini").write_bytes(b'VAULT="V"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\n')
    chain = read_chain(_script(tmp_path, '"C:\\Program Files (x86)\\PrivateArk\\Replicate\\'
                                         'PAReplicate.exe" "C:\\PrivateArk\\Replicate\\Vault.ini"'
                                         ' /LOGONFROMFILE "D:\\creds\\backup user.ini"\n'))
    assert [(f.role, f.exists) for f in chain.files] == [("vault", True), ("cred", False)]


def test_no_pareplicate_command(tmp_path: Path) -> None:
    assert read_chain(_script(tmp_path, "@echo off\nrobocopy a b\n")).line == 0
