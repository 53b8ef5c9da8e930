"""The README's `console` blocks are true: each `$ cfgtool ...` command, run from the checkout,
prints exactly the lines shown under it (commands shown without output must still run)."""

from __future__ import annotations

import re
import shlex

import pytest
from cli_runner import run
from conftest import ROOT, posix_paths

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def commands() -> list[tuple[str, str]]:
    found = []
    for block in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


@pytest.mark.parametrize(("command", "output"), commands(), ids=lambda v: v[:60])
def test_console_block(command: str, output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    words = shlex.split(command, comments=True)
    assert words[0] == "cfgtool"
    monkeypatch.chdir(ROOT)
    result = run(*words[1:])
    assert result.code in (0, 1), result.stderr
    if output:
        assert posix_paths(result.stdout) == output


def test_every_library_function_the_readme_names_exists() -> None:
    import importlib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("Each command is a library function", 1)[1].split("\n\n", 1)[0]
    named = re.findall(r"`(cyberark_cfg(?:\.\w+)+)`(?: and `(\w+)`)?", paragraph)
    assert len(named) >= 10
    for dotted, sibling in named:
        module, _, name = dotted.rpartition(".")
        found = importlib.import_module(module)
        assert callable(getattr(found, name)), dotted
        if sibling:
            assert callable(getattr(found, sibling)), (module, sibling)
