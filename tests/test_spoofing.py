"""Output that cannot be spoofed (issue 16): control characters from file content and from
file and folder names (ESC, CR, line breaks, undecodable bytes) are escaped in text output,
and JSON, SARIF and GitHub annotations stay valid and one finding a line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from cli_runner import run

from cyberark_cfg.display import escape, undecodable

posix_names = pytest.mark.skipif(sys.platform == "win32",
                                 reason="Windows names cannot hold these characters")
PADR = "[MAIN]\r\nEnableFailover=Yes\nFailoverMode=\x1b[2Jforged\x9b\r\n".encode()


def hostile_folder(tmp_path: Path) -> Path:
    """A folder whose name holds undecodable bytes, ESC and a line that looks like a finding."""
    name = os.fsdecode(b"bad\xff\x1b[31m\nfake.ini:1:1: CFG999 [error] forged")
    folder = tmp_path / name
    folder.mkdir()
    (folder / "padr.ini").write_bytes(PADR)
    return folder


def no_controls(text: str) -> None:
    assert not any(c in text for c in "\x1b\r\x9b"), repr(text)
    assert not any("\ud800" <= c <= "\udfff" for c in text), repr(text)


@posix_names
def test_lint_text_escapes_names_and_content(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    result = run("lint", str(tmp_path), "--format", "text")
    no_controls(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and not any(line.startswith("fake.ini") for line in lines), lines
    assert "bad\\xff\\x1b[31m\\nfake.ini" in lines[0] and "\\x1b[2Jforged\\x9b" in lines[1]
    del folder


@posix_names
def test_json_and_sarif_are_valid_for_any_name(tmp_path: Path) -> None:
    hostile_folder(tmp_path)
    found = json.loads(run("lint", str(tmp_path), "--format", "json").stdout)
    assert len(found) == 2
    for record in found:
        record["path"].encode("utf-8")  # no lone surrogate: valid Unicode
        assert "bad\\xff" in record["path"]
    sarif = run("lint", str(tmp_path), "--format", "sarif")
    assert "internal error" not in sarif.stderr, sarif.stderr
    document = json.loads(sarif.stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]]
    assert uris and all("bad%FF%1B%5B31m%0Afake.ini" in uri for uri in uris), uris
    json.dumps(document, ensure_ascii=False).encode("utf-8")


@posix_names
def test_github_annotations_escape_names_and_content(tmp_path: Path) -> None:
    hostile_folder(tmp_path)
    result = run("lint", str(tmp_path), "--format", "github")
    no_controls(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("::") for line in lines), lines
    assert "%0Afake.ini%3A1%3A1%3A CFG999" in lines[0]
    assert "\\x1b[2Jforged\\x9b" in lines[1]


def test_show_fix_and_errors_escape_content(tmp_path: Path) -> None:
    path = tmp_path / "padr.ini"
    path.write_bytes(PADR)
    for args in (["show", str(path)], ["fix", str(path), "--diff"],
                 ["show", str(tmp_path / "no\x1b\nne.ini")],
                 ["lint", str(tmp_path / "mi\rss\x1b.ini")]):
        result = run(*args)
        no_controls(result.stdout + result.stderr)
        # Shown, diffed or refused with a one-line error: never an unexpected failure.
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert result.code in (0, 1, 2) and (result.stdout or result.stderr), args
    # `get` prints the value itself for a script (escaped only on a terminal).
    assert run("get", str(path), "FailoverMode").stdout == "\x1b[2Jforged\x9b\n"
    missing = run("show", str(tmp_path / "a\nb.ini"))
    assert missing.code == 2 and missing.stderr.count("\n") == 1, missing


def test_escape_and_undecodable() -> None:
    assert escape("plain\tC:\\Program Files (x86)\\é") == "plain\tC:\\Program Files (x86)\\é"
    assert escape("a\x1b[31m\r\n\x00\x7f\x85\u202e" + os.fsdecode(b"\xfe")) == \
        "a\\x1b[31m\\r\\n\\x00\\x7f\\x85\\u202e\\xfe"
    assert escape("a\r\nb", keep="\r\n") == "a\r\nb"
    assert undecodable(os.fsdecode(b"d\xff/\x1b")) == "d\\xff/\x1b"
