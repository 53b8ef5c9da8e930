"""`--encoding CODEPAGE` (issue 16): an ANSI file in another code page (cp1251, cp1250, gbk) is
shown and read in that code page, and an edit keeps every other byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run

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
