"""`set` and `fix` cost grows linearly with the file: counted as Python lines executed while
a fix is prepared and verified (not timed, so a busy machine cannot make it flaky). The line
diff that verification used was quadratic in repeated lines: 69 s for `set` on 20,000 blank
lines. The timed figures against crudini are in benchmarks/run.py (`--only edit`)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from cyberark_cfg.edits import SetValue
from cyberark_cfg.fixing import Plan, prepare, read_source


def lines_executed(path: Path) -> int:
    source = read_source(str(path))
    plan = Plan.single(str(path), "set", [SetValue("FailoverMode", "No")])
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        outcome = prepare(plan, source)
    finally:
        sys.settrace(None)
    assert outcome.changed
    return count


@pytest.mark.parametrize("filler", [b"\r\n", b"; a comment line\r\n", b"Key=value\r\n"],
                         ids=["blank lines", "comments", "repeated entries"])
def test_verification_is_linear_in_repeated_lines(tmp_path: Path, filler: bytes) -> None:
    costs = []
    for count in (200, 800):
        path = tmp_path / f"padr-{count}.ini"
        path.write_bytes(b"[MAIN]\r\nFailoverMode=Yes\r\n" + filler * count
                         + b"EnableFailover=Yes\r\n")
        costs.append(lines_executed(path))
    # Four times the lines: about four times the work (quadratic would be sixteen).
    assert costs[1] < 5 * costs[0], costs
