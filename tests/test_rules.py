"""Rule cases, discovered by glob: one TOML file per rule code under tests/fixtures/rules/,
each with named cases that pass, fail (findings compared exactly) and get fixed (the fix edits
applied to the document and its bytes compared with the expected bytes)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from cyberark_cfg.api import loads
from cyberark_cfg.edits import apply_edits
from cyberark_cfg.lint.engine import diagnose
from cyberark_cfg.rules import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES_DIR = FIXTURES / "rules"
CASE_FILES = sorted(CASES_DIR.glob("*.toml"))


def _load(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    return cases


ALL_CASES = [(path.stem, case) for path in CASE_FILES for case in _load(path)]


def _input(case: dict[str, Any]) -> bytes:
    if "file" in case:
        return (CASES_DIR / case["file"]).read_bytes()
    return str(case["text"]).encode("utf-8")


def _expected_fixed(case: dict[str, Any]) -> bytes | None:
    if "fixed_file" in case:
        return (CASES_DIR / case["fixed_file"]).read_bytes()
    if "fixed" in case:
        return str(case["fixed"]).encode("utf-8")
    return None


@pytest.mark.parametrize(("code", "case"), ALL_CASES,
                         ids=[f"{code}-{case['name']}" for code, case in ALL_CASES])
def test_case(code: str, case: dict[str, Any]) -> None:
    rule = RULES[code]
    data = _input(case)
    _, found = diagnose(data, None, case["kind"], [rule])
    mine = [d for d in found if d.code == code]
    assert [f"{d.line}:{d.column} {d.code} {d.message}" for d in mine] == case["findings"]

    expected = _expected_fixed(case)
    fixes = [d.fix for d in mine if d.fix is not None]
    if expected is None:
        return
    assert fixes, "a fix case must produce a fix"
    document = loads(data, case["kind"], strict=False)
    apply_edits(document, [edit for fix in fixes for edit in fix.edits])
    assert document.to_bytes() == expected
    # The fixed file no longer triggers the rule.
    _, again = diagnose(document.to_bytes(), None, case["kind"], [rule])
    assert [d for d in again if d.code == code] == []


# Estate and transition rules need several files; their cases live in tests/fixtures/estate
# and tests/fixtures/change (tests/test_estate.py and tests/test_change.py check coverage).
SINGLE_FILE_RULES = sorted(code for code in RULES if not code.startswith(("DR", "CHG")))


@pytest.mark.parametrize("code", SINGLE_FILE_RULES)
def test_every_rule_has_passing_failing_and_fix_cases(code: str) -> None:
    path = CASES_DIR / f"{code}.toml"
    assert path.is_file(), f"no case file for {code}"
    cases = _load(path)
    assert any(not case["findings"] for case in cases), f"{code}: no case where it passes"
    assert any(case["findings"] for case in cases), f"{code}: no case where it fires"
    if RULES[code].fix_title:
        assert any("fixed" in c or "fixed_file" in c for c in cases), f"{code}: no fix case"


def test_case_files_name_registered_rules() -> None:
    assert {path.stem for path in CASE_FILES} <= set(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_identity_and_documentation(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code and rule.slug and rule.summary
    assert rule.doc.startswith(f"{code} {rule.slug}:")
    for heading in ("## Why it matters", "## Example", "## Use instead", "## Fix"):
        assert heading in rule.doc, f"{code} docstring lacks {heading}"
    assert (rule.fix_title is None) == (rule.fix_safety is None)
    assert rule.fix_safety in (None, "safe", "unsafe")
