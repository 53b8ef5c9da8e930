"""Every folder under fixtures/fix/<procedure>/<case>/ runs through `cfgtool fix` on a copy.

A case holds one input file (its name says its kind), the same name plus `.expected`, and an
optional `args` file with the command-line flags (default: `--<procedure>`). The result must
equal the expected bytes exactly; a second run, and --check on the result, change nothing.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest
from cli_runner import run
from conftest import FIXTURES

CASES = sorted(p for p in (FIXTURES / "fix").glob("*/*") if p.is_dir())


def _parts(case: Path) -> tuple[Path, Path, list[str]]:
    expected = next(case.glob("*.expected"))
    source = case / expected.name[: -len(".expected")]
    args_file = case / "args"
    args = (shlex.split(args_file.read_text()) if args_file.exists()
            else [f"--{case.parent.name}"])
    return source, expected, args


def test_there_are_cases_for_every_procedure() -> None:
    assert {c.parent.name for c in CASES} >= {"failback", "full-replication",
                                               "manual-failover", "first"}
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.name}")
def test_fix_case(case: Path, tmp_path: Path) -> None:
    source, expected, args = _parts(case)
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    want = expected.read_bytes()
    changes = source.read_bytes() != want

    checked = run("fix", str(target), *args, "--check")
    assert checked.code == (1 if changes else 0), checked.stderr
    assert target.read_bytes() == source.read_bytes()

    first = run("fix", str(target), *args)
    assert first.code == 0, first.stderr
    assert target.read_bytes() == want

    # A second run finds nothing to do and does not touch the file at all.
    os.utime(target, (1_000_000_000, 1_000_000_000))
    second = run("fix", str(target), *args)
    assert second.code == 0, second.stderr
    assert "nothing to change" in second.stdout
    assert target.read_bytes() == want
    assert target.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]
