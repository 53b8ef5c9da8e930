"""`cfgtool log` on every fixture log: each `*.expected.json` names a log, the arguments, and
the verdict, last successful cycle, episodes and findings expected (written by hand)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from conftest import FIXTURES

from cyberark_cfg.padrlog.backscan import scan
from cyberark_cfg.padrlog.report import build

LOGS = FIXTURES / "padrlog"
CASES = sorted(LOGS.glob("*.expected.json"))


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The part of the JSON report a fixture pins down."""
    return {
        "verdict": report["verdict"],
        "exit_code": report["exit_code"],
        "encoding": report["encoding"],
        "last_success": report["last_success"] and report["last_success"]["time"],
        "age_seconds": report["age_seconds"],
        "episodes": [{key: episode[key] for key in ("start", "end", "outcome")}
                     for episode in report["episodes"]],
        "findings": [{key: finding[key] for key in ("code", "known", "count", "unresolved")}
                     for finding in report["findings"]],
        "notes": len(report["notes"]),
    }


def load(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case.read_text(encoding="utf-8"))
    return data


def test_there_are_cases_for_every_log() -> None:
    logs = {path.name for path in LOGS.glob("*.log")}
    covered = {load(case)["log"] for case in CASES}
    assert len(logs) >= 15 and logs == covered


@pytest.mark.parametrize("case", CASES, ids=[case.name.split(".expected")[0] for case in CASES])
def test_fixture(case: Path) -> None:
    expected = load(case)
    result = run("log", str(LOGS / expected.pop("log")), *expected.pop("args"), "--format", "json")
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert summary(report) == expected
    assert result.code == expected["exit_code"]


@pytest.mark.parametrize("block_size", [5, 64, 301, 4096])
@pytest.mark.parametrize("log", sorted(LOGS.glob("*.log")), ids=lambda path: path.name)
def test_small_blocks_give_the_same_report(log: Path, block_size: int) -> None:
    # Chunk boundaries fall inside lines, CRLF pairs and UTF-16 code units: nothing changes.
    now = datetime(2024, 3, 6)
    whole = build(scan(log), now).to_dict()
    chunked = build(scan(log, block_size=block_size), now).to_dict()
    assert chunked == whole


def test_text_report_names_the_remedy() -> None:
    result = run("log", str(LOGS / "stale-position.log"), "--now", "2024-03-05 14:15",
                 "--date-order", "mdy")
    assert result.code == 1
    assert result.stdout.startswith(f"{LOGS / 'stale-position.log'}: replication failing\n")
    assert "cfgtool fix padr.ini --full-replication" in result.stdout
    assert "last successful cycle: 2024-03-04 08:03:06 (PADR0010I), 1d 6h ago" in result.stdout
    assert "2024-03-04 08:08:08 -> 2024-03-04 08:08:13  completed" in result.stdout


def test_text_report_marks_unknown_codes() -> None:
    result = run("log", str(LOGS / "unknown-code.log"), "--now", "2024-03-04 08:10")
    assert result.code == 1
    assert "ZZTST001E  error, 1x" in result.stdout
    assert "unknown code: not in cfgtool's table" in result.stdout
    # The continuation line belongs to the entry above it.
    assert ("logged:  Synthetic error with a code cfgtool does not know / details: a "
            "continuation line without a timestamp") in result.stdout


def test_suspended_user_remedy_in_json() -> None:
    result = run("log", str(LOGS / "suspended-dr-user.log"), "--format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["message"] == "Station is suspended for User DR"
    assert "Trusted Net Areas" in finding["remedy"] and "CreateCredFile" in finding["remedy"]


@pytest.mark.parametrize("log", sorted(LOGS.glob("*.log")), ids=lambda path: path.name)
def test_reading_chunks_again_gives_the_same_report(log: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Past MAX_KEPT entries, the second pass reads the chunks again instead of keeping them.
    now = datetime(2024, 3, 6)
    kept = build(scan(log, block_size=200), now).to_dict()
    monkeypatch.setattr("cyberark_cfg.padrlog.backscan.MAX_KEPT", 1)
    assert build(scan(log, block_size=200), now).to_dict() == kept
