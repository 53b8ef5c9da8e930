"""Edits change only the lines they name, in the file's own style."""

from __future__ import annotations

import codecs

import pytest

import cyberark_cfg
from cyberark_cfg import EditError


def test_set_keeps_spelling_spacing_and_crlf() -> None:
    data = b"[MAIN]\r\nEnableReplicate=Yes\r\nfailovermode = yes\r\nEnableFailover=Yes\r\n"
    document = cyberark_cfg.loads(data, "padr")
    document.set("FailoverMode", "No")
    assert document.to_bytes() == data.replace(b"failovermode = yes", b"failovermode = No")
    assert document.failover_mode is False


def test_set_keeps_quotes_description_and_trailing_space() -> None:
    data = b'VAULT = "Demo Vault"   \nTIMEOUT=8        - Seconds to wait\nPORT=1858  \n'
    document = cyberark_cfg.loads(data, "vault")
    document.set("VAULT", "DR Vault")
    document.set("timeout", "30")
    document.set("port", "17610")
    assert document.to_bytes() == (
        b'VAULT = "DR Vault"   \nTIMEOUT=30        - Seconds to wait\nPORT=17610  \n')
    assert document.get("TIMEOUT") == "30"


def test_set_updates_every_copy_of_a_duplicate() -> None:
    data = b"FailoverMode=Yes\nfailovermode=Yes\n"
    document = cyberark_cfg.loads(data, "padr")
    document.set("FailoverMode", "No")
    assert document.to_bytes() == b"FailoverMode=No\nfailovermode=No\n"


def test_insert_after_key_in_file_style_and_newline() -> None:
    data = b"[main]\r\nenablefailover = no\r\nfailovermode = no\r\ncheckinterval = 60\r\n"
    document = cyberark_cfg.loads(data, "padr")
    document.insert("ActivateManualFailover", "Yes", after="FailoverMode")
    assert document.to_bytes() == (
        b"[main]\r\nenablefailover = no\r\nfailovermode = no\r\n"
        b"activatemanualfailover = Yes\r\ncheckinterval = 60\r\n")


def test_insert_at_section_end_before_blank_lines() -> None:
    data = b"[MAIN]\nFailoverMode=No\n\n[OTHER]\nX=1\n"
    document = cyberark_cfg.loads(data, "padr")
    document.insert("EnableFailover", "Yes", section="main")
    assert document.to_bytes() == b"[MAIN]\nFailoverMode=No\nEnableFailover=Yes\n\n[OTHER]\nX=1\n"


def test_insert_into_file_without_final_newline() -> None:
    document = cyberark_cfg.loads(b"A=1\r\nB=2", "padr")
    document.insert("C", "3")
    assert document.to_bytes() == b"A=1\r\nB=2\r\nC=3"


def test_set_absent_key_in_single_section_file_goes_into_that_section() -> None:
    document = cyberark_cfg.loads(b"# padr\r\n[MAIN]\r\nFailoverMode=Yes\r\n", "padr")
    document.set("ActivateManualFailover", "Yes")
    assert document.to_bytes() == (
        b"# padr\r\n[MAIN]\r\nFailoverMode=Yes\r\nActivateManualFailover=Yes\r\n")


def test_insert_quotes_keys_the_schema_quotes() -> None:
    document = cyberark_cfg.loads(b'PSMServerAdminId="PSMAdminConnect"\r\n', "psm")
    document.insert("PSMServerId", "PSMServer_01")
    assert document.to_bytes().endswith(b'PSMServerId="PSMServer_01"\r\n')


def test_remove_deletes_whole_lines_any_case_anywhere() -> None:
    data = (b"[MAIN]\r\nNextBinaryLogNumberToStartAt=12\r\nFailoverMode=Yes\r\n"
            b"lastdatareplicationtimestamp=1570820901835879\r\n")
    document = cyberark_cfg.loads(data, "padr")
    assert document.remove("NextBinaryLogNumberToStartAt") == 1
    assert document.remove("LastDataReplicationTimestamp") == 1
    assert document.to_bytes() == b"[MAIN]\r\nFailoverMode=Yes\r\n"
    assert [line.lineno for line in document.lines()] == [1, 2]


def test_replace_list_keeps_separator_style() -> None:
    document = cyberark_cfg.loads(b"ADDRESS=10.0.0.1, 10.0.0.2  \r\nPORT=1858\r\n", "vault")
    document.replace_list("ADDRESS", ["10.0.0.2", "10.0.0.1"])
    assert document.to_bytes() == b"ADDRESS=10.0.0.2, 10.0.0.1  \r\nPORT=1858\r\n"
    assert document.addresses == ["10.0.0.2", "10.0.0.1"]


def test_edit_keeps_utf16_and_bom() -> None:
    text = "[MAIN]\r\nFailoverMode=Yes\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    document = cyberark_cfg.loads(data, "padr")
    document.set("FailoverMode", "No")
    document.insert("ActivateManualFailover", "No")
    expected = "[MAIN]\r\nFailoverMode=No\r\nActivateManualFailover=No\r\n"
    assert document.to_bytes() == codecs.BOM_UTF16_LE + expected.encode("utf-16-le")


@pytest.mark.parametrize("value", ["a\nB=c", "x\r\ny", "nul\x00"])
def test_values_that_would_inject_lines_are_refused(value: str) -> None:
    document = cyberark_cfg.loads(b"A=1\n", "padr")
    with pytest.raises(EditError):
        document.set("A", value)


def test_non_ascii_value_in_ascii_file_becomes_cp1252() -> None:
    document = cyberark_cfg.loads(b'VAULT="x"\r\nPORT=1858\r\n', "vault")
    document.set("VAULT", "Soci\u00e9t\u00e9")
    assert document.encoding == "cp1252"
    assert document.to_bytes() == b'VAULT="Soci\xe9t\xe9"\r\nPORT=1858\r\n'


def test_several_sections_need_a_section_name_for_inserts() -> None:
    document = cyberark_cfg.loads(b"[A]\nX=1\n[B]\nY=2\n", "dbparm")
    with pytest.raises(EditError, match="several sections"):
        document.insert("Z", "3")
    document.insert("Z", "3", section="b")
    assert document.to_bytes() == b"[A]\nX=1\n[B]\nY=2\nZ=3\n"


def test_typed_accessors() -> None:
    document = cyberark_cfg.loads(
        b"FailoverMode=YES\nEnableFailover=no\nLastDataReplicationTimestamp=1570820901835879\n",
        "padr")
    assert document.failover_mode is True
    assert document.enable_failover is False
    moment = document.last_data_replication
    assert moment is not None and moment.isoformat() == "2019-10-11T19:08:21.835879+00:00"
