"""The catalogue as people read it: docs/rules.md in step with the registry, `cfgtool rules`,
`cfgtool explain` for every code (and the padr.log fallback), and lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest
from cli_runner import run
from conftest import ROOT

from cyberark_cfg.lint import catalogue
from cyberark_cfg.rules import RULES


def test_docs_rules_md_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == catalogue.rules_markdown(), (
        "docs/rules.md is stale: run `cfgtool rules --format markdown > docs/rules.md`")


def test_rules_json_lists_every_rule() -> None:
    result = run("rules", "--format", "json")
    records = json.loads(result.stdout)
    assert [r["code"] for r in records] == list(RULES)
    padr = next(r for r in records if r["code"] == "PADR002")
    assert padr == {"code": "PADR002", "slug": "manual-failover-left-on", "severity": "warning",
                    "kinds": ["padr"], "fixable": True, "fix_safety": "safe",
                    "summary": RULES["PADR002"].summary}


def test_rules_text_has_one_line_per_rule() -> None:
    lines = run("rules").stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_explain_prints_the_page(code: str) -> None:
    result = run("explain", code.lower())
    assert result.code == 0
    assert result.stdout.startswith(f"{code} {RULES[code].slug}: ")
    for heading in ("## Why it matters", "## Example", "## Use instead", "## Fix"):
        assert heading in result.stdout
    assert "```" in result.stdout


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = run("explain", "NOPE001")
    assert result.code == 2 and "unknown code" in result.stderr


def test_explain_falls_back_to_padr_log_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = types.ModuleType("cyberark_cfg.padrlog.codes")
    codes.explain = lambda code: "PADR0010I Replicate ended.\n" if code == "PADR0010I" else None
    package = types.ModuleType("cyberark_cfg.padrlog")
    package.codes = codes  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cyberark_cfg.padrlog", package)
    monkeypatch.setitem(sys.modules, "cyberark_cfg.padrlog.codes", codes)
    assert run("explain", "PADR0010I").stdout == "PADR0010I Replicate ended.\n"
    assert run("explain", "PADR0999E").code == 2


def test_json_lint_does_not_import_other_formats() -> None:
    script = (
        "import sys\n"
        "from cyberark_cfg.cli.app import main\n"
        "sys.argv = ['cfgtool', 'lint', 'examples/prod/psm', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.startswith('cyberark_cfg.lint.output.')]\n"
        "print(sorted(loaded), 'cyberark_cfg.lint.catalogue' in sys.modules, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stderr.strip() == "['cyberark_cfg.lint.output.json_list'] False"


def test_pre_commit_hook_matches_every_known_file_name() -> None:
    import re
    from fnmatch import fnmatchcase

    from cyberark_cfg.kinds import KINDS

    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: cfgtool-lint" in text and "entry: cfgtool lint" in text
    pattern = re.search(r"^  files: (.+)$", text, re.MULTILINE)
    assert pattern is not None
    files = re.compile(pattern.group(1))
    for kind in KINDS.values():
        for name in kind.filenames:
            sample = name.replace("*", "dr-vault")
            assert fnmatchcase(sample, name)
            for spelled in (sample, sample.upper(), f"site/dr/{sample}"):
                assert files.search(spelled), (kind.name, spelled)
    for other in ("README.md", "Vault.ini.bak", "padr.ini.entropy", "cfgtool.toml"):
        assert not files.search(other), other
