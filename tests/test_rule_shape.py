"""Every rule has one shape: scope, kinds and fix safety are data on :class:`Rule`, the one
table of rule modules in ``cyberark_cfg.rules`` is the registry of all three scopes, and the
scope follows the package a rule lives in."""

from __future__ import annotations

import json

import pytest

from cyberark_cfg.rules import MODULES, RULES
from cyberark_cfg.rules.base import FixSafety, Rule, Scope
from cyberark_cfg.rules.change import CHANGE_RULES
from cyberark_cfg.rules.estate import ESTATE_RULES

PACKAGE_SCOPE = {"estate": Scope.ESTATE, "change": Scope.CHANGE}


@pytest.mark.parametrize("module", MODULES)
def test_scope_and_kinds_follow_the_layout(module: str) -> None:
    package, code = module.split(".")
    rule = RULES[code]
    assert rule.scope is PACKAGE_SCOPE.get(package, Scope.DOCUMENT)
    if rule.scope is Scope.DOCUMENT:
        assert rule.kinds == (() if package == "any" else (package,))
    assert isinstance(rule.fix_safety, FixSafety) == (rule.fix_title is not None)


def test_the_scoped_registries_are_views_of_the_one_table() -> None:
    assert {c: r for c, r in RULES.items() if r.scope is Scope.ESTATE} == ESTATE_RULES
    assert {c: r for c, r in RULES.items() if r.scope is Scope.CHANGE} == CHANGE_RULES


def test_only_document_rules_apply_to_a_document() -> None:
    for rule in RULES.values():
        assert rule.applies_to(None) == (rule.scope is Scope.DOCUMENT and not rule.kinds)


def test_fix_safety_reads_as_its_word() -> None:
    assert f"{FixSafety.SAFE}" == str(FixSafety.SAFE) == "safe"
    assert json.dumps({"s": FixSafety.UNSAFE}) == '{"s": "unsafe"}'
    rule = Rule(code="X", slug="x", kinds=(), severity=RULES["CFG001"].severity, summary="",
                check=lambda document: (), fix_title="t", fix_safety="unsafe")  # type: ignore[arg-type]
    assert rule.fix_safety is FixSafety.UNSAFE and not rule.fix().safe
