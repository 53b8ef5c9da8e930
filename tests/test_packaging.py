"""The wheel carries the grammars, and an installed copy works away from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True)
    (built,) = out.glob("cyberark_cfg-*.whl")
    return built


def test_wheel_contains_grammars_and_entry_point(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cyberark_cfg/grammars/paramfile.lark" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "cfgtool = cyberark_cfg.cli.app:entry" in zipfile.ZipFile(wheel).read(
        entry_points).decode()


def test_wheel_ships_py_typed_and_the_license(wheel: Path) -> None:
    # Issue 17 (10): no LICENSE file although the metadata said MIT; no py.typed.
    names = zipfile.ZipFile(wheel).namelist()
    assert "cyberark_cfg/py.typed" in names
    (license_name,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    text = zipfile.ZipFile(wheel).read(license_name).decode()
    assert text.startswith("MIT License") and "cyberark-cfg developers" in text
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata


def test_installed_copy_finds_its_grammars(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import cyberark_cfg, cyberark_cfg.grammar as g; "
            "print(cyberark_cfg.__file__); print(g.grammar_dir())")
    proc = subprocess.run([sys.executable, "-c", code], cwd=workdir, env=env,
                          capture_output=True, text=True, check=True)
    module_file, grammar_dir = proc.stdout.split()
    assert module_file.startswith(str(target)) and grammar_dir.startswith(str(target))
    proc = subprocess.run([sys.executable, "-m", "cyberark_cfg", "show",
                           str(EXAMPLES / "dr" / "vault" / "padr.ini")],
                          cwd=workdir, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "kind:     padr" in proc.stdout
