"""Shared paths for the test suite."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"


def fuzz_examples(default: int) -> int:
    """Hypothesis example count: small in the normal run, larger for a fuzzing session
    (`CFGTOOL_FUZZ_EXAMPLES=100000`, see fuzz/fuzz_entry_points.py)."""
    import os

    return int(os.environ.get("CFGTOOL_FUZZ_EXAMPLES", default))
