"""The report ``cfgtool log`` prints: built from a Scan, rendered as text for people or as a
dict (JSON) for scripts. ``confirmed`` says whether replication is (healthy, or a full
replication completed); the CLI turns that into its exit code.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cyberark_cfg.padrlog.backscan import Scan
from cyberark_cfg.padrlog.codes import PASSWORD_ROTATION, inner_codes, lookup
from cyberark_cfg.padrlog.verdict import FULL_REPLICATION, HEALTHY, STALE, Episode, Finding
from cyberark_cfg.secrecy import redact_assignments
from cyberark_cfg.values import describe_age

_SEVERITY_ORDER = {"error": 0, "warning": 1}
# The verdicts --max-age can turn stale, as its message names them.
_JUDGED = {HEALTHY: "healthy", FULL_REPLICATION: "full replication completed"}
_WIDTH = 96


@dataclass
class Report:
    path: str
    encoding: str
    size: int
    now: datetime
    verdict: str
    reason: str
    last_success: datetime | None = None
    last_success_code: str | None = None
    log_ends: datetime | None = None
    since: datetime | None = None
    scanned_from: datetime | None = None
    scanned_bytes: int = 0
    whole_file: bool = False
    episodes: list[Episode] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    date_order: str | None = None
    date_order_source: str = "ambiguous"
    last_success_stamp: str | None = None  # as logged, for a log whose date order is unknown
    password_rotations: int = 0
    last_rotation: datetime | None = None
    last_rotation_stamp: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.verdict in (HEALTHY, FULL_REPLICATION)

    @property
    def age(self) -> timedelta | None:
        return None if self.last_success is None else self.now - self.last_success

    def to_dict(self, exit_code: int | None = None) -> dict[str, Any]:
        """The report as JSON data; ``exit_code``, when given, follows the verdict's reason."""
        age = self.age
        head = {
            "path": self.path,
            "encoding": self.encoding,
            "bytes": self.size,
            "verdict": self.verdict,
            "reason": self.reason,
        }
        if exit_code is not None:
            head["exit_code"] = exit_code
        return {
            **head,
            "now": _iso(self.now),
            "last_success": None if self.last_success_code is None else {
                "time": _iso(self.last_success), "code": self.last_success_code,
                "logged": self.last_success_stamp},
            "age_seconds": None if age is None else int(age.total_seconds()),
            "log_ends": _iso(self.log_ends),
            "date_order": {"order": self.date_order, "source": self.date_order_source},
            "password_rotations": {"count": self.password_rotations,
                                   "last": _iso(self.last_rotation),
                                   "last_logged": self.last_rotation_stamp},
            "scanned": {"from": _iso(self.scanned_from), "bytes": self.scanned_bytes,
                        "whole_file": self.whole_file, "since": _iso(self.since)},
            "episodes": [_episode_dict(episode) for episode in self.episodes],
            "findings": [_finding_dict(finding) for finding in self.findings],
            "notes": list(self.notes),
        }


def build(scan: Scan, now: datetime, max_age: timedelta | None = None) -> Report:
    tracker = scan.tracker
    verdict, reason = tracker.verdict()
    findings = [f for f in tracker.findings.values() if f.count or f.unresolved]
    findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 2), -f.unresolved, f.code))
    success = tracker.last_success
    report = Report(
        path=scan.path, encoding=scan.encoding.label, size=scan.size, now=now,
        verdict=verdict, reason=reason,
        last_success=success.time if success else None,
        last_success_code=success.code if success else None,
        log_ends=scan.log_ends, since=scan.since, scanned_from=scan.scanned_from,
        scanned_bytes=scan.scanned_bytes, whole_file=scan.whole_file,
        episodes=[episode for episode in tracker.episodes if episode.listed],
        findings=findings, notes=list(scan.notes), date_order=scan.date_order,
        date_order_source=scan.date_order_source,
        last_success_stamp=success.stamp if success else None,
        password_rotations=tracker.password_rotations,
        last_rotation=tracker.last_rotation.time if tracker.last_rotation else None,
        last_rotation_stamp=tracker.last_rotation.stamp if tracker.last_rotation else None,
    )
    age = report.age
    if max_age is not None and verdict in _JUDGED and (age is None or age > max_age):
        allowed = describe_age(max_age.total_seconds()).removesuffix(" ago")
        last = describe_age(age.total_seconds()) if age is not None else "at an unknown time"
        report.verdict, report.reason = STALE, (
            f"{_JUDGED[verdict]} by the log, but its last successful cycle was {last}, "
            f"longer than the {allowed} allowed: the DR service may have stopped, or this "
            "is not the log it writes now")
    return report


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _episode_dict(episode: Episode) -> dict[str, Any]:
    return {"start": _iso(episode.start), "synchronized": _iso(episode.synchronized),
            "vault_started": _iso(episode.vault_started), "end": _iso(episode.end),
            "outcome": episode.outcome, "errors": episode.errors}


def _finding_dict(finding: Finding) -> dict[str, Any]:
    known = lookup(finding.code)
    return {"code": finding.code, "severity": finding.severity, "known": known is not None,
            "count": finding.count, "unresolved": finding.unresolved,
            "first": _iso(finding.first), "last": _iso(finding.last),
            "message": redact_assignments(finding.message),
            "meaning": known.meaning if known else None,
            "remedy": known.remedy if known else None,
            "reasons": [_reason_dict(code) for code in inner_codes(finding.message)
                        if code != finding.code]}


def _reason_dict(code: str) -> dict[str, Any]:
    known = lookup(code)
    return {"code": code, "known": known is not None,
            "meaning": known.meaning if known else None,
            "remedy": known.remedy if known else None}


def when(moment: datetime | None) -> str:
    return "?" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1 << 20:
        return f"{count / 1024:.1f} KiB"
    return f"{count / (1 << 20):.1f} MiB"


def render_text(report: Report) -> str:
    lines = [f"{report.path}: replication {report.verdict.replace('-', ' ')}",
             _wrap(f"{report.reason}.", "  ", "  ")]
    if report.last_success_code is not None:
        age = f", {describe_age(report.age.total_seconds())}" if report.age is not None else ""
        moment = when(report.last_success) if report.last_success or not \
            report.last_success_stamp else f"[{report.last_success_stamp}] as logged"
        lines.append(f"  last successful cycle: {moment} ({report.last_success_code}){age}")
    else:
        lines.append("  last successful cycle: none in the part of the log read")
    extent = "the whole log" if report.whole_file else (
        f"the last {_size(report.scanned_bytes)} of {_size(report.size)}")
    order = {"dmy": "day/month", "mdy": "month/day"}.get(report.date_order or "", "unknown")
    lines.append(f"  read: {extent}, {when(report.scanned_from)} to {when(report.log_ends)}"
                 f" ({report.encoding}; dates {order}, {report.date_order_source})")
    if report.since is not None:
        lines.append(f"  listed: since {when(report.since)}")
    lines += [f"  note: {note}" for note in report.notes]
    if report.last_rotation_stamp is not None:
        lines.append(_wrap(
            f"PADR changed the DR user's password (\"{PASSWORD_ROTATION}\", last logged "
            f"[{report.last_rotation_stamp}]): it rewrote PADR\\Conf\\user.ini, so an older or "
            "copied user.ini no longer logs on.", "  password: ", " " * 12))
    if report.episodes:
        lines += ["", f"failover episodes ({len(report.episodes)}):"]
        for episode in report.episodes:
            start = when(episode.start) if episode.start else "(before the part read)"
            end = when(episode.end) if episode.end else "..."
            extra = f", {episode.errors} errors" if episode.errors else ""
            lines.append(f"  {start} -> {end}  {episode.outcome}{extra}")
    if report.findings:
        codes = len(report.findings)
        lines += ["", f"errors and warnings ({codes} code{'s' if codes > 1 else ''}):"]
        for finding in report.findings:
            lines += _finding_lines(finding)
    return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    known = lookup(finding.code)
    state = (f"{finding.unresolved} after the last successful cycle" if finding.unresolved
             else "resolved by a later successful cycle")
    lines = [f"  {finding.code}  {finding.severity}, {finding.count}x, "
             f"{when(finding.first)} to {when(finding.last)}; {state}",
             f"    logged:  {redact_assignments(finding.message)}"]
    if known is None:
        lines.append("    unknown code: not in cfgtool's table; read the lines around it")
    else:
        lines.append(_wrap(known.meaning, "    meaning: ", " " * 13))
        if known.remedy:
            lines.append(_wrap(known.remedy, "    remedy:  ", " " * 13))
    # A code that wraps another (CASTM003E ... Reason: ITATS006E ...): explain each inner one.
    for code in inner_codes(finding.message):
        if code == finding.code:
            continue
        inner = lookup(code)
        if inner is None:
            lines.append(f"    reason:  {code}, unknown code: not in cfgtool's table")
            continue
        lines.append(_wrap(f"{code}: {inner.meaning}", "    reason:  ", " " * 13))
        if inner.remedy:
            lines.append(_wrap(inner.remedy, "    remedy:  ", " " * 13))
    return lines


def _wrap(text: str, first: str, rest: str) -> str:
    # A command in backquotes stays on one line, so it can be copied as it is.
    glued = re.sub(r"`[^`]*`", lambda command: command.group().replace(" ", "\x00"), text)
    return textwrap.fill(glued, width=_WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False).replace("\x00", " ")
