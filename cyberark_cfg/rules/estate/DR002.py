"""DR002 unexpected-state: the DR pair's state is not the topology's `expected_state`.

## Why it matters
The topology says whether the estate should be running normally (production active) or in
failover (the DR vault active). A state that differs means a failover or failback that did not
finish, a padr.ini edited by hand and not put back, or a split brain. The state follows the
founding document's services table (`cfgtool state` prints it, with its reasons):

| PrivateArk Server runs on | state |
|---|---|
| the primary only | normal |
| a DR vault only | failover |
| two vaults | split-brain (also DR001) |
| no vault | down |
| (a vault's padr.ini contradicts its services) | inconsistent (also DR012) |

A vault without a service snapshot counts by its padr.ini: `FailoverMode=Yes` claims it is
active, `No` that it is not (a primary without padr.ini is active unless a DR vault is). Two
claims are `unverified` (reported by DR009, not here: files alone prove nothing); no claim at
all, or a padr.ini that cannot be read, is `unknown`.

## Example
```toml
expected_state = "normal"
```
with the DR vault's PrivateArk Server running and the primary's stopped (failover).

## Use instead
Finish the procedure (`cfgtool runbook failback`, or return the DR vault to standby), or set
`expected_state` to what the estate is meant to be in.

## Fix
None: the procedures that change the state need a person and service restarts. Silent when the
topology has no `expected_state`, and for `unverified`. Reported on the DR vault's padr.ini.

## References
The seed's services table and FailoverMode row (S1); the documented end state with both files
at `FailoverMode=No` (S3, S4). The state names and the fallback to padr.ini are inferred
(cyberark-formats.md section 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import UNVERIFIED, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import Estate


def check(estate: Estate) -> Iterator[Diagnostic]:
    expected = estate.topology.expected_state
    if expected is None:
        return
    report = estate_report(estate)
    if report.state in (expected, UNVERIFIED):
        return
    subject = report.subject
    message = f"the estate is in state {report.state}, expected {expected}: {report.reason}"
    if subject.document is not None:
        yield RULE.finding(subject.where(), message, line=subject.failover_mode_line,
                           key="FailoverMode")
    else:
        # No padr.ini to point at: point at the topology line that names it (or the vault).
        lines = estate.topology.lines
        where = ("vaults", subject.name, "padr") if subject.configured else (
            "vaults", subject.name)
        yield RULE.finding(estate.topology.path, message, line=lines.line_of(*where),
                           key="padr")


RULE = EstateRule(
    slug="unexpected-state",
    severity=Severity.ERROR,
    summary="The DR pair's state differs from the topology's expected_state",
    check_estate=check,
)
