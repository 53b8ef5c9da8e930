"""Long fuzzing run of the secret-leak property (outside CI):

    python fuzz/fuzz_secrets.py --examples 100000

Runs ``tests/test_secret_leaks.py``: hostile files with random secrets in every known position
(CR-only and mixed line endings, glued lines, misspelt keys, comments, section headers and
names, UTF-16) through every command, output format and forced kind, failing on any 8
characters of a secret in any output, record, report or ``repr``. Each example runs about sixty
commands, so plan on about a second an example.
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
    parser.add_argument("--examples", type=int, default=1_000)
    args = parser.parse_args()
    os.environ["CFGTOOL_FUZZ_EXAMPLES"] = str(args.examples)
    return pytest.main(["-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
                        str(TESTS / "test_secret_leaks.py")])


if __name__ == "__main__":
    sys.exit(main())
