"""Hostile file names and keys in the messages of `set` and `get` and in the HTML report
(issue 16): a name from a glob can hold ESC, a line break, a bidirectional override or bytes
that are not UTF-8; they are shown as escapes, so a name cannot recolour the terminal, reorder
a line or forge a second one, and the page can always be written."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

posix_names = pytest.mark.skipif(sys.platform == "win32",
                                 reason="Windows names cannot hold these characters")
HOSTILE = "a\x1b[31m\u202e\nfake: set FailoverMode"
PADR = b"[MAIN]\r\nFailoverMode=No\r\nEnableFailover=Yes\r\n"


def hostile_file(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTILE
    folder.mkdir()
    path = folder / "padr.ini"
    path.write_bytes(PADR)
    return path


def assert_escaped(text: str) -> None:
    assert not any(c in text for c in "\x1b\u202e"), ascii(text)
    assert "a\\x1b[31m\\u202e\\nfake: set FailoverMode" in text, ascii(text)


@posix_names
@pytest.mark.parametrize("value", ["Yes", "No"])  # a change, and nothing to change
def test_set_escapes_the_file_name(tmp_path: Path, value: str) -> None:
    result = run("set", str(hostile_file(tmp_path)), "FailoverMode", value)
    assert result.code == 0, result
    assert result.stdout.count("\n") == 1
    assert_escaped(result.stdout)


@posix_names
def test_set_escapes_the_name_in_a_forced_warning(tmp_path: Path) -> None:
    result = run("set", str(hostile_file(tmp_path)), "FailoverMode", "Maybe", "--force")
    assert result.code == 0, result
    assert result.stderr.count("\n") == 1
    assert_escaped(result.stderr)


@posix_names
def test_get_of_a_missing_key_escapes_the_file_name_and_key(tmp_path: Path) -> None:
    result = run("get", str(hostile_file(tmp_path)), "No\x1bSuch\u202eKey")
    assert result.code == 1 and result.stderr.count("\n") == 1, result
    assert_escaped(result.stderr)
    assert "\\x1b" in result.stderr.split("no key")[1]



@posix_names
def test_report_shows_hostile_names_as_escapes_and_is_written(tmp_path: Path) -> None:
    """A component folder whose name is not UTF-8 and holds ESC and a bidirectional override,
    matched by a topology glob: the page was not written ("internal error
    (UnicodeEncodeError)"); on standard output the raw characters reached the HTML."""
    estate = tmp_path / "estate"
    shutil.copytree(EXAMPLES, estate)
    hostile = estate / "dr" / os.fsdecode(b"x\xff\x1b[31m\xe2\x80\xae")
    hostile.mkdir()
    shutil.copy(estate / "dr" / "pvwa" / "Vault.ini", hostile / "Vault.ini")
    topology = estate / "topology.toml"
    topology.write_text(topology.read_text().replace('files = ["dr/pvwa/Vault.ini"',
                                                     'files = ["dr/*/Vault.ini"'))
    page = tmp_path / "page.html"
    result = run("report", "-t", str(topology), "-o", str(page), "--now", "2026-10-01T09:00:00Z")
    assert result.code == 1 and "cfgtool:" not in result.stderr, result
    html = page.read_text(encoding="utf-8")
    assert not any(c in html for c in "\x1b\u202e"), "raw control characters in the page"
    assert "dr/x\\xff\\x1b[31m\\u202e/Vault.ini" in html
    to_stdout = run("report", "-t", str(topology), "-o", "-", "--now", "2026-10-01T09:00:00Z")
    assert "\u202e" not in to_stdout.stdout and "dr/x\\xff\\x1b[31m\\u202e/" in to_stdout.stdout


@posix_names
@pytest.mark.parametrize("args", [
    ["state", "-f", "json", "-t", "{t}"],
    ["state", "-f", "json", "--dr", "{d}/dr/vault/padr.ini"],
    ["runbook", "failback", "-f", "json", "-t", "{t}"],
    ["runbook", "failback", "--status", "-f", "json", "-t", "{t}"],
    ["runbook", "failback", "--drill-record", "-t", "{t}"],
    ["log", "-f", "json", "{d}/padr.log"],
], ids=lambda a: "-".join(a[:3]))
def test_json_output_is_valid_unicode_for_an_undecodable_folder(tmp_path: Path,
                                                               args: list[str]) -> None:
    """json.dumps wrote a lone surrogate as \\udcff, which a strict JSON reader refuses; lint
    already wrote \\xff, as every text output does."""
    estate = tmp_path / os.fsdecode(b"d\xff")
    shutil.copytree(EXAMPLES, estate)
    shutil.copy(Path(__file__).parent / "fixtures" / "padrlog" / "failover.log",
                estate / "padr.log")
    filled = [a.format(t=estate / "topology.toml", d=estate) for a in args]
    result = run(*filled, "--now", "2026-10-01T09:00:00Z") if args[0] != "log" else run(*filled)
    assert result.code in (0, 1), result
    assert "\\udc" not in result.stdout, "a lone surrogate written as \\udcXX"
    document = json.loads(result.stdout)
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # no lone surrogate
    assert "d\\\\xff" in result.stdout  # the JSON text of `d\xff`
