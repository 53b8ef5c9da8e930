"""Hostile option values (issue 16): an age longer than any calendar ("internal error
(OverflowError)"), and a `--jobs` far above any machine (queued work for 100,000 processes
and never finished)."""

from __future__ import annotations

import time

import pytest
from cli_runner import run
from conftest import EXAMPLES, FIXTURES

from cyberark_cfg.lint import parallel

LOG = str(FIXTURES / "padrlog" / "failover.log")


@pytest.mark.parametrize("args", [
    ["--max-age", "99999999999999999d"],
    ["--max-age", "9" * 5000 + "s"],
    ["--since", "99999999999d"],
    ["--since", "5000000d"],
])
def test_an_age_beyond_the_calendar_is_a_usage_error(args: list[str]) -> None:
    result = run("log", *args, "--date-order", "dmy", "--now", "2024-04-04T00:00:00", LOG)
    assert result.code == 2, result
    assert result.stderr.startswith("cfgtool: error: '") and "longer than any log" in \
        result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_huge_jobs_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = parallel._start_pool
    monkeypatch.setattr(parallel, "_start_pool",
                        lambda workers, *rest: started.append(workers) or real(1, *rest))
    began = time.perf_counter()
    result = run("lint", "-q", "--jobs", "100000", str(EXAMPLES))
    assert time.perf_counter() - began < 20
    assert result.code == 1 and started == [61], (result, started)


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "undefined", "punycode",
                                   # text codecs that are no code page: names, escapes, 7-bit
                                   "idna", "utf-7", "unicode_escape", "raw_unicode_escape",
                                   "charmap", "hz", "iso2022_jp", "iso2022_kr"])
def test_a_codec_that_is_no_code_page_is_a_usage_error(codec: str) -> None:
    """A bytes-to-bytes codec made the check itself fail: "internal error (LookupError)"."""
    result = run("show", "--encoding", codec, str(EXAMPLES / "dr" / "vault" / "padr.ini"))
    assert result.code == 2, result
    assert result.stderr == (f"cfgtool: error: --encoding: '{codec}' is not an ANSI code page "
                             "(cp1252, cp1251, gbk, ...)\n")
