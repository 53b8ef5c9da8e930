"""Usage errors word for word: each is one line on stderr, exit 2, nothing on stdout, and when
two options are wrong at once the same one is named first as before the checks moved from
cli/ into the library (cyberark_cfg.usage, fixing.run, lint.run, lint.change, listing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run
from conftest import EXAMPLES

KINDS = "unknown kind 'nope'; known kinds: padr, vault, psm, cred, tsparm, dbparm"
PADR = str(EXAMPLES / "dr" / "vault" / "padr.ini")
USER = str(EXAMPLES / "dr" / "vault" / "user.ini")


@pytest.mark.parametrize(("args", "said"), [
    (["fix"], "give the files to fix, or --topology FILE"),
    (["fix", "--kind", "nope"], "give the files to fix, or --topology FILE"),
    (["fix", PADR, "--kind", "nope"], KINDS),
    (["fix", PADR, "--encoding", "nope", "--kind", "nope"], KINDS),
    (["fix", "--topology", "t.toml", "--failback", PADR],
     "--topology goes alone: not with a procedure, --first or --unsafe-fixes"),
    (["fix", "--topology", "t.toml", "--unsafe-fixes"],
     "--topology goes alone: not with a procedure, --first or --unsafe-fixes"),
    (["check-change", PADR], "give BEFORE and AFTER, or --git REV [PATH...]"),
    (["check-change", PADR, "--format", "xml"], "--format must be text or json"),
    (["lint", "--quiet", "--verbose", PADR], "choose one of --quiet and --verbose"),
    (["lint", "--quiet", "--verbose", "--kind", "nope", PADR], KINDS),
    (["lint", "--format", "xml", "--kind", "nope", PADR],
     "--format must be text, json, sarif or github"),
    (["lint", "--color", "sometimes", "--fail-on", "bad", "-q", "-v", PADR],
     "choose one of --quiet and --verbose"),
    (["lint", "--color", "sometimes", "--fail-on", "bad", PADR],
     "--color must be one of auto, always, never"),
    (["lint", "--encoding", "nope", "--fail-on", "loud", PADR],
     "--fail-on: unknown severity 'loud': use error, warning or info"),
    (["get", USER, "Password"], f"{USER}:5: Password is a secret; pass --reveal to print it"),
    (["set", PADR, "FailoverMode", "No", "--occurrence", "1", "--all", "--kind", "nope"],
     "choose one of --occurrence and --all"),
    (["show", PADR, "--format", "xml", "--kind", "nope"], "--format must be text or json"),
    (["log", "padr.log", "--now", "noon", "--follow", "--format", "json"],
     "'noon' is not a time (2024-03-05 10:00, 2024-03-05T10:00:00, or 03/05/2024 10:00:00 in "
     "the log's --date-order)"),
    (["log", "padr.log", "--follow", "--format", "json"], "--follow prints text only"),
    (["report", "-o", ".", "--now", "soon"], ".: is a folder; give a file name for the report"),
    (["rules", "--format", "sarif"], "--format must be text, json or markdown"),
    (["explain", "NOPE1\x1b"], "unknown code 'NOPE1\\x1b' (see `cfgtool rules`)"),
    (["set", PADR, "FailoverMode", "No", "--kind", "nope", "--encoding", "nope"], KINDS),
    (["runbook", "failback", "--status", "--drill-record", "--format", "yaml"],
     "--format must be text, markdown or json"),
])
def test_usage_error(args: list[str], said: str, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"cfgtool: error: {said}\n")
