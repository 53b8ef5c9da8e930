"""`cfgtool lint` exit-code options."""

from __future__ import annotations

from cli_runner import run
from conftest import EXAMPLES


def test_exit_zero_reports_findings_but_exits_0() -> None:
    padr = str(EXAMPLES / "dr" / "vault" / "padr.ini")
    assert run("lint", padr).code == 1
    result = run("lint", "--exit-zero", padr)
    assert result.code == 0 and "PADR002" in result.stdout
    assert run("lint", "--exit-zero", "no/such/path").code == 2
