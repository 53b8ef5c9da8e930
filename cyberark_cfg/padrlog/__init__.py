"""padr.log, the Vault Disaster Recovery service's log: read it from the end, judge whether
replication works, find failover episodes, and explain every error code with its remedy.

``analyse(path)`` is the front door; ``codes.explain(code)`` prints a code's page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta

from cyberark_cfg.padrlog.backscan import (
    AMBIGUOUS,
    DEFAULT_HISTORY_BYTES,
    DateOrderError,
    scan,
)
from cyberark_cfg.padrlog.codes import explain
from cyberark_cfg.padrlog.report import Report, build
from cyberark_cfg.padrlog.verdict import FAILING, FULL_REPLICATION, HEALTHY, STALE, UNKNOWN

__all__ = ["FAILING", "FULL_REPLICATION", "HEALTHY", "STALE", "UNKNOWN", "DateOrderError",
           "Report", "analyse", "explain", "log_report", "verdict"]


def analyse(path: str | os.PathLike[str], *, now: datetime | None = None,
            since: datetime | None = None, history_bytes: int | None = DEFAULT_HISTORY_BYTES,
            max_age: timedelta | None = None, date_order: str | None = None) -> Report:
    """The report on ``path``: verdict, last successful cycle, episodes and findings.

    Log times are the vault server's local time, so ``now`` (default: this machine's local
    clock) must be too. ``since`` lists only what was logged from then on (the verdict always
    comes from the end of the log); ``history_bytes=None`` reads the whole log. With
    ``max_age``, a healthy verdict whose last successful cycle is older becomes ``stale``.
    ``date_order`` (``dmy`` or ``mdy``) says how the log writes dates; by default the log
    tells, and when it cannot, no time is read and ``since``/``max_age`` are refused
    (:class:`DateOrderError`).
    """
    result = scan(path, since=since, history_bytes=history_bytes, date_order=date_order)
    if result.date_order is None and max_age is not None:
        raise DateOrderError(f"{AMBIGUOUS}: --max-age needs --date-order dmy or mdy",
                             path=result.path)
    return build(result, now if now is not None else datetime.now(), max_age)


def log_report(path: str | os.PathLike[str], echo: Callable[[str], object], *,
                output_format: str = "text", since: str | None = None, now: str | None = None,
                max_age: str | None = None, date_order: str | None = None,
                read_all: bool = False, follow: bool = False,
                interval: float = 0.5) -> tuple[Report | None, bool]:
    """`cfgtool log` from its options as typed, checked in the order the command line reports
    them (:class:`~cyberark_cfg.errors.UsageError`): with ``follow``, the log followed through
    ``echo`` until Ctrl-C (:class:`~cyberark_cfg.padrlog.watch.Watch`) and no report, else
    :func:`analyse`'s report (the last ``DEFAULT_HISTORY_BYTES`` unless ``read_all``). Also
    whether replication is confirmed."""
    from cyberark_cfg.errors import UsageError
    from cyberark_cfg.padrlog.when import parse_window
    from cyberark_cfg.usage import check_format, usage_errors

    check_format(output_format)
    with usage_errors():
        current, start, oldest = parse_window(now, since, max_age, date_order)
    if follow:
        if output_format != "text":
            raise UsageError("--follow prints text only")
        from cyberark_cfg.padrlog.watch import Watch

        return None, Watch(path, interval).show(echo)
    report = analyse(path, now=current, since=start, max_age=oldest, date_order=date_order,
                     history_bytes=None if read_all else DEFAULT_HISTORY_BYTES)
    return report, report.confirmed


def verdict(path: str | os.PathLike[str], *, now: datetime | None = None) -> Report:
    """Only what the verdict needs: on a healthy log, the last block of the file."""
    return analyse(path, now=now, history_bytes=0)
