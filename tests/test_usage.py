"""The checks of option values and the answer to a mistyped option, called as a script would
(cyberark_cfg.usage): a value that does not fit is a UsageError with the CLI's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from conftest import ROOT

import cyberark_cfg
from cyberark_cfg.errors import CfgError, UsageError
from cyberark_cfg.fixing.engine import read_source
from cyberark_cfg.kinds import get_kind
from cyberark_cfg.usage import (
    check_encoding,
    check_format,
    check_kind,
    parse_now,
    suggest_option,
    usage_errors,
)


def test_kind_is_named_in_any_case_and_an_unknown_one_lists_the_known() -> None:
    assert check_kind(" Vault ") == "vault" and check_kind(None) is None
    with pytest.raises(UsageError) as refused:
        check_kind("padrini")
    assert str(refused.value) == ("unknown kind 'padrini'; known kinds: "
                                  "padr, vault, psm, cred, tsparm, dbparm")
    assert isinstance(refused.value, CfgError)


PADR = str(ROOT / "examples" / "dr" / "vault" / "padr.ini")
KNOWN = "known kinds: padr, vault, psm, cred, tsparm, dbparm"


@pytest.mark.parametrize("call", [
    lambda: cyberark_cfg.load(PADR, kind="nope"),
    lambda: cyberark_cfg.loads(b"[MAIN]\nFailoverMode=No\n", "nope"),
    lambda: get_kind("nope"),
    lambda: check_kind("nope"),
    lambda: read_source(PADR, "nope"),
], ids=["load", "loads", "get_kind", "check_kind", "read_source"])
def test_an_unknown_kind_is_one_usage_error_with_one_wording(call: Callable[[], object]) -> None:
    with pytest.raises(UsageError) as refused:
        call()
    assert str(refused.value) == f"unknown kind 'nope'; {KNOWN}"
    assert isinstance(refused.value, CfgError)


def test_the_unknown_kind_message_is_worded_in_one_place() -> None:
    wording = re.compile(r"unknown kind \{")
    places = [path.relative_to(ROOT).as_posix()
              for path in sorted((ROOT / "cyberark_cfg").rglob("*.py"))
              if wording.search(path.read_text(encoding="utf-8"))]
    assert places == ["cyberark_cfg/kinds/__init__.py"]


def test_format_lists_the_choices_of_the_command() -> None:
    assert check_format("json") == "json"
    with pytest.raises(UsageError, match="^--format must be text, json or sarif$"):
        check_format("xml", ("text", "json", "sarif"))


def test_encoding_and_now() -> None:
    assert check_encoding("CP1251") == "cp1251" and check_encoding(None) is None
    with pytest.raises(UsageError, match="^--encoding: "):
        check_encoding("no-such-code-page")
    assert parse_now("2026-10-01T12:00:00Z") == datetime(2026, 10, 1, 12, tzinfo=timezone.utc)
    assert parse_now("2026-10-01 12:00") == datetime(2026, 10, 1, 12, tzinfo=timezone.utc)
    with pytest.raises(UsageError, match="^--now must be an ISO 8601 time"):
        parse_now("yesterday")


def test_a_value_error_becomes_a_usage_error_naming_the_option() -> None:
    with pytest.raises(UsageError, match="^--fail-on: bad$"), usage_errors("--fail-on"):
        raise ValueError("bad")


@pytest.mark.parametrize(("typed", "command", "said"), [
    ("--fix", "lint", "--fix belongs to `cfgtool fix` (see `cfgtool fix --help`)"),
    ("--output=x.html", None, "--output=x.html belongs to `cfgtool report` (see `cfgtool "
                              "report --help`)"),
    ("--check", "fix", "did you mean --check-all?"),
    ("--form", "lint", "did you mean --format?"),
    ("--selct", "lint", "did you mean --select?"),
    ("--zzz", "lint", "see `cfgtool lint --help`"),
    ("--zzz", None, "see `cfgtool --help`"),
])
def test_a_mistyped_option_gets_the_likely_meaning(typed: str, command: str | None,
                                                   said: str) -> None:
    known = ["--format", "-f", "--select", "--check-all", "--config"]
    assert suggest_option(typed, command, known) == said
