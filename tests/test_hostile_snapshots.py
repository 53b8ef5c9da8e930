"""Hostile service snapshots, change records and baselines (issue 16): a number too long for
Python to read, JSON nested too deeply, a huge snapshot, a pipe or a device as a baseline.
Each gets a message naming the file (never "internal error" or a message without the file)
in seconds."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES, not_on_windows

from cyberark_cfg.errors import ParseError
from cyberark_cfg.estate.services import load_snapshot
from cyberark_cfg.fixing.changes import read_changes
from cyberark_cfg.lint.baseline import Baseline
from cyberark_cfg.lint.config import ConfigError

PADR = b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n"


def snapshot(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "services.json"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "reason"), [
    (b'[{"Name": "PrivateArk Server", "Status": ' + b"9" * 5000 + b"}]", "number too long"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
    (b'[{"Name": "PrivateArk Server", "Status": "' + b"4" * 5000 + b'"}]', "Status '?'"),
    ('[{"Name": "PrivateArk Server", "Status": "\u00b2"}]'.encode(), "Status"),
])
def test_a_snapshot_json_python_cannot_read_is_named(tmp_path: Path, data: bytes,
                                                     reason: str) -> None:
    path = snapshot(tmp_path, data)
    with pytest.raises(ParseError) as caught:
        load_snapshot(path)
    assert caught.value.path == str(path) and reason in caught.value.message
    padr = tmp_path / "padr.ini"
    padr.write_bytes(PADR)
    result = run("state", "--dr", str(padr), "--dr-services", str(path))
    assert result.code == 2 and result.stderr.startswith(f"cfgtool: error: {path}:1:1: ")
    assert "internal error" not in result.stderr


def test_a_large_snapshot_is_read_in_linear_time(tmp_path: Path) -> None:
    """Each element's line was counted from the file's start: 20,000 services took 10 s."""
    items = [f'{{"Name": "S{i}",\n "Status": 4,\n "StartType": 2}}' for i in range(40_000)]
    path = snapshot(tmp_path, ("[\n" + ",\n".join(items) + "\n]").encode())
    started = time.perf_counter()
    services = load_snapshot(path).services
    assert time.perf_counter() - started < 5
    assert len(services) == 40_000 and services[-1].line == 1 + 3 * 39_999 + 1


def test_a_change_record_nested_too_deeply_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "changes.jsonl"
    path.write_bytes(b"\n" + b"[" * 100_000 + b"\n")
    with pytest.raises(ParseError) as caught:
        read_changes(str(path))
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_a_baseline_nested_too_deeply_is_not_a_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(b'{"findings": ' + b"[" * 100_000 + b"}")
    with pytest.raises(ConfigError, match="not a cfgtool baseline"):
        Baseline(str(path))


@not_on_windows("no FIFOs and no /dev/zero")
@pytest.mark.parametrize("what", ["fifo", "device"])
def test_a_baseline_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path,
                                                                  what: str) -> None:
    path = tmp_path / "baseline.json"
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    padr = tmp_path / "padr.ini"
    padr.write_bytes(PADR)
    started = time.perf_counter()
    result = run("lint", str(padr), "--baseline", str(path))
    assert time.perf_counter() - started < 5
    assert result.code == 2 and f"{path}: is not a regular file" in result.stderr, result


def hand_edited_record(tmp_path: Path, path: str, edits: list[str]) -> Path:
    record = tmp_path / "changes.jsonl"
    record.write_text(json.dumps({"path": path, "time": "2026-10-01T08:00:00Z",
                                  "procedure": "failover", "sha256_before": "a",
                                  "sha256_after": "b", "edits": edits}) + "\n",
                      encoding="utf-8")
    return record


def test_a_secret_in_a_hand_edited_change_record_is_not_shown(tmp_path: Path) -> None:
    """The report printed a record's edits as written: a hand-edited `Password=...` reached
    the page, which promises that no secret value is in it."""
    secret = "Hand-S3cret-" + "x7Q"
    record = hand_edited_record(tmp_path, str(tmp_path / "user.ini"),
                                [f"set Password={secret}", f"PROXYPASSWORD={secret}",
                                 "set FailoverMode=No"])
    # Each check computes a bool first: a failure never prints the secret.
    (edits,) = [change.edits for change in read_changes(str(record))]
    leaked = secret in " ".join(edits)
    assert not leaked, "a secret in the record's edits"
    shown = edits == ("set Password=<redacted>", "PROXYPASSWORD=<redacted>",
                      "set FailoverMode=No")
    assert shown, "the edits are not redacted as expected"
    page = tmp_path / "page.html"
    result = run("report", "-t", str(EXAMPLES / "topology.toml"), "--record", str(record),
                 "-o", str(page), "--now", "2026-10-01T09:00:00Z")
    leaked = secret in result.stdout + result.stderr
    assert result.code in (0, 1) and not leaked, "report failed or printed the secret"
    html = page.read_text(encoding="utf-8")
    leaked = secret in html
    assert not leaked, "a secret in the page"
    assert "set Password=&lt;redacted&gt;" in html


def test_a_change_record_naming_a_path_with_nul_is_a_missing_file(tmp_path: Path) -> None:
    record = hand_edited_record(tmp_path, "a\0b", [])
    assert [change.now for change in read_changes(str(record))] == ["file missing"]


def test_a_secret_logged_in_padr_log_is_not_on_the_report_page(tmp_path: Path) -> None:
    """`cfgtool log` redacts `Key=value` secrets in logged messages; the report's log table
    showed the message as logged. Synthetic log lines (not captured from a vault)."""
    secret = "Log-S3cret-" + "k9P"
    log = tmp_path / "padr.log"
    log.write_bytes(b"[14/03/2024   08:01:01.479190]    ::    PADR0017I done\r\n"
                    b"[14/03/2024   08:01:02.000000]    ::    ITADB999E Error Password="
                    + secret.encode() + b" again\r\n")
    page = tmp_path / "page.html"
    result = run("report", "-t", str(EXAMPLES / "topology.toml"), "--log", str(log),
                 "-o", str(page), "--now", "2026-10-01T09:00:00Z")
    assert result.code in (0, 1), result.stderr
    html = page.read_text(encoding="utf-8")
    leaked = secret in html + result.stdout + result.stderr  # a bool: never print the secret
    assert not leaked, "a logged secret on the page"
    assert "ITADB999E" in html and "Error Password=&lt;redacted&gt; again" in html
