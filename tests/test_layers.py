"""The package's layers hold: no module imports from a layer above its own, and no import
cycle, among modules or between subpackages; and no module below the CLI decides an exit
code. The layer table is the one in ``cyberark_cfg/__init__.py``'s docstring, so the
documentation cannot drift from the code.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a cycle
that only the type checker sees still ties the two modules' designs together.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from conftest import ROOT

import cyberark_cfg

PACKAGE = ROOT / "cyberark_cfg"
Graph = Mapping[str, Iterable[str]]


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name without the `cyberark_cfg.` prefix (the
    package itself is `__init__`)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(path: Path, modules: Iterable[str]) -> set[str]:
    """The package modules ``path`` imports (`from X import name` counts as importing the
    submodule X.name when there is one)."""
    known = set(modules)

    def local(dotted: str) -> str | None:
        if dotted == "cyberark_cfg":
            return "__init__"
        if not dotted.startswith("cyberark_cfg."):
            return None
        name = dotted.removeprefix("cyberark_cfg.")
        while name not in known and "." in name:
            name = name.rsplit(".", 1)[0]
        return name if name in known else None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(filter(None, (local(alias.name) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found.add(local(f"{node.module}.{alias.name}") or local(node.module) or "")
    found.discard("")
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def layer_table(doc: str) -> list[tuple[str, list[str]]]:
    """``[(layer, [module or package, ...])]`` from the docstring's indented table."""
    rows = re.findall(r"^    ([a-z]+) {2,}(\S+(?: \S+)*?) {2,}\S", doc, re.MULTILINE)
    return [(layer, names.split()) for layer, names in rows]


def layer_of(module: str, table: list[tuple[str, list[str]]]) -> int | None:
    """The position of ``module``'s layer: the most specific name in the table covering it."""
    best: tuple[int, int] | None = None  # (length of the name matched, layer position)
    for position, (_, names) in enumerate(table):
        for name in names:
            covers = module == name or module.startswith(name + ".")
            if covers and (best is None or len(name) > best[0]):
                best = (len(name), position)
    return best[1] if best is not None else None


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def upward(graph: Graph, table: list[tuple[str, list[str]]]) -> list[str]:
    """Each import from a lower layer to a higher one, as `module (layer) -> module (layer)`."""
    names = [layer for layer, _ in table]
    wrong = []
    for module, imported in sorted(graph.items()):
        mine = layer_of(module, table)
        for other in sorted(imported):
            theirs = layer_of(other, table)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} ({names[mine]}) -> {other} ({names[theirs]})")
    return wrong


def subpackage_graph(graph: Graph) -> dict[str, set[str]]:
    """Imports between the subpackages (`rules`, `estate`, ...), modules at the top left out."""
    packages = {name.split(".")[0] for name in graph if "." in name}

    def package(name: str) -> str | None:
        top = name.split(".")[0]
        return top if top in packages else None

    collapsed: dict[str, set[str]] = {name: set() for name in packages}
    for module, imported in graph.items():
        mine = package(module)
        if mine is None:
            continue
        collapsed[mine].update(p for p in map(package, imported) if p not in (None, mine))
    return collapsed


TABLE = layer_table(cyberark_cfg.__doc__ or "")
GRAPH = import_graph()


def test_the_table_is_read_from_the_docstring() -> None:
    assert [layer for layer, _ in TABLE][:2] == ["base", "syntax"]
    assert TABLE[-1] == ("cli", ["cli", "__main__"])


def test_every_module_has_a_layer() -> None:
    assert [name for name in sorted(GRAPH) if layer_of(name, TABLE) is None] == []


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    assert upward(GRAPH, TABLE) == []


def test_no_import_cycle_between_modules() -> None:
    assert cycles(GRAPH) == []


def test_no_two_subpackages_import_each_other() -> None:
    assert cycles(subpackage_graph(GRAPH)) == []


# The checks themselves must be able to fail.

@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_an_upward_import_is_found() -> None:
    table = layer_table("\n    low   values kinds.schema  x\n    high  kinds  y\n")
    assert table == [("low", ["values", "kinds.schema"]), ("high", ["kinds"])]
    graph = {"values": {"kinds.padr"}, "kinds.schema": {"values"}, "kinds.padr": {"kinds.schema"}}
    assert upward(graph, table) == ["values (low) -> kinds.padr (high)"]


def test_imports_inside_functions_and_type_checking_count(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from cyberark_cfg.document import Document\n"
                      "def f():\n    from cyberark_cfg.lint import selectors\n"
                      "import cyberark_cfg.rules.base\nfrom cyberark_cfg import errors\n",
                      encoding="utf-8")
    assert imports_of(source, GRAPH) == {"document", "lint.selectors", "rules.base", "errors"}


def test_a_package_cycle_is_found_where_modules_have_none() -> None:
    # The old estate/rules tangle: estate.checks ran the rules, whose modules read the model.
    graph = {"estate.model": {"document"}, "estate.checks": {"rules.estate"},
             "rules.estate": {"estate.model"}, "document": set()}
    assert cycles(graph) == []
    assert cycles(subpackage_graph(graph)) == [["estate", "rules"]]
    del graph["estate.checks"]
    assert cycles(subpackage_graph(graph)) == []


# Exit codes are the CLI's: the library returns results and raises errors, never leaves.
EXITS = ("typer", "click")


def exits_in(path: Path) -> list[str]:
    """What in ``path`` would decide how the process ends: importing typer or click, calling
    sys.exit / os._exit / exit(), raising SystemExit."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        found += [f"import {name}" for name in names if name.split(".")[0] in EXITS]
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            if called in ("sys.exit", "os._exit", "exit", "quit"):
                found.append(f"{called}()")
        if isinstance(node, ast.Raise) and node.exc is not None and "SystemExit" in ast.unparse(
                node.exc):
            found.append("raise SystemExit")
    return [f"{path.name}:{line}" for line in found]


def test_no_exit_code_is_decided_outside_the_cli() -> None:
    outside = [path for name, path in sorted(module_names().items())
               if layer_of(name, TABLE) != len(TABLE) - 1]
    assert len(outside) > 100
    assert [hit for path in outside for hit in exits_in(path)] == []


def test_the_exit_check_can_fail(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("import sys, os\nimport typer\nfrom click import echo\n"
                      "def f(code):\n    if code:\n        sys.exit(code)\n    os._exit(0)\n"
                      "    raise SystemExit(2)\n", encoding="utf-8")
    assert sorted(exits_in(source)) == ["probe.py:import click", "probe.py:import typer",
                                        "probe.py:os._exit()", "probe.py:raise SystemExit",
                                        "probe.py:sys.exit()"]
