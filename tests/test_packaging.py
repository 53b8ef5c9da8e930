"""The wheel carries the grammars, and an installed copy works away from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, not_on_windows

# Building and installing a wheel needs pip, which CPython's embeddable Windows build (the
# Windows leg) lacks; scripts/build_win64_zip.py --smoke installs the wheel and runs it there.
pytestmark = not_on_windows("no pip in CPython's embeddable build (see build_win64_zip --smoke)")


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


@pytest.mark.parametrize("command", [["lint"], ["show"]])
def test_a_copy_without_its_grammars_says_so(command: list[str], tmp_path: Path) -> None:
    # fleet2's note: a copy of the package alone printed "cfgtool: error: FileNotFoundError",
    # the class name without what was missing or where it was looked for.
    shutil.copytree(ROOT / "cyberark_cfg", tmp_path / "cyberark_cfg",
                    ignore=shutil.ignore_patterns("__pycache__", "grammars"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "cyberark_cfg", *command,
                           str(EXAMPLES / "dr" / "vault" / "padr.ini")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "cfgtool: error: the cyberark-cfg grammars are missing from this installation "
        f"(looked for paramfile.lark in {tmp_path / 'cyberark_cfg' / 'grammars'} and "
        f"{tmp_path / 'grammars'}); reinstall cyberark-cfg"), proc.stderr
