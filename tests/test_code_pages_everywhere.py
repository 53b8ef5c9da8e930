"""The `encoding` configuration key and `--encoding CODEPAGE` are honoured wherever a file is
decoded (issue 16): `show` and `get` read the key (they took only the option), `check-change`,
`state`, `runbook --status` and the backup chain's files read 8-bit files in the named code
page (they read cp1252 whatever was named), and an integer `encoding = 1251` is the code page
cp1251 (it was refused). Files are synthetic, in cp1251."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

from cyberark_cfg.estate.backup import read_chain

VAULT = 'VAULT="Хранилище"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\n'.encode("cp1251")
# A padr.ini whose EnableFailover holds a Cyrillic word: CFG006 and `state` quote it.
PADR = "[MAIN]\r\nEnableFailover=Да\r\nFailoverMode=Нет\r\n".encode("cp1251")
CLEAN_PADR = b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n"


def _config(folder: Path, value: str = '"cp1251"') -> Path:
    config = folder / "cfgtool.toml"
    config.write_text(f"encoding = {value}\n")
    return config


@pytest.mark.parametrize("value", ['"cp1251"', "1251", '"1251"'])
def test_show_and_get_read_the_configured_code_page(tmp_path: Path, value: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(VAULT)
    assert "Хранилище" not in run("show", str(path)).stdout  # no configuration: cp1252
    _config(tmp_path, value)
    shown = run("show", str(path))
    assert shown.code == 0 and "VAULT = Хранилище" in shown.stdout, shown
    assert "encoding: cp1251" in shown.stdout
    assert run("get", str(path), "VAULT").stdout == "Хранилище\n"
    # The option wins over the configuration.
    other = run("get", str(path), "VAULT", "--encoding", "cp1250")
    assert other.code == 0 and other.stdout == VAULT[7:16].decode("cp1250") + "\n"


@pytest.mark.parametrize("value, reason", [("99999", "unknown code page '99999'"),
                                           ("65001", "not an ANSI code page"),
                                           ("true", "encoding must be a string or a code page"),
                                           ("-1251", "unknown code page -1251")])
def test_an_unknown_code_page_number_is_refused_naming_the_file(tmp_path: Path, value: str,
                                                                reason: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(VAULT)
    config = _config(tmp_path, value)
    for args in (("show", str(path)), ("lint", str(path)), ("get", str(path), "VAULT")):
        result = run(*args)
        assert result.code == 2 and f"{config}:1: encoding" in result.stderr, result
        assert reason in result.stderr and "Traceback" not in result.stderr, result
    assert path.read_bytes() == VAULT


def test_lint_reads_an_integer_code_page(tmp_path: Path) -> None:
    path = tmp_path / "padr.ini"
    path.write_bytes(PADR)
    _config(tmp_path, "1251")
    linted = run("lint", str(path))
    assert linted.code == 1 and "EnableFailover=Да" in linted.stdout, linted


def _change_pair(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "padr.ini").write_bytes(CLEAN_PADR)
    (after / "padr.ini").write_bytes(PADR)
    return before, after


def test_check_change_reads_the_configured_code_page(tmp_path: Path) -> None:
    before, after = _change_pair(tmp_path)
    plain = run("check-change", str(before), str(after))
    assert plain.code == 1 and "Да" not in plain.stdout, plain  # cp1252 by default
    _config(after)
    named = run("check-change", str(before), str(after))
    assert named.code == 1 and "invalid value EnableFailover=Да" in named.stdout, named
    files = run("check-change", str(before / "padr.ini"), str(after / "padr.ini"))
    assert "invalid value EnableFailover=Да" in files.stdout, files


def test_check_change_takes_the_encoding_option(tmp_path: Path) -> None:
    before, after = _change_pair(tmp_path)
    named = run("check-change", str(before), str(after), "--encoding", "1251")
    assert "invalid value EnableFailover=Да" in named.stdout, named
    refused = run("check-change", str(before), str(after), "--encoding", "utf-16")
    assert refused.code == 2 and "--encoding" in refused.stderr, refused


def test_state_reads_the_configured_code_page(tmp_path: Path) -> None:
    path = tmp_path / "padr.ini"
    path.write_bytes(PADR)
    assert "Да" not in run("state", "--dr", str(path)).stdout
    assert "Нет" in run("state", "--dr", str(path), "--encoding", "cp1251").stdout
    _config(tmp_path)
    shown = run("state", "--dr", str(path))
    assert "Нет" in shown.stdout and "Да" in shown.stdout, shown


def _estate(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    padr = tmp_path / "dr" / "vault" / "padr.ini"
    padr.write_bytes(padr.read_bytes() + "; резервный сервер\r\n".encode("cp1251"))
    return tmp_path / "topology.toml"


def test_runbook_status_reads_the_estate_in_the_configured_code_page(tmp_path: Path) -> None:
    from cyberark_cfg.drill import runbook
    from cyberark_cfg.drill.status import gather

    topology = _estate(tmp_path)
    book = runbook.build("failback", str(topology), None)
    assert gather(book).estate.padr["dr"].encoding == "cp1252"  # type: ignore[union-attr]
    _config(tmp_path)
    estate = gather(runbook.build("failback", str(topology), None)).estate
    assert estate.padr["dr"].encoding == "cp1251"  # type: ignore[union-attr]
    assert estate.encoding == "cp1251"
    assert run("runbook", "failback", "--topology", str(topology), "--status").code in (0, 1)


def test_the_backup_chain_reads_its_files_in_the_code_page(tmp_path: Path) -> None:
    topology = _estate(tmp_path)
    backup = tmp_path / "prod" / "backup"
    backup.mkdir(parents=True, exist_ok=True)
    (backup / "Backup.cmd").write_bytes(b"PAReplicate.exe Vault.ini /logonFromFile user.ini "
                                        b"/fullbackup /tsparmfile tsparm.ini\r\n")
    (backup / "Vault.ini").write_bytes('VAULT="V"\r\nADDRESS=сервер\r\nPORT=1858\r\n'
                                       .encode("cp1251"))
    assert read_chain(str(backup / "Backup.cmd"), "cp1251").files[0].document.get(
        "ADDRESS") == "сервер"  # type: ignore[union-attr]
    topology.write_text(topology.read_text() + '\n[backup]\nscript = "prod/backup/Backup.cmd"\n')
    plain = run("lint", "--topology", str(topology), "--select", "DR026")
    assert plain.code == 1 and "сервер" not in plain.stdout, plain
    _config(tmp_path)
    named = run("lint", "--topology", str(topology), "--select", "DR026")
    assert "the backup's Vault.ini points at сервер" in named.stdout, named


def test_save_reads_back_in_the_code_page_it_was_read_in(tmp_path: Path) -> None:
    """cyberark_cfg.save parses the bytes it is about to write once more: in cp1252, the GBK
    header `[乚]` (bytes `[ 81 5D ]`) ends at its second byte and leaves a stray `]`, so saving
    a GBK document refused a file that parses cleanly in GBK."""
    import cyberark_cfg

    data = "[乚]\r\nEnableFailover=Yes\r\n".encode("gbk")
    path = tmp_path / "padr.ini"
    path.write_bytes(data)
    document = cyberark_cfg.load(path, encoding="936")
    document.set("EnableFailover", "No", section="乚")
    cyberark_cfg.save(document)
    assert path.read_bytes() == data.replace(b"=Yes", b"=No")


def _cyrillic_estate(tmp_path: Path) -> Path:
    """The example estate whose DR padr.ini holds a Cyrillic EnableFailover: CFG006 quotes it."""
    topology = _estate(tmp_path)
    padr = tmp_path / "dr" / "vault" / "padr.ini"
    padr.write_bytes(padr.read_bytes().replace(b"EnableFailover=No", "EnableFailover=Да"
                                               .encode("cp1251")))
    assert "EnableFailover=Да".encode("cp1251") in padr.read_bytes()
    return topology


def test_runbook_status_takes_the_encoding_option(tmp_path: Path) -> None:
    from cyberark_cfg.drill import runbook
    from cyberark_cfg.drill.status import gather

    topology = _cyrillic_estate(tmp_path)
    book = runbook.build("failback", str(topology), None)
    assert gather(book, encoding="cp1251").estate.padr["dr"].encoding == "cp1251"  # type: ignore[union-attr]
    for status in ("--status", "--drill-record"):
        result = run("runbook", "failback", "-t", str(topology), status, "--encoding", "1251")
        assert result.code in (0, 1) and "Traceback" not in result.stderr, result
    refused = run("runbook", "failback", "-t", str(topology), "--status", "--encoding", "utf-16")
    assert refused.code == 2 and "--encoding" in refused.stderr, refused


def test_report_takes_the_encoding_option_and_its_drill_reads_the_same(tmp_path: Path) -> None:
    topology = _cyrillic_estate(tmp_path)
    page = tmp_path / "report.html"
    plain = run("report", "-t", str(topology), "-o", str(page))
    assert plain.code == 1 and "EnableFailover=Да" not in page.read_text(encoding="utf-8")
    named = run("report", "-t", str(topology), "-o", str(page), "--encoding", "cp1251",
                "--runbook", "failback")
    assert named.code == 1, named
    assert "EnableFailover=Да" in page.read_text(encoding="utf-8")
    refused = run("report", "-t", str(topology), "-o", str(page), "--encoding", "65001")
    assert refused.code == 2 and "--encoding" in refused.stderr, refused


def test_the_report_reads_the_estate_once_for_its_drill(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The drill record of `report --runbook` judges the estate the page shows (read with the
    page's configuration, `--config` included), not a second reading of its own."""
    from cyberark_cfg.estate import model
    from cyberark_cfg.report.model import build_page

    topology = _cyrillic_estate(tmp_path)
    config = tmp_path / "elsewhere.toml"
    config.write_text('encoding = "cp1251"\n')
    loads: list[str | None] = []
    real = model.load_estate

    def counted(*args: object, **kwargs: object) -> model.Estate:
        loads.append(str(args[1]) if len(args) > 1 else None)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "load_estate", counted)
    for module in ("cyberark_cfg.report.model", "cyberark_cfg.drill.status"):
        monkeypatch.setattr(f"{module}.load_estate", counted)
    page = build_page(str(topology), runbook="failback", config_file=str(config))
    assert loads == ["cp1251"]
    assert page.drill is not None
