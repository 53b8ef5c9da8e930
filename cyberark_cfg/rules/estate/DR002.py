"""DR002 unexpected-state: the DR pair's state is not the topology's `expected_state`.

## Why it matters
The topology says whether the estate should be running normally (production active) or in
failover (the DR vault active). A state that differs means a failover or failback that did not
finish, a padr.ini edited by hand and not put back, or a split brain. The state follows the
founding document's table (`cfgtool state` prints it):

| DR vault FailoverMode | primary FailoverMode | state |
|---|---|---|
| No | Yes, or no padr.ini | normal |
| Yes | No, or no padr.ini | failover |
| Yes | Yes | split-brain |
| No | No | inconsistent |
| missing | any | unknown |

## Example
```toml
expected_state = "normal"
```
with the DR vault's padr.ini at `FailoverMode=Yes` and the primary's at `No` (failover).

## Use instead
Finish the procedure (failback, or return the DR vault to standby), or set `expected_state`
to what the estate is meant to be in.

## Fix
None: the procedures that change the state need a person and a service restart. Silent when
the topology has no `expected_state`.

## References
- The state table: the seed's services table (S1); the rest of the mapping is inferred
  (cyberark-formats.md section 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.estate.state import estate_report
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
    if report.state == expected:
        return
    subject = report.subject
    message = f"the estate is in state {report.state}, expected {expected}: {report.reason}"
    if subject.document is not None:
        yield RULE.finding(subject.path, message, line=subject.failover_mode_line,
                           key="FailoverMode")
    else:
        # No padr.ini to point at: point at the topology line that names it (or the vault).
        lines = estate.topology.lines
        where = ("vaults", subject.name, "padr") if subject.configured else (
            "vaults", subject.name)
        yield RULE.finding(estate.topology.path, message, line=lines.line_of(*where),
                           key="padr")


RULE = EstateRule(
    code="DR002",
    slug="unexpected-state",
    severity=Severity.ERROR,
    summary="The DR pair's state differs from the topology's expected_state",
    check_estate=check,
    doc=__doc__ or "",
)
