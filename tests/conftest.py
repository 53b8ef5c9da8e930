"""Shared paths for the test suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"


def fuzz_examples(default: int) -> int:
    """Hypothesis example count: small in the normal run, larger for a fuzzing session
    (`CFGTOOL_FUZZ_EXAMPLES=100000`, see fuzz/fuzz_entry_points.py)."""
    import os

    return int(os.environ.get("CFGTOOL_FUZZ_EXAMPLES", default))


def not_on_windows(reason: str) -> pytest.MarkDecorator:
    """Skip a test (or, as `pytestmark`, a module) that cannot apply on Windows, saying why: the
    Windows leg (scripts/windows_leg.py) lists every such test with its reason under `-ra`."""
    return pytest.mark.skipif(sys.platform == "win32", reason=f"not on Windows: {reason}")
