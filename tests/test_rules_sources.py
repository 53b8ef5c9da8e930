"""The rules against the reproduced cases of issue 15 (cyberark-formats.md): schemas that admit
what they do not know, the armed trigger on a standby, and severities that follow the sources.
Inputs are synthetic, shaped after the reference's snippets."""

from __future__ import annotations

from cyberark_cfg.findings import Severity
from cyberark_cfg.lint.engine import diagnose
from cyberark_cfg.rules import RULES

PSM_VAULT_INI_WITH_API = (b'VAULT = "Vault"\r\nADDRESS=10.10.1.10\r\nPORT=1858\r\n'
                          b'[API]\r\nAddresses="https://pvwa.example.com"\r\n'
                          b'ApiKeyPath=C:\\Program Files (x86)\\CyberArk\\PSM\\Vault'
                          b'\\apigw.cred\r\n')

DBPARM = (b"[MAIN]\r\nVaultId=1\r\n"
          b"AllowNonStandardFWAddresses=[10.0.0.5],Yes,2410:outbound/tcp\r\n"
          b"AllowNonStandardFWAddresses=[10.0.0.6],Yes,1858:inbound/tcp,1858:outbound/tcp\r\n"
          b"BackupFilesDeletion=Yes,24,1,5,7d\r\n"
          b"BackupNotificationThreshold=Yes,Yes,48,24,12\r\n"
          b"DRNotificationThreshold=Yes,Yes,2,24,30m\r\n"
          b"RecoveryPrvKey=D:\\Keys\\Recovery\\recprv.key\r\n")


def _codes(data: bytes, kind: str) -> list[str]:
    _, found = diagnose(data, None, kind)
    return [f"{d.line} {d.code} {d.severity}" for d in found]


def test_psm_vault_ini_with_api_section_is_clean() -> None:
    assert _codes(PSM_VAULT_INI_WITH_API, "vault") == []


def test_addresses_under_api_does_not_stand_in_for_address() -> None:
    data = PSM_VAULT_INI_WITH_API.replace(b"ADDRESS=10.10.1.10\r\n", b"")
    _, found = diagnose(data, None, "vault")
    assert [(d.code, d.key) for d in found] == [("VAULT001", "ADDRESS")]


def test_real_shaped_dbparm_has_only_the_recovery_key_reminder() -> None:
    # Repeated AllowNonStandardFWAddresses (CFG003), multi-field values (CFG006): no finding;
    # RecoveryPrvKey is information only (the hardening check warns on the file, not the key).
    assert _codes(DBPARM, "dbparm") == ["8 DBPARM002 info"]


def test_a_bad_switch_in_a_multi_field_value_is_still_reported() -> None:
    _, found = diagnose(b"[MAIN]\r\nBackupFilesDeletion=Maybe,24\r\n", None, "dbparm")
    assert [d.code for d in found] == ["CFG006"]


def test_backup_files_deletion_no_with_fields_is_reported() -> None:
    _, found = diagnose(b"[MAIN]\r\nBackupFilesDeletion=No,24,1,5,7d\r\n", None, "dbparm")
    assert [d.code for d in found] == ["DBPARM001"]


def test_unknown_padr_and_vault_keys_only_as_near_misses() -> None:
    # The padr.ini interval key has no public name; Vault.ini has no official table.
    assert _codes(b"FailoverMode=No\r\nReplicationIntervalMinutes=5\r\n", "padr") == []
    assert _codes(b'VAULT="V"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\nREUSECONNECTIONS=Yes\r\n',
                  "vault") == []
    assert _codes(b"FailovrMode=No\r\n", "padr") == ["1 CFG005 warning"]


def test_armed_trigger_on_a_standby_is_reported() -> None:
    data = b"FailoverMode=No\r\nEnableFailover=No\r\nActivateManualFailover=Yes\r\n"
    _, found = diagnose(data, None, "padr")
    assert [(d.code, d.line, d.severity) for d in found] == [("PADR007", 3, Severity.WARNING)]
    assert found[0].fix is not None and not found[0].fix.safe


def test_severity_follows_confidence() -> None:
    # PADR001/CHG003 flag the KB's own edit; PSM002 and DR003 rest on inference.
    for code in ("PADR001", "CHG003", "DBPARM002"):
        assert RULES[code].severity is Severity.INFO, code
    for code in ("PADR002", "PSM002", "DR003"):
        assert RULES[code].severity is Severity.WARNING, code


def test_every_explain_page_has_references() -> None:
    from cyberark_cfg.lint.catalogue import explain, rules_markdown, sections

    for code, rule in RULES.items():
        refs = sections(rule).get("references", "")
        assert refs.strip(), f"{code} has no ## References section"
        page = explain(code)
        assert page is not None and "## References" in page, code
    assert rules_markdown().count("### References") == len(RULES)


def test_no_unsourced_claims_in_explain_pages() -> None:
    # Claims the reference found no source for (issue 15).
    for code, text in (("PADR001", "KB 000004249) sets `EnableFailover=No`"),
                       ("CHG003", "The manual failover procedure (KB 000004249) sets"),
                       ("PSM002", "cut at the first space"),
                       ("PADR002", "it does not clear"),
                       ("CHG001", "PADR0013E"), ("PADR003", "PADR0013E")):
        assert text not in RULES[code].doc, code
