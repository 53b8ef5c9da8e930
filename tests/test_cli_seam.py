"""The seam between the CLI and the library: every library function names the options it takes
(no ``**options: Any`` through which a misspelt name reaches a function unchecked by mypy),
and cli/ stays a thin layer of argument declarations (issue 18)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "cyberark_cfg"


def untyped_keywords(source: str) -> list[str]:
    """The functions in ``source`` that take ``**name`` annotated ``Any`` or not at all, as
    ``line name(**name)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.kwarg:
            annotation = node.args.kwarg.annotation
            text = "Any" if annotation is None else ast.unparse(annotation).strip("'\"")
            if text in ("Any", "typing.Any"):
                found.append(f"{node.lineno} {node.name}(**{node.args.kwarg.arg})")
    return found


def test_no_library_function_passes_options_through_untyped_keywords() -> None:
    found = [f"{path.relative_to(ROOT).as_posix()}:{place}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for place in untyped_keywords(path.read_text(encoding="utf-8"))]
    assert found == [], ("name each option as a keyword-only parameter, so that mypy reports "
                         "a misspelt one: " + ", ".join(found))


def test_the_check_finds_each_form() -> None:
    probe = ("from typing import Any\n"
             "import typing\n"
             "def a(**options: Any) -> None: ...\n"
             "def b(*, x: int, **rest): ...\n"
             "async def c(**more: 'Any') -> None: ...\n"
             "def d(**more: typing.Any) -> None: ...\n"
             "def fine(*, x: int = 0, **names: str) -> None: ...\n")
    assert untyped_keywords(probe) == ["3 a(**options)", "4 b(**rest)", "5 c(**more)",
                                       "6 d(**more)"]


# cli/ holds argument declarations, one library call per command, rendering and exit codes:
# about 700 lines for the twelve commands (719 when the orchestration had left it, issue 18).
CLI_BUDGET = 720


def test_the_cli_stays_a_thin_layer() -> None:
    cli = PACKAGE / "cli"
    sizes = {path.relative_to(cli).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in sorted(cli.rglob("*.py"))}
    total = sum(sizes.values())
    assert total <= CLI_BUDGET, (
        f"cli/ has {total} lines, over its budget of {CLI_BUDGET} ({sizes}): put the logic in "
        f"the library (a function the command calls once, like lint.run.lint_command or "
        f"fixing.present.fix_files, with option checks in cyberark_cfg.usage) and share "
        f"repeated option declarations in cli/options.py")
