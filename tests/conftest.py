"""Shared paths for the test suite."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI draws the same examples on every run (`.ci/run` sets CI), so a landing is judged on the
# code, not on the luck of the draw; a local run draws new ones each time, and fuzz/ runs
# 100,000 at a time. Hypothesis recommends this for CI.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
# A relative path spelled with Windows' separator: words joined by `\` (`\\` inside JSON).
WINDOWS_PATH = re.compile(r"[\w.-]+(?:(?:\\\\|\\)[\w.-]+)+")


def fuzz_examples(default: int) -> int:
    """Hypothesis example count: small in the normal run, larger for a fuzzing session
    (`CFGTOOL_FUZZ_EXAMPLES=100000`, see fuzz/fuzz_entry_points.py)."""
    import os

    return int(os.environ.get("CFGTOOL_FUZZ_EXAMPLES", default))


def not_on_windows(reason: str) -> pytest.MarkDecorator:
    """Skip a test (or, as `pytestmark`, a module) that cannot apply on Windows, saying why: the
    Windows leg (scripts/windows_leg.py) lists every such test with its reason under `-ra`."""
    return pytest.mark.skipif(sys.platform == "win32", reason=f"not on Windows: {reason}")


def posix_paths(output: str) -> str:
    """`output` with each path of the checkout that Windows printed with its own separator (`\\`,
    or `\\\\` inside a JSON string) spelled with `/`, as the README and the fixtures show it. Only
    a word naming an existing file or folder under ROOT changes, so a `PADR\\Conf\\user.ini` quoted
    from a log stays as it is; elsewhere than Windows `output` comes back unchanged, so the
    comparison stays byte for byte."""
    if os.sep == "/":
        return output

    def spelled(match: re.Match[str]) -> str:
        parts = re.split(r"\\\\|\\", match.group())
        return "/".join(parts) if ROOT.joinpath(*parts).exists() else match.group()

    return WINDOWS_PATH.sub(spelled, output)
