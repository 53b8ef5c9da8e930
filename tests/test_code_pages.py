"""`--encoding CODEPAGE` (issue 16): an ANSI file in another code page (cp1251, cp1250, gbk) is
shown and read in that code page, and an edit keeps every other byte."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

import cyberark_cfg
from cyberark_cfg.decoding import ansi_codec
from cyberark_cfg.edits import SetValue
from cyberark_cfg.fixing import Plan, prepare, read_source

NAMES = {"cp1251": "Пример хранилища", "cp1250": "Příklad úložiště", "gbk": "示例保险库"}


def vault_bytes(name: str, page: str) -> bytes:
    return f'VAULT="{name}"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\n'.encode(page)


@pytest.mark.parametrize("page", sorted(NAMES))
def test_show_get_and_set_in_a_named_code_page(tmp_path: Path, page: str) -> None:
    path = tmp_path / "Vault.ini"
    data = vault_bytes(NAMES[page], page)
    path.write_bytes(data)
    shown = run("show", str(path), "--encoding", page)
    assert shown.code == 0 and f"VAULT = {NAMES[page]}" in shown.stdout, shown
    assert f"encoding: {ansi_codec(page)}" in shown.stdout
    assert run("get", str(path), "VAULT", "--encoding", page).stdout == NAMES[page] + "\n"
    assert NAMES[page] not in run("show", str(path)).stdout  # cp1252 by default: mojibake
    done = run("set", str(path), "PORT", "1859", "--encoding", page)
    assert done.code == 0, done
    assert path.read_bytes() == data.replace(b"PORT=1858", b"PORT=1859")


def test_the_library_takes_a_code_page_and_keeps_bytes(tmp_path: Path) -> None:
    data = vault_bytes(NAMES["gbk"], "gbk") + b"NOTE=\x81\r\n"  # a lone lead byte
    document = cyberark_cfg.loads(data, "vault", encoding="gbk")
    assert document.get("VAULT") == NAMES["gbk"] and document.to_bytes() == data
    path = tmp_path / "Vault.ini"
    path.write_bytes(data)
    source = read_source(path, encoding="936")
    outcome = prepare(Plan.single(str(path), "t", [SetValue("PORT", "1859")]), source)
    assert outcome.after == data.replace(b"PORT=1858", b"PORT=1859")


@pytest.mark.parametrize("name", ["utf-16", "utf-8", "no-such-page"])
def test_a_code_page_that_is_not_ansi_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(vault_bytes("Vault", "ascii"))
    result = run("show", str(path), "--encoding", name)
    assert result.code == 2 and "--encoding" in result.stderr, result
    with pytest.raises(ValueError):
        ansi_codec(name)


# A synthetic Vault.ini in cp1251: a Cyrillic vault name, an ADDRESS list with a duplicate (the
# VAULT002 fix) and an invalid host name (VAULT003 quotes it), and a Cyrillic comment.
CYRILLIC_VAULT = ('VAULT="Хранилище"\r\nADDRESS=10.0.0.1,сервер,10.0.0.1\r\nPORT=1858\r\n'
                  '; комментарий: основной сайт\r\n').encode("cp1251")
FIXED_VAULT = CYRILLIC_VAULT.replace(b",10.0.0.1\r\n", b"\r\n")
PADR = ('; резервный сервер\r\n[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n'
        '; конец\r\n').encode("cp1251")


def _findings(output: str) -> list[tuple[str, int]]:
    return [(item["code"], item["line"]) for item in json.loads(output)]


def _messages(output: str) -> list[str]:
    return [item["message"] for item in json.loads(output)]


def test_lint_reads_a_named_code_page(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    default = run("lint", str(path), "-f", "json")
    named = run("lint", str(path), "-f", "json", "--encoding", "cp1251")
    assert named.code == default.code == 1, named
    assert _findings(named.stdout) == _findings(default.stdout) == [("VAULT002", 2),
                                                                    ("VAULT003", 2)]
    assert "ADDRESS entry сервер: not a valid host name" in _messages(named.stdout)
    assert not any("сервер" in m for m in _messages(default.stdout))  # cp1252: mojibake
    assert path.read_bytes() == CYRILLIC_VAULT


def test_fix_in_a_named_code_page_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    done = run("fix", str(path), "--encoding", "cp1251")
    assert done.code == 0, done
    assert path.read_bytes() == FIXED_VAULT
    assert "сервер" in done.stdout + done.stderr  # the finding the fix leaves, decoded
    padr = tmp_path / "padr.ini"
    padr.write_bytes(PADR)
    done = run("fix", str(padr), "--manual-failover", "--encoding", "1251")
    assert done.code == 0, done
    assert padr.read_bytes() == PADR.replace(b"EnableFailover=Yes\r\nFailoverMode=No\r\n",
                                             b"EnableFailover=No\r\nFailoverMode=No\r\n"
                                             b"ActivateManualFailover=Yes\r\n")


def test_the_configuration_names_the_code_page(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    (tmp_path / "cfgtool.toml").write_text('select = ["VAULT"]\nencoding = "cp1251"\n')
    linted = run("lint", str(path), "-f", "json")
    assert "ADDRESS entry сервер: not a valid host name" in _messages(linted.stdout), linted
    other = run("lint", str(path), "-f", "json", "--encoding", "cp1250")  # the option wins
    assert not any("сервер" in m for m in _messages(other.stdout))
    assert _findings(other.stdout) == _findings(linted.stdout)
    assert run("fix", str(path)).code == 0
    assert path.read_bytes() == FIXED_VAULT


@pytest.mark.parametrize("value", ['"utf-16"', '"no-such-page"', "0", "true", "[1251]"])
def test_a_bad_code_page_in_the_configuration_names_the_file(tmp_path: Path,
                                                             value: str) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    config = tmp_path / "cfgtool.toml"
    config.write_text(f'fail-on = "error"\nencoding = {value}\n')
    for command in ("lint", "fix"):
        result = run(command, str(path))
        assert result.code == 2 and f"{config}:2: encoding" in result.stderr, result
    assert path.read_bytes() == CYRILLIC_VAULT


def test_lint_and_fix_refuse_a_code_page_that_is_not_ansi(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    for command in ("lint", "fix"):
        result = run(command, str(path), "--encoding", "utf-16")
        assert result.code == 2 and "--encoding" in result.stderr, result
    assert path.read_bytes() == CYRILLIC_VAULT


def test_a_unicode_file_keeps_its_detected_encoding(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    text = CYRILLIC_VAULT.decode("cp1251")
    for data in (codecs.BOM_UTF8 + text.encode("utf-8"),
                 codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        path.write_bytes(data)
        linted = run("lint", str(path), "-f", "json", "--encoding", "cp1251")
        assert "ADDRESS entry сервер: not a valid host name" in _messages(linted.stdout)
        assert "CFG002" in linted.stdout  # still the byte order mark / UTF-16 hazard
        assert path.read_bytes() == data


def test_set_takes_the_code_page_of_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "Vault.ini"
    path.write_bytes(CYRILLIC_VAULT)
    (tmp_path / "cfgtool.toml").write_text('encoding = "cp1251"\n')
    done = run("set", str(path), "VAULT", "Резерв")
    assert done.code == 0, done
    assert path.read_bytes() == CYRILLIC_VAULT.replace('"Хранилище"'.encode("cp1251"),
                                                       '"Резерв"'.encode("cp1251"))


def test_the_estate_files_are_read_in_the_code_page(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    pvwa = tmp_path / "dr" / "pvwa" / "Vault.ini"
    data = pvwa.read_bytes().replace(b"ADDRESS=10.10.1.10,", "ADDRESS=сервер,10.10.1.10,"
                                     .encode("cp1251"))
    assert data != pvwa.read_bytes()
    pvwa.write_bytes(data)
    topology = str(tmp_path / "topology.toml")
    linted = run("lint", str(pvwa), "-t", topology, "-f", "json", "--encoding", "cp1251")
    assert "ADDRESS entry сервер belongs to no vault of the topology" in _messages(
        linted.stdout), linted
    done = run("fix", str(pvwa), "-t", topology, "--encoding", "cp1251")  # DR003: own site first
    assert done.code == 0, done
    assert pvwa.read_bytes() == data.replace("ADDRESS=сервер,10.10.1.10,10.20.1.10".encode(
        "cp1251"), "ADDRESS=10.20.1.10,сервер,10.10.1.10".encode("cp1251"))


def test_load_decodes_a_file_its_name_does_not_place_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: `load` decoded the head of a file whose name tells no kind to sniff it, then
    decoded the file again to parse it; the text decoded to parse now tells the kind, in the
    code page named (a cp1251 Vault.ini's markers are read as cp1251, not cp1252)."""
    from cyberark_cfg import api, decoding

    path = tmp_path / "vault-copy.txt"
    path.write_bytes(CYRILLIC_VAULT)
    calls: list[int] = []
    real = decoding.decode
    monkeypatch.setattr(decoding, "decode", lambda data, *rest: calls.append(len(data))
                        or real(data, *rest))
    document = api.load(path, encoding="cp1251")
    assert document.kind == "vault" and calls == [len(path.read_bytes())]
    assert document.get("VAULT") == "Хранилище"
