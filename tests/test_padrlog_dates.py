"""padr.log as the sources describe it (issue 15, cyberark-formats.md section 9): the date order
follows the server's locale and is read from the log or given, never assumed; CASTM003E wraps
an inner code whose meaning and remedy are shown; PADR's password change is recognised. The
logs here are synthetic, shaped after the seed's lines (S1) and the runbook's (S4)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from cli_runner import run
from conftest import FIXTURES

from cyberark_cfg.padrlog import DateOrderError, analyse
from cyberark_cfg.padrlog.entries import DMY, MDY, detect_order, parse_line

SEED_LINE = ("[11/10/2019   15:37:22.532136]    ::    CASTM003E Vault transaction failed. "
             "Reason: ITATS006E Station is suspended for User DR (Code 15)")
DAY_MONTH = FIXTURES / "padrlog" / "day-month.log"
AMBIGUOUS = FIXTURES / "padrlog" / "ambiguous-dates.log"


@pytest.mark.parametrize(("text", "order"), [
    ("[13/10/2019 15:37:22.5] :: x\n", DMY),
    ("[10/13/2019 15:37:22.5] :: x\n", MDY),
    ("[11/10/2019 15:37:22.5] :: x\n[03/05/2018 09:53:26.0] :: y\n", None),
    ("[13/10/2019 15:37:22.5] :: x\n[10/13/2019 15:37:22.5] :: y\n", None),  # contradicts
])
def test_date_order_from_the_log_itself(text: str, order: str | None) -> None:
    assert detect_order(text) == order


def test_the_seed_line_reads_day_month_when_told() -> None:
    entry = parse_line(SEED_LINE, DMY)
    assert entry is not None and entry.time == datetime(2019, 10, 11, 15, 37, 22, 532136)
    assert parse_line(SEED_LINE).time is None  # unknown order: no time, no guess


def test_a_day_above_12_is_read_not_lost(tmp_path: Path) -> None:
    report = analyse(DAY_MONTH, now=datetime(2019, 10, 13, 16, 0))
    assert (report.date_order, report.date_order_source) == (DMY, "detected")
    assert report.last_success == datetime(2019, 10, 13, 15, 30, 1)
    since = run("log", str(DAY_MONTH), "--since", "2019-10-13 15:35", "--now",
                "2019-10-13 16:00", "--max-age", "1h", "--format", "json")
    assert since.code == 1, since.stderr  # failing: the CASTM003E after the last cycle
    assert json.loads(since.stdout)["findings"][0]["count"] == 1


def test_chained_codes_show_every_meaning_and_remedy() -> None:
    result = run("log", str(DAY_MONTH), "--now", "2019-10-13 16:00")
    assert result.code == 1
    text = result.stdout
    assert "CASTM003E  error" in text and "unknown code" not in text
    assert "reason:  ITATS006E: The production vault refuses the user's logon" in text
    assert "Trusted Net Areas" in text
    data = json.loads(run("log", str(DAY_MONTH), "--now", "2019-10-13 16:00",
                          "--format", "json").stdout)
    (finding,) = data["findings"]
    assert [(r["code"], r["known"]) for r in finding["reasons"]] == [("ITATS006E", True)]


def test_password_change_by_padr_is_recognised() -> None:
    result = run("log", str(DAY_MONTH), "--now", "2019-10-13 16:00")
    assert "PADR changed the DR user's password" in result.stdout
    assert "user.ini" in result.stdout
    data = json.loads(run("log", str(DAY_MONTH), "--now", "2019-10-13 16:00",
                          "--format", "json").stdout)
    assert data["password_rotations"]["count"] == 1
    assert data["password_rotations"]["last"] == "2019-10-13T15:31:02"


def test_an_ambiguous_log_says_so_and_reads_no_time() -> None:
    result = run("log", str(AMBIGUOUS), "--now", "2019-10-11 16:00")
    assert result.code == 0
    assert "date order is ambiguous" in result.stdout
    assert "[11/10/2019   15:30:02.000000] as logged" in result.stdout
    forced = run("log", str(AMBIGUOUS), "--now", "2019-10-11 16:00", "--date-order", "dmy",
                 "--format", "json")
    assert json.loads(forced.stdout)["last_success"]["time"] == "2019-10-11T15:30:02"


@pytest.mark.parametrize("args", [["--since", "2h"], ["--max-age", "1h"],
                                  ["--since", "11/10/2019 15:00"]])
def test_since_and_max_age_need_the_order_of_an_ambiguous_log(args: list[str]) -> None:
    result = run("log", str(AMBIGUOUS), *args)
    assert result.code == 2
    assert "--date-order" in result.stderr and "Traceback" not in result.stderr


def test_the_library_refuses_too() -> None:
    with pytest.raises(DateOrderError, match="--since needs --date-order"):
        analyse(AMBIGUOUS, since=datetime(2019, 10, 11))
    assert run("log", str(AMBIGUOUS), "--date-order", "ymd").code == 2


def test_explain_pages_state_no_unsourced_cause() -> None:
    page = run("explain", "PADR0013E").stdout
    assert "stale replication position" not in page and "database lock" in page
    assert "CASTM003E" in run("explain", "CASTM003E").stdout


def test_every_padrlog_code_page_has_references() -> None:
    from cyberark_cfg.padrlog.codes import TABLE, explain

    for code in TABLE:
        page = explain(code.code)
        assert page is not None and "## References" in page and code.source, code.code


def test_readme_shows_no_made_up_log_text() -> None:
    # The README once showed a PADR0013E line from a synthetic fixture as if it were real.
    readme = (FIXTURES.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Failed to start replication" not in readme
    assert "synthetic" in readme.split("## Verify replication after a failback", 1)[1][:1500]
