"""`cfgtool fix` with no procedure: the lint rules' fixes, applied to a fixed point.

The rules here are built inside the tests and handed to the engine (or put in the registry for
the CLI), so the loop is tested on its own, whatever rules the catalogue holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_runner import run

from cyberark_cfg import rules as registry
from cyberark_cfg.document import Document
from cyberark_cfg.edits import Edit, RemoveEntry, SetEncoding, SetNewlines, SetValue
from cyberark_cfg.findings import Diagnostic, Fix, Severity
from cyberark_cfg.fixing import Plan, VerificationError, plan_lint_fixes, prepare, read_source
from cyberark_cfg.rules import Rule
from cyberark_cfg.secrecy import reveal

SECRET_OLD, SECRET_NEW = "00112233445566778899AABB", "Synthetic-New-Secret-42"


def make_rule(code: str, finds: Callable[[Document], Iterator[tuple[str, Fix | None]]],
              severity: Severity = Severity.WARNING) -> Rule:
    def check(document: Document) -> Iterator[Diagnostic]:
        for message, fix in finds(document):
            yield Diagnostic(code, severity, message, document.path, fix=fix)

    return Rule(code=code, slug=code.lower(), kinds=(), severity=severity, summary="test rule",
                check=check)


def _mixed(document: Document) -> Iterator[tuple[str, Fix | None]]:
    counts = document.newline_counts()
    if len(counts) > 1:
        yield "mixed line endings", Fix("use one line ending",
                                        (SetNewlines(counts.most_common(1)[0][0]),))


def _trigger(document: Document) -> Iterator[tuple[str, Fix | None]]:
    if document.typed("FailoverMode") and document.entries("ActivateManualFailover"):
        yield "leftover trigger", Fix("remove the trigger",
                                      (RemoveEntry("ActivateManualFailover"),))


def _enable_failover(document: Document) -> Iterator[tuple[str, Fix | None]]:
    if document.typed("EnableFailover") is False:
        yield "failover disabled", Fix("enable failover", (SetValue("EnableFailover", "Yes"),),
                                       safe=False)


def _step(table: dict[str, str], safe: bool = True) -> Callable[[Document],
                                                                  Iterator[tuple[str, Fix | None]]]:
    """Foo=a -> Foo=table[a]."""
    def finds(document: Document) -> Iterator[tuple[str, Fix | None]]:
        value = document.get("Foo")
        if value in table:
            yield f"Foo is {value}", Fix("step Foo", (SetValue("Foo", table[value]),), safe)
    return finds


def _fixed(edits: tuple[Edit, ...]) -> Callable[[Document], Iterator[tuple[str, Fix | None]]]:
    def finds(document: Document) -> Iterator[tuple[str, Fix | None]]:
        yield "always", Fix("always", edits)
    return finds


MIXED = make_rule("TST001", _mixed)
TRIGGER = make_rule("TST002", _trigger)
ENABLE = make_rule("TST003", _enable_failover)


def _source(tmp_path: Path, data: bytes, name: str = "padr.ini") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_safe_fixes_reach_a_fixed_point(tmp_path: Path) -> None:
    path = _source(tmp_path, b"[MAIN]\r\nEnableFailover=No\nFailoverMode=Yes\r\n"
                             b"ActivateManualFailover=Yes\r\n")
    source = read_source(path)
    lint = plan_lint_fixes(source, [MIXED, TRIGGER, ENABLE])
    assert lint.converged and len(lint.plan.stages) == 2  # newlines alone, then the trigger
    assert [d.code for d in lint.remaining] == ["TST003"]  # unsafe: left for a person
    outcome = prepare(lint.plan, source)
    assert outcome.after == b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=Yes\r\n"


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    source = read_source(_source(tmp_path, b"EnableFailover=No\nFailoverMode=No\n"))
    assert plan_lint_fixes(source, [ENABLE]).plan.stages == ()
    lint = plan_lint_fixes(source, [ENABLE], unsafe=True)
    assert lint.converged and lint.remaining == ()
    assert prepare(lint.plan, source).after == b"EnableFailover=Yes\nFailoverMode=No\n"


def test_a_chain_of_fixes_takes_several_passes(tmp_path: Path) -> None:
    source = read_source(_source(tmp_path, b"Foo=1\nFailoverMode=No\n"))
    lint = plan_lint_fixes(source, [make_rule("TST010", _step({"1": "2"})),
                                    make_rule("TST011", _step({"2": "3"}))])
    assert lint.converged and len(lint.plan.stages) == 2
    assert prepare(lint.plan, source).after == b"Foo=3\nFailoverMode=No\n"


def test_two_fixes_on_one_key_go_in_separate_passes(tmp_path: Path) -> None:
    source = read_source(_source(tmp_path, b"Foo=1\nFailoverMode=No\n"))
    lint = plan_lint_fixes(source, [make_rule("TST010", _step({"1": "2", "2": "4"})),
                                    make_rule("TST011", _step({"1": "3"}))])
    assert lint.converged
    assert [len(stage) for stage in lint.plan.stages] == [1, 1]
    assert prepare(lint.plan, source).after == b"Foo=4\nFailoverMode=No\n"


@pytest.mark.parametrize(("finds", "problem"), [
    (_step({"1": "2", "2": "1"}), "undo an earlier fix"),
    (_step({str(n): str(n + 1) for n in range(50)}), "still change the file after 4 passes"),
    (_fixed((SetValue("Foo", "1"),)), "change nothing"),
    (_fixed((RemoveEntry("Foo", line=99),)), "cannot be applied"),
], ids=["toggle", "endless", "no-op", "broken"])
def test_no_fixed_point_means_no_plan(tmp_path: Path, finds: Callable[
        [Document], Iterator[tuple[str, Fix | None]]], problem: str) -> None:
    source = read_source(_source(tmp_path, b"Foo=1\nFailoverMode=No\n"))
    lint = plan_lint_fixes(source, [make_rule("TST020", finds)], limit=4)
    assert not lint.converged and problem in (lint.problem or "")
    assert lint.plan.stages == () and [d.code for d in lint.remaining] == ["TST020"]


def test_recheck_refuses_a_result_that_still_has_fixes(tmp_path: Path) -> None:
    source = read_source(_source(tmp_path, b"Foo=1\nFailoverMode=No\n"))
    plan = Plan(source.path, "lint-fixes", (), recheck=True,
                rules=(make_rule("TST010", _step({"1": "2"})),))
    with pytest.raises(VerificationError, match="TST010"):
        prepare(plan, source)


@pytest.fixture()
def registered(monkeypatch: pytest.MonkeyPatch) -> Callable[[Rule], None]:
    """A registry holding only CFG003 (a rule without a fix) and the rules a test adds."""
    rules = {"CFG003": registry.RULES["CFG003"]}
    monkeypatch.setattr(registry, "RULES", rules)

    def add(rule: Rule) -> None:
        rules[rule.code] = rule
    return add


def test_cli_applies_registered_safe_fixes(tmp_path: Path,
                                           registered: Callable[[Rule], None]) -> None:
    registered(MIXED)
    registered(TRIGGER)
    path = _source(tmp_path, b"[MAIN]\r\nFailoverMode=Yes\nActivateManualFailover=Yes\r\n")
    assert run("fix", str(path), "--check").code == 1
    result = run("fix", str(path))
    assert result.code == 0, result.stderr
    assert path.read_bytes() == b"[MAIN]\r\nFailoverMode=Yes\r\n"
    assert "use CRLF line endings" in result.stdout and "remove ActivateManualFailover" in \
        result.stdout
    assert run("fix", str(path)).stdout.endswith("nothing to change; nothing written\n")


def test_cli_exit_1_when_findings_remain_with_fail_on_remaining(
        tmp_path: Path, registered: Callable[[Rule], None]) -> None:
    registered(MIXED)
    path = _source(tmp_path, b"FailoverMode=No\r\nfailovermode=No\n")  # CFG003 has no fix
    # --check exits 1 only when a file would change: here one would (CRLF) ...
    assert run("fix", str(path), "--check").code == 1
    result = run("fix", str(path))
    # ... and once fixed, what is left is reported but fails only with --fail-on-remaining.
    assert result.code == 0, result.stderr
    assert run("fix", str(path), "--check").code == 0
    assert run("fix", str(path), "--fail-on-remaining").code == 1
    assert run("fix", str(path), "--check", "--fail-on-remaining").code == 1
    assert path.read_bytes() == b"FailoverMode=No\r\nfailovermode=No\r\n"
    assert f"{path}:2:1: CFG003 [error] duplicate key failovermode" in result.stderr


def test_cli_reports_rather_than_writes_without_a_fixed_point(
        tmp_path: Path, registered: Callable[[Rule], None]) -> None:
    registered(make_rule("TST020", _step({"1": "2", "2": "1"})))
    data = b"Foo=1\nFailoverMode=No\n"
    path = _source(tmp_path, data)
    result = run("fix", str(path))
    assert result.code == 1 and "not fixed" in result.stderr and "nothing written" in \
        result.stderr
    assert path.read_bytes() == data


def test_secrets_never_shown_in_diff_or_record(tmp_path: Path,
                                               registered: Callable[[Rule], None]) -> None:
    registered(MIXED)
    registered(make_rule("TST030", lambda d: iter(
        [("rotate", Fix("rotate", (SetValue("Password", SECRET_NEW),), safe=False))]
        if reveal(d.get("Password") or "") == SECRET_OLD else [])))
    data = (b"CredFileType=Password\r\nCredFileVersion=2\r\nUsername=DR\r\n"
            b"VerificationsFlag=16\r\nPassword=" + SECRET_OLD.encode() + b"\n"
            b"AdditionalInformation=0B1C2D3E4F5A6B7C\r\n")
    path = _source(tmp_path, data, "user.ini")
    shown = run("fix", str(path), "--unsafe-fixes", "--diff")
    assert shown.code == 1, shown.stderr
    assert "-Password=<redacted>\n+Password=<redacted>\n" in shown.stdout
    assert "AdditionalInformation=<redacted>" in shown.stdout
    record = tmp_path / "record.jsonl"
    written = run("fix", str(path), "--unsafe-fixes", "--record", str(record))
    assert written.code == 0, written.stderr
    everything = shown.stdout + shown.stderr + written.stdout + written.stderr + \
        record.read_text()
    for secret in (SECRET_OLD, SECRET_NEW, "0B1C2D3E"):
        assert secret not in everything
    assert "set Password=<redacted>" in json.loads(record.read_text())["edits"]
    assert SECRET_NEW.encode() in path.read_bytes()


def test_default_registry_on_the_examples_changes_nothing() -> None:
    from conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*/*/*.ini")):
        before = path.read_bytes()
        result = run("fix", str(path), "--check")
        assert result.code in (0, 1) and "Traceback" not in result.stderr
        assert path.read_bytes() == before


def test_diff_of_a_re_encoding_is_a_note(tmp_path: Path,
                                         registered: Callable[[Rule], None]) -> None:
    registered(make_rule("TST040", lambda d: iter(
        [("UTF-16", Fix("re-encode", (SetEncoding("ascii"),)))] if d.bom else [])))
    path = _source(tmp_path, b"\xff\xfe" + "ADDRESS=10.0.0.1\r\nPORT=1858\r\n".encode(
        "utf-16-le"), "Vault.ini")
    result = run("fix", str(path), "--diff")
    assert result.code == 1, result.stderr
    assert result.stdout == f"# {path}: utf-16-le with BOM, CRLF -> ascii, CRLF\n"
    assert run("fix", str(path)).code == 0
    assert path.read_bytes() == b"ADDRESS=10.0.0.1\r\nPORT=1858\r\n"


def test_a_fix_with_nothing_to_change_parses_the_file_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lint fixes' first pass and an unchanged result use the document read: a 10 MB
    padr.ini with nothing to fix was parsed three times (13.6 s, now 4.5 s)."""
    from cyberark_cfg import parser

    path = tmp_path / "padr.ini"
    path.write_bytes(b"[MAIN]\r\nEnableCheck=Yes\r\n\r\n\r\n")
    parses: list[int] = []
    real = parser.parse_text
    monkeypatch.setattr(parser, "parse_text", lambda *args: parses.append(1) or real(*args))
    source = read_source(path, "padr")
    lint = plan_lint_fixes(source)
    assert lint.converged and not lint.plan.stages
    outcome = prepare(lint.plan, source)
    assert not outcome.changed and outcome.result is source.document
    assert len(parses) == 1
