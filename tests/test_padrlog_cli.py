"""`cfgtool log` options and errors, `--follow` (in-process and as a real process stopped with
SIGINT), and the code table behind `explain`."""

from __future__ import annotations

import codecs
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import run
from conftest import FIXTURES, not_on_windows, posix_paths

from cyberark_cfg.errors import UsageError
from cyberark_cfg.padrlog import analyse, log_report
from cyberark_cfg.padrlog.codes import TABLE, explain, lookup
from cyberark_cfg.padrlog.follow import follow
from cyberark_cfg.padrlog.reader import LogFile
from cyberark_cfg.padrlog.when import parse_window

LOGS = FIXTURES / "padrlog"
ENDED = "[03/06/2024   10:00:00.100000]    ::    PADR0010I Replicate ended.\r\n"
METADATA = ("[03/06/2024   10:00:00.200000]    ::    PADR0099I Metadata Replication is running "
            "successfully.\r\n")
SUSPENDED = "[03/06/2024   10:00:00.000000]    ::    ITATS006E Station is suspended for User DR\r\n"


def test_explain_pages() -> None:
    page = explain("itats006e")
    assert page is not None and page.startswith("ITATS006E (error, padr.log)")
    assert "Tools > Administrative Tools > Users and Groups" in page and "CreateCredFile" in page
    stale = explain("PADR0013E")
    assert stale is not None and "cfgtool fix padr.ini --full-replication" in stale
    assert explain("ZZTST001E") is None and explain("") is None


def test_code_table_is_consistent() -> None:
    codes = [entry.code for entry in TABLE]
    assert len(codes) == len(set(codes))
    for entry in TABLE:
        assert re.fullmatch(r"[A-Z]{3,6}[0-9]{3,4}[IWE]", entry.code), entry.code
        assert entry.meaning.endswith(".")
        if entry.severity != "info":
            assert entry.remedy, f"{entry.code} has no remedy"
    for code in ("ITATS006E", "ITATS433E", "ITADB487W", "PADR0013E"):
        assert lookup(code) is not None


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "--format must be text or json"),
    (["--since", "last tuesday"], "is not a time"),
    (["--now", "soon"], "is not a time"),
    (["--max-age", "a while"], "is not an age like"),
    (["--follow", "--format", "json"], "--follow prints text only"),
])
def test_bad_options(args: list[str], message: str) -> None:
    result = run("log", str(LOGS / "healthy-crlf.log"), *args)
    assert result.code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_a_script_gets_the_commands_report_and_its_option_checks() -> None:
    said: list[str] = []
    report, confirmed = log_report(LOGS / "healthy-crlf.log", said.append,
                                   now="2024-03-04 08:30:00", max_age="1h",
                                   date_order="mdy")
    assert report is not None and said == []
    assert (report.verdict, confirmed) == ("healthy", True) and report.confirmed
    for options, message in ((dict(output_format="xml"), "--format must be text or json"),
                             (dict(since="last tuesday"), "is not a time"),
                             (dict(follow=True, output_format="json"),
                              "--follow prints text only")):
        with pytest.raises(UsageError, match=message):
            log_report(LOGS / "healthy-crlf.log", said.append, **options)
    assert said == []


def test_a_date_order_is_checked_in_one_place_with_one_wording() -> None:
    log = LOGS / "healthy-crlf.log"
    for call in (lambda: analyse(log, date_order="ymd"),
                 lambda: parse_window(None, None, None, "ymd")):
        with pytest.raises(UsageError, match="^--date-order must be dmy or mdy$"):
            call()
    result = run("log", str(log), "--date-order", "ymd")
    assert (result.code, result.stderr) == (2, "cfgtool: error: --date-order must be dmy or mdy\n")


@pytest.mark.parametrize("log, now, max_age, verdict, code", [
    ("healthy-crlf.log", "2024-03-04 08:30", "1h", "healthy", 0),
    ("healthy-crlf.log", "2024-03-04 10:00", "1h", "stale", 1),
    ("full-replication.log", "2024-03-05 15:10", "30m", "full-replication", 0),
    ("full-replication.log", "2024-03-06 15:10", "1d", "stale", 1),
    ("failover.log", "2030-01-01 00:00", "1h", "unknown", 1),  # only a good verdict goes stale
])
def test_max_age_turns_an_old_good_verdict_stale(log: str, now: str, max_age: str,
                                                 verdict: str, code: int) -> None:
    # The fixture logs are synthetic and written month/day, which their dates do not show.
    result = run("log", str(LOGS / log), "--now", now, "--max-age", max_age, "--date-order", "mdy")
    assert result.code == code
    headline = verdict.replace("-", " ")
    assert result.stdout.splitlines()[0] == f"{LOGS / log}: replication {headline}"
    if verdict == "stale":
        assert "longer than the" in " ".join(result.stdout.split())  # wrapped text
    as_json = run("log", str(LOGS / log), "--now", now, "--max-age", max_age, "--format", "json",
                  "--date-order", "mdy")
    assert (as_json.code, as_json.stdout.count(f'"verdict": "{verdict}"')) == (code, 1)
    # Without --max-age the verdict is the log's own, however old.
    assert run("log", str(LOGS / log), "--now", now).stdout.splitlines()[0].endswith(
        "stale") is False


@pytest.mark.parametrize("name, message", [
    ("missing.log", "no such file"),
    (".", "is a directory"),
    ("generate.py", "no padr.log entries found"),
])
def test_unreadable_is_one_line_and_exit_2(name: str, message: str) -> None:
    result = run("log", str(LOGS / name))
    assert result.code == 2 and message in result.stderr
    assert result.stderr.startswith("cfgtool: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_follow_yields_lines_as_they_are_completed(tmp_path: Path) -> None:
    path = tmp_path / "padr.log"
    path.write_bytes(codecs.BOM_UTF16_LE + SUSPENDED.encode("utf-16-le"))
    writes = [ENDED[:20], ENDED[20:] + METADATA, None, SUSPENDED]

    def sleep(_: float) -> None:
        # Each pause of the follower is a moment for the service to write more.
        if not writes:
            return
        chunk = writes.pop(0)
        if chunk is None:  # the log is rotated: a new, shorter file
            path.write_bytes(codecs.BOM_UTF16_LE)
            return
        with path.open("ab") as handle:
            handle.write(chunk.encode("utf-16-le"))

    with LogFile(path) as log:
        start, encoding = log.end, log.encoding
    seen = list(follow(path, start, encoding, interval=0.01, idle_timeout=0.05, sleep=sleep))
    assert seen == [ENDED.rstrip(), METADATA.rstrip(), None, SUSPENDED.rstrip()]


@not_on_windows("SIGINT cannot be sent to another process (only CTRL_C_EVENT to a console group)")
def test_follow_process_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    path = tmp_path / "padr.log"
    path.write_bytes(SUSPENDED.encode())
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # Ctrl-C as a terminal sends it, whatever ran the suite: a shell's background job (`&`
    # without job control) ignores SIGINT, children inherit that, and the test then waited.
    proc = subprocess.Popen(
        [sys.executable, "-m", "cyberark_cfg", "log", str(path), "--follow", "--interval", "0.05"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == SUSPENDED.rstrip() + "\n"
        assert proc.stdout.readline().startswith("== replication failing: 1 error")
        with path.open("a", newline="") as handle:
            handle.write(ENDED + METADATA)
        deadline = time.monotonic() + 20
        seen: list[str] = []
        while not any(line.startswith("== replication healthy") for line in seen):
            assert time.monotonic() < deadline, seen
            seen.append(proc.stdout.readline())
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    # The verdict is printed each time it changes: PADR0010I alone is only half a cycle.
    assert [line[:40] for line in seen] == [
        ENDED[:40], "== replication unknown: only PADR0010I s", METADATA[:40],
        "== replication healthy: PADR0010I (Repli"]
    assert rest == "== stopped; replication healthy\n"
    assert errors == "" and proc.returncode == 0


def test_readme_example_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (FIXTURES.parent.parent / "README.md").read_text(encoding="utf-8")
    command = "cfgtool log tests/fixtures/padrlog/day-month.log --now '2019-10-13 16:00'"
    shown = readme.split(command + "\n```\n\n```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(FIXTURES.parent.parent)
    result = run("log", "tests/fixtures/padrlog/day-month.log", "--now", "2019-10-13 16:00")
    assert posix_paths(result.stdout) == shown and result.code == 1
