"""Long fuzzing run of every public entry point (outside CI):

    python fuzz/fuzz_entry_points.py --examples 100000

Runs the hypothesis properties of ``tests/test_properties_entry_points.py`` (load, loads, lint,
fix planning and verification, check-change, state, `cfgtool show` on arbitrary bytes: our own
error or success, never another exception) and ``tests/test_properties_edits.py`` (random edit
sequences touch only their lines) with many more examples than the normal test run uses.
The decoder and parser alone: ``python fuzz/fuzz_parser.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent / "tests"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    os.environ["CFGTOOL_FUZZ_EXAMPLES"] = str(args.examples)
    return pytest.main(["-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
                        str(TESTS / "test_properties_entry_points.py"),
                        str(TESTS / "test_properties_edits.py")])


if __name__ == "__main__":
    sys.exit(main())
