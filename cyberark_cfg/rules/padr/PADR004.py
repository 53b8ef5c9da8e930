"""PADR004 invalid-replication-position: a replication position key PADR cannot use.

## Why it matters
`NextBinaryLogNumberToStartAt` is the number of the primary's binary log to replicate from next
(`-1` asks for a full replication); `LastDataReplicationTimestamp` is the time of the last
successful replication in microseconds since the Unix epoch (`1570820901835879` is
2019-10-11 19:08:21 UTC). PADR writes both; a hand edit that leaves text, a negative log
number, a timestamp in seconds or milliseconds, or one in the future makes replication resume
from a position that does not exist.

## Example
```ini
NextBinaryLogNumberToStartAt=-5
LastDataReplicationTimestamp=1570820901
```

## Use instead
```ini
NextBinaryLogNumberToStartAt=-1
```
(and no timestamp: together they force a full replication, KB 000004199).

## Fix
None: the right position is PADR's to write. Set the log number to `-1` and remove the
timestamp to force a full replication.

## References
- `NextBinaryLogNumberToStartAt=-1` forces a full replication: kjentech runbooks (S3, S4).
- The timestamp's unit (microseconds since the Unix epoch, UTC): inferred from the seed's
  value and dates (S1), cyberark-formats.md section 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.nodes import Entry
from cyberark_cfg.rules.base import Rule
from cyberark_cfg.values import EPOCH, parse_int

# PADR timestamps come from the vault's clock; allow a day of skew against the linting machine.
CLOCK_SKEW = timedelta(days=1)
# Microseconds at 2000-01-01: anything smaller is seconds or milliseconds written by hand.
EARLIEST_US = 946_684_800 * 1_000_000


def log_number_problem(value: str) -> str | None:
    try:
        number = parse_int(value)
    except ValueError:
        return "expected an integer, -1 or more"
    if number < -1:
        return "expected an integer, -1 or more (-1 forces a full replication)"
    return None


def timestamp_problem(value: str, now: datetime) -> str | None:
    try:
        micros = parse_int(value)
    except ValueError:
        return "expected microseconds since the Unix epoch"
    if micros < EARLIEST_US:
        if 10**9 <= micros < 10**11:
            return "looks like seconds; PADR writes microseconds since the Unix epoch"
        if 10**12 <= micros < 10**14:
            return "looks like milliseconds; PADR writes microseconds since the Unix epoch"
        return "expected microseconds since the Unix epoch (this is before the year 2000)"
    moment = EPOCH + timedelta(microseconds=min(micros, 10**17))
    if moment > now + CLOCK_SKEW:
        return f"in the future ({moment:%Y-%m-%d %H:%M} UTC)"
    return None


def _diagnostic(document: Document, entry: Entry, problem: str) -> Diagnostic:
    return RULE.diagnostic(
        document, f"invalid replication position {entry.key.strip()}={entry.value.strip()}: "
        f"{problem}", line=entry.lineno, column=entry.value_column, key=entry.key.strip())


def check(document: Document) -> Iterator[Diagnostic]:
    now = datetime.now(timezone.utc)
    for entry in document.entries("NextBinaryLogNumberToStartAt"):
        problem = log_number_problem(entry.value)
        if problem:
            yield _diagnostic(document, entry, problem)
    for entry in document.entries("LastDataReplicationTimestamp"):
        problem = timestamp_problem(entry.value, now)
        if problem:
            yield _diagnostic(document, entry, problem)


RULE = Rule(
    slug="invalid-replication-position",
    severity=Severity.ERROR,
    summary="NextBinaryLogNumberToStartAt or LastDataReplicationTimestamp has an invalid value",
    check=check,
)
