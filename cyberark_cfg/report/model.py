"""Everything the report page shows, computed in plain Python: the state table, the diagram, the
findings, the padr.log verdict and the change record. The templates only lay it out, so the
tests check this model (which arrows, which colours) without a browser."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from cyberark_cfg import __version__
from cyberark_cfg.drill.record import drill_record
from cyberark_cfg.drill.runbook import build as build_runbook
from cyberark_cfg.drill.status import gather
from cyberark_cfg.estate.model import Estate, load_estate
from cyberark_cfg.estate.services import DR_SERVICE, ENE, LABELS, SERVER
from cyberark_cfg.estate.state import StateReport, VaultStatus, estate_report
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.fixing.changes import Change, read_changes
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.resolve import topology_settings
from cyberark_cfg.report.findings import Explanation, collect, explanation, file_key
from cyberark_cfg.report.layout import Diagram, lay_out
from cyberark_cfg.report.logview import LogVerdict, read_log
from cyberark_cfg.report.picture import GROUP_OVER, Picture, build_picture, level, relative
from cyberark_cfg.usage import check_encoding
from cyberark_cfg.values import describe_age

STATE_ROWS = ("FailoverMode", "EnableFailover", "EnableReplicate", "ActivateManualFailover")
_STATE_LEVEL = {"normal": "ok", "failover": "ok", "split-brain": "error", "down": "error",
                "inconsistent": "error", "unverified": "warning", "unknown": "warning"}
SERVICE_ROWS = tuple(LABELS[role] for role in (SERVER, DR_SERVICE, ENE))


@dataclass(frozen=True)
class StateColumn:
    """One vault's column of the founding document's state table."""

    name: str
    role: str
    site: str | None
    values: tuple[str, ...]  # STATE_ROWS, "-" when absent
    last_replication: str
    age: str
    padr: str
    level: str
    services: tuple[str, ...] = ()  # SERVICE_ROWS: "Running, Manual"; "-" when not listed
    snapshot: str = ""  # the snapshot file, "" without one


@dataclass(frozen=True)
class FindingRow:
    code: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    explanation: Explanation | None
    named: bool = True  # False: a file in the topology's folder that the topology does not name


@dataclass(frozen=True)
class Page:
    title: str
    topology: str
    generated: str
    version: str
    state: str
    state_reason: str
    state_level: str
    expected_state: str | None
    columns: tuple[StateColumn, ...]
    picture: Picture
    diagram: Diagram
    findings: tuple[FindingRow, ...]
    counts: dict[str, int]
    log: LogVerdict | None
    changes: tuple[Change, ...] | None
    failing: bool = False  # `cfgtool lint`'s verdict: findings reach the fail-on severity
    unreadable: int = 0  # files of the walk that could not be read (lint exits 2)

    @property
    def other_findings(self) -> tuple[FindingRow, ...]:
        """Findings on files the topology does not name (their own group on the page)."""
        return tuple(f for f in self.findings if not f.named)

    @property
    def estate_findings(self) -> tuple[FindingRow, ...]:
        return tuple(f for f in self.findings if f.named)
    service_rows: tuple[str, ...] = SERVICE_ROWS
    service_short: tuple[str, ...] = ("PrivateArk Server", "DR service", "ENE")
    drill: dict[str, Any] | None = None  # the drill record of `--runbook PROCEDURE`

    @property
    def node_count(self) -> int:
        """Component boxes drawn (a grouped box stands for many files)."""
        return len(self.diagram.nodes)

    @property
    def component_count(self) -> int:
        return sum(len(p.node.files) for p in self.diagram.nodes)

    @property
    def problem(self) -> bool:
        """The page shows a problem as `cfgtool lint` sees one: a finding at or above the
        configuration's fail-on (a split brain or an unexpected state is DR001/DR002)."""
        return self.failing


def _column(status: VaultStatus, estate: Estate, findings: list[Diagnostic],
            now: datetime) -> StateColumn:
    document = status.document
    values = tuple((document.get(key) if document is not None else None) or "-"
                   for key in STATE_ROWS)
    last = status.last_replication
    worst = max((d.severity for d in findings if status.path
                 and file_key(d.path) == file_key(status.path)), default=None)
    return StateColumn(
        status.name, status.role, status.site, values,
        "-" if last is None else f"{last:%Y-%m-%d %H:%M:%S} UTC",
        "" if last is None else describe_age((now - last).total_seconds()),
        relative(estate.topology, status.path) if status.path else "no padr.ini",
        level(worst), _services(status),
        relative(estate.topology, status.services.path) if status.services else "")


def _services(status: VaultStatus) -> tuple[str, ...]:
    if status.services is None:
        return ()
    found = [status.services.find(role) for role in (SERVER, DR_SERVICE, ENE)]
    return tuple("-" if s is None else ", ".join(w for w in (s.status, s.start_type) if w)
                 for s in found)


def build_page(topology: str | None, now: datetime | None = None, *, log: str | None = None,
               record: str | None = None, config: LintConfig | None = None,
               config_file: str | None = None, group_over: int = GROUP_OVER,
               runbook: str | None = None, encoding: str | None = None) -> Page:
    """Read the estate a topology names (and the padr.log and change record, when given).
    With ``runbook`` (a procedure's name), the page ends with its steps' status and the drill
    record: the change records of ``record`` per step, the padr.log failover timelines.

    ``topology`` None: the one `cfgtool lint` finds. The findings are those of `cfgtool lint
    --topology FILE` with the configuration found from its folder (``config_file``; ``config``
    replaces it), so the page and lint agree on what is wrong and on the exit code.
    ``encoding`` (`--encoding`) replaces the configuration's code page of 8-bit files.
    """
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    settings = topology_settings(topology, config_file)
    if config is not None:
        settings = settings._replace(config=config)
    page = check_encoding(encoding)
    if page is not None:
        settings = settings._replace(config=settings.config._replace(encoding=page))
    assert settings.topology is not None
    estate = load_estate(settings.topology, settings.config.encoding)
    state: StateReport = estate_report(estate)
    collected = collect(estate, settings)
    findings = collected.findings
    named = {file_key(path) for path in estate.files()}
    named |= {file_key(m.path) for m in estate.missing} | {file_key(settings.topology)}
    named |= {file_key(s.path) for s in estate.services.values() if s is not None}
    worst: dict[str, Severity] = {}
    codes: dict[str, list[str]] = {}
    for finding in findings:  # worst first: the first severity seen per file is its worst
        key = file_key(finding.path)
        worst.setdefault(key, finding.severity)
        if finding.severity == worst[key] and finding.code not in codes.setdefault(key, []):
            codes[key].append(finding.code)
    expected = estate.topology.expected_state
    changes = None if record is None else tuple(
        replace(c, path=relative(estate.topology, c.path)) for c in read_changes(record))
    picture = build_picture(estate, state.vaults, worst, codes, group_over)
    counts = {name: sum(1 for d in findings if str(d.severity) == name)
              for name in ("error", "warning", "info")}
    cited = {code: explanation(code) for code in {d.code for d in findings}}
    rows = tuple(FindingRow(d.code, str(d.severity), relative(estate.topology, d.path or ""),
                            d.line, d.column, d.message, cited[d.code],
                            file_key(d.path) in named) for d in findings)
    drill = None
    if runbook is not None:
        # Judged on the estate the page shows, as read with the page's configuration.
        book = build_runbook(runbook, estate.topology, estate=estate)
        drill = drill_record(book, record, moment, gather(book, estate=estate))

    return Page(
        title="DR estate report",
        topology=settings.topology,
        generated=moment.strftime("%Y-%m-%d %H:%M:%S UTC"),
        version=__version__,
        state=state.state,
        state_reason=state.reason,
        state_level=("error" if expected not in (None, state.state)
                     else _STATE_LEVEL.get(state.state, "warning")),
        expected_state=expected,
        columns=tuple(_column(v, estate, findings, moment) for v in state.vaults),
        picture=picture,
        diagram=lay_out(picture),
        findings=rows,
        counts=counts,
        log=read_log(log, moment) if log else None,
        changes=changes,
        failing=collected.failing,
        unreadable=collected.unreadable,
        drill=drill,
    )
