"""The padr.log verdict for `cfgtool report --log PATH`, as the report shows it.

The analysis itself is :mod:`cyberark_cfg.padrlog` (`cfgtool log`); this module only reads its
report into :class:`LogVerdict`, attribute by attribute, so the page depends on a small, fixed
shape rather than on that package's internals.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.secrecy import redact_assignments

HEALTHY_VERDICTS = ("healthy", "full-replication")


@dataclass(frozen=True)
class LogFinding:
    code: str
    severity: str  # "error" or "warning"
    count: int
    unresolved: int  # occurrences after the last successful replication cycle
    message: str
    remedy: str | None


@dataclass(frozen=True)
class LogVerdict:
    path: str
    verdict: str  # healthy, full-replication, failing or unknown
    reason: str
    last_success: datetime | None  # the vault server's local time, as logged
    age_seconds: int | None
    findings: tuple[LogFinding, ...] = ()

    @property
    def level(self) -> str:
        """The colour class: ok when replication is confirmed, error when failing."""
        if self.verdict in HEALTHY_VERDICTS:
            return "ok"
        return "error" if self.verdict == "failing" else "warning"


def read_log(path: str, now: datetime) -> LogVerdict:
    """Analyse ``path`` with :mod:`cyberark_cfg.padrlog`.

    padr.log times are the vault server's local time, so ``now`` is compared in this machine's
    local time (run the report on, or in the time zone of, the vault).
    """
    if not os.path.isfile(path):
        raise FileAccessError("no such file" if not os.path.exists(path)
                              else "is not a file", path=path)
    try:
        # By name: this module is written against padrlog's report, not its types.
        padrlog = importlib.import_module("cyberark_cfg.padrlog")
    except ImportError:
        raise CfgError("--log needs the padr.log analysis (cyberark_cfg.padrlog), which this "
                       "installation does not include") from None
    local = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
    return from_report(padrlog.analyse(path, now=local), path)


def from_report(report: Any, path: str) -> LogVerdict:
    """A :class:`LogVerdict` from a padrlog report (anything with the same attributes)."""
    age = getattr(report, "age", None)
    findings = []
    for finding in getattr(report, "findings", ()):
        findings.append(LogFinding(
            str(finding.code), str(finding.severity), int(getattr(finding, "count", 0)),
            int(getattr(finding, "unresolved", 0)),
            redact_assignments(str(getattr(finding, "message", ""))),  # as `cfgtool log` does
            _remedy(str(finding.code))))
    last = getattr(report, "last_success", None)
    return LogVerdict(path, str(report.verdict), str(getattr(report, "reason", "")),
                      last if isinstance(last, datetime) else None,
                      None if age is None else int(age.total_seconds()), tuple(findings))


def _remedy(code: str) -> str | None:
    try:
        codes = importlib.import_module("cyberark_cfg.padrlog.codes")
    except ImportError:
        return None
    known = codes.lookup(code)
    return str(known.remedy) if known is not None and known.remedy else None

