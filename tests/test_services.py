"""Service snapshots: every supported format read from real-shaped files (numbers and names, one
object and an array, UTF-16 LE and UTF-8 BOMs, Export-Csv with #TYPE, sc queryex + sc qc), the
matching of the seed's service names, and one-line errors for broken snapshots."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from cyberark_cfg.estate.services import (
    DR_SERVICE,
    ENE,
    SERVER,
    SnapshotError,
    load_snapshot,
    parse_snapshot,
    role_of,
)

SNAPSHOTS = FIXTURES / "services"


def states(path: str) -> dict[str, tuple[str | None, str | None]]:
    snapshot = load_snapshot(SNAPSHOTS / path)
    return {s.name: (s.status, s.start_type) for s in snapshot.known()}


def test_windows_powershell_json_utf16_with_numbers() -> None:
    snapshot = load_snapshot(SNAPSHOTS / "ps51-numbers-utf16.json")
    assert snapshot.format == "json"
    assert len(snapshot.services) == 8  # W32Time too, ignored by the roles
    assert snapshot.running(SERVER) is False and snapshot.running(DR_SERVICE) is True
    assert snapshot.running(ENE) is False
    assert states("ps51-numbers-utf16.json")["PrivateArk Server"] == ("Stopped", "Manual")
    assert snapshot.find(DR_SERVICE).start_type == "Automatic"  # type: ignore[union-attr]
    assert [s.line for s in snapshot.services][:2] == [2, 8]


def test_names_and_numbers_read_the_same() -> None:
    assert states("ps51-numbers-utf16.json") == states("ps7-names-bom.json")


def test_one_service_is_an_object() -> None:
    snapshot = load_snapshot(SNAPSHOTS / "ps7-one-object.json")
    assert [(s.name, s.status, s.start_type) for s in snapshot.services] == [
        ("PrivateArk Server", "Running", "Automatic")]


def test_export_csv_with_type_line() -> None:
    snapshot = load_snapshot(SNAPSHOTS / "export-csv-ps51.csv")
    assert snapshot.format == "csv"
    assert snapshot.running(SERVER) is True and snapshot.running(DR_SERVICE) is False
    assert snapshot.find(DR_SERVICE).start_type == "Manual"  # type: ignore[union-attr]
    assert snapshot.find(ENE).line == 3  # type: ignore[union-attr]


def test_sc_queryex_merged_with_sc_qc() -> None:
    snapshot = load_snapshot(SNAPSHOTS / "sc-queryex-qc.txt")
    assert snapshot.format == "sc"
    assert states("sc-queryex-qc.txt") == {
        "Cyber-Ark ENE": ("Running", None),
        "CyberArk Vault Disaster Recovery": ("Stopped", "Automatic"),
        "PrivateArk Server": ("Running", "Manual"),
    }
    assert snapshot.running("database") is None  # not listed: unknown, not stopped


@pytest.mark.parametrize(("name", "display", "role"), [
    ("PrivateArk Server", None, SERVER),
    ("privateark   server", None, SERVER),
    ("PADR", "CyberArk Disaster Recovery", DR_SERVICE),
    ("x", "CYBERARK VAULT DISASTER RECOVERY", DR_SERVICE),
    ("ENE", None, ENE),
    ("x", "CyberArk Event Notification Engine", ENE),
    ("x", "Cyber-Ark Event Notification Engine", ENE),
    ("Cyber-Ark ENE", None, ENE),
    ("W32Time", "Windows Time", None),
])
def test_roles_by_either_name(name: str, display: str | None, role: str | None) -> None:
    assert role_of(name, display) == role


@pytest.mark.parametrize(("data", "status"), [
    (b'{"Name":"PrivateArk Server","Status":2}', "StartPending"),
    (b'{"ServiceName":"PrivateArk Server","Status":"stopped","StartType":"auto"}', "Stopped"),
    (b'{"Name":"PrivateArk Server","State":"Running","StartMode":"Manual"}', "Running"),
    (b'"Name","Status"\n"PrivateArk Server","7"\n', "Paused"),
    (b'SERVICE_NAME: PrivateArk Server\n  STATE : 3  STOP_PENDING\n', "StopPending"),
])
def test_other_spellings(data: bytes, status: str) -> None:
    assert parse_snapshot(data, "s").find(SERVER).status == status  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "where", "words"), [
    ("broken-syntax.json", "6:5", "not valid JSON: Expecting ',' delimiter"),
    ("broken-status.json", "6:1", "Status 9 is not one of Stopped"),
    ("broken-fields.csv", "4:1", "2 fields where the header has 4"),
    ("broken-state.txt", "4:1", "expected a number and a name"),
    ("not-a-snapshot.txt", "1:1", "not a service snapshot"),
])
def test_broken_snapshots_name_file_and_line(name: str, where: str, words: str) -> None:
    path = str(SNAPSHOTS / name)
    with pytest.raises(SnapshotError) as caught:
        load_snapshot(path)
    text = str(caught.value)
    assert text.startswith(f"{path}:{where}: {words}"), text
    assert "\n" not in text and caught.value.code == "DR014"


@pytest.mark.parametrize("data", [b"", b"  \r\n", b"[1]", b"42", b'[{"Status": 4}]',
                                  b'"Name"\n"x"\n', b"  STATE : 4 RUNNING\nSERVICE_NAME: x\n",
                                  b'SERVICE_NAME: x\n START_TYPE : 9   WHENEVER\n'])
def test_other_bad_input_is_a_snapshot_error(data: bytes) -> None:
    with pytest.raises(SnapshotError):
        parse_snapshot(data, "s.json")
