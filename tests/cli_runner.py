"""Run `cfgtool` in-process through its real entry point (error handling and exit codes
included) and capture what it prints."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass

from cyberark_cfg.cli.app import main


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["cfgtool", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.argv = argv
    return Result(code, out.getvalue(), err.getvalue())
