"""The replication verdict: a Tracker takes log entries in time order and keeps what the verdict
needs (the success codes since the last interruption, the last successful cycle, the errors
after it), the failover episodes, and one finding per error or warning code.

The rules, from the procedures' "verify padr.log" step (cyberark-formats.md, sections 3 and 9):

- healthy: PADR0010I and PADR0099I were both logged since the last interruption (an error, a
  failover step or the service stopping), so they are the latest replication events;
- full replication completed: PADR0093I was logged since the last interruption;
- failing: an error was logged after the last successful cycle (PADR0010I or PADR0093I) and
  after the last failover step (the errors that led to a failover belong to that episode);
- unknown: anything else: nothing replicated yet, a failover in progress or completed (this
  vault is then the active one), the service stopped, or only half of a healthy pair;
- stale (only when asked for, with a maximum age): healthy or full replication completed, but
  the last successful cycle is older than the maximum: the log stopped saying anything new.

Warnings are listed with their remedy but never interrupt replication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cyberark_cfg.padrlog.codes import (
    FAILOVER,
    PASSWORD_ROTATION,
    STOPPED,
    SUCCESS,
    TABLE,
    lookup,
)
from cyberark_cfg.padrlog.entries import Entry

HEALTHY = "healthy"
FULL_REPLICATION = "full-replication"
FAILING = "failing"
UNKNOWN = "unknown"
STALE = "stale"

REPLICATE_ENDED, METADATA_RUNNING, FULL_DONE = "PADR0010I", "PADR0099I", "PADR0093I"
FAILOVER_STARTED, FAILOVER_DONE = "PADR0103I", "PADR0017I"
_EPISODE_STEPS = {"PADR0025I": "synchronized", "PADR0067I": "vault_started"}

COMPLETED, IN_PROGRESS, INTERRUPTED = "completed", "in progress", "interrupted"


# Looked up once per entry of a big log: plain dicts, not the table.
_EVENT_ROLES = {entry.code: entry.role for entry in TABLE
                if entry.role in (SUCCESS, FAILOVER, STOPPED)}
_CYCLE_ENDS = frozenset(entry.code for entry in TABLE if entry.cycle_end)


def role_of(entry: Entry) -> str:
    """The code's role in the table; any other code counts by its severity letter."""
    return _EVENT_ROLES.get(entry.code or "") or entry.severity


def is_cycle_end(code: str | None) -> bool:
    return code in _CYCLE_ENDS


def names_cycle_end(text: str) -> bool:
    """Whether ``text`` holds a cycle-ending code anywhere (entries or not)."""
    return any(code in text for code in _CYCLE_ENDS)


@dataclass
class Finding:
    """Every occurrence of one error or warning code, summed up."""

    code: str
    severity: str
    count: int = 0  # occurrences in the listed range
    unresolved: int = 0  # occurrences after the last successful cycle
    first: datetime | None = None
    last: datetime | None = None
    message: str = ""  # the latest occurrence's text

    @property
    def known(self) -> bool:
        return lookup(self.code) is not None


@dataclass
class Episode:
    """One failover: PADR0103I (start) ... PADR0025I ... PADR0067I ... PADR0017I (end)."""

    start: datetime | None = None  # None: it began before the part of the log that was read
    synchronized: datetime | None = None
    vault_started: datetime | None = None
    end: datetime | None = None
    outcome: str = IN_PROGRESS
    errors: int = 0
    listed: bool = False


class Tracker:
    """Feed entries oldest first; ask for the verdict at any point (``cfgtool log --follow``)."""

    def __init__(self) -> None:
        self.run: set[str] = set()  # success codes since the last interruption
        self.last_break: Entry | None = None
        self.last_success: Entry | None = None
        self.pending_errors = 0  # since the last successful cycle and the last failover step
        self.findings: dict[str, Finding] = {}
        self.episodes: list[Episode] = []
        self.open_episode: Episode | None = None
        self.password_rotations = 0  # "Leave replication user change password method" lines
        self.last_rotation: Entry | None = None

    def feed(self, entry: Entry, listed: bool = True) -> None:
        if entry.code is None:
            if PASSWORD_ROTATION in entry.message:
                self.password_rotations += listed
                self.last_rotation = entry
            return
        role = role_of(entry)
        if role == "info":
            return
        if role == SUCCESS:
            self._close_episode(entry, INTERRUPTED)
            self.run.add(entry.code)
            if is_cycle_end(entry.code):
                self.last_success = entry
                self.pending_errors = 0
                for finding in self.findings.values():
                    finding.unresolved = 0
            return
        if role == "warning":
            self._record(entry, listed)
            return
        self.run.clear()
        self.last_break = entry
        if role == FAILOVER:
            self.pending_errors = 0
            self._failover_step(entry, listed)
        elif role == STOPPED:
            self._close_episode(entry, INTERRUPTED)
        else:
            self.pending_errors += 1
            self._record(entry, listed)
            if self.open_episode is not None:
                self.open_episode.errors += 1

    def _record(self, entry: Entry, listed: bool) -> None:
        assert entry.code is not None
        finding = self.findings.setdefault(entry.code, Finding(entry.code, entry.severity))
        finding.unresolved += 1
        finding.count += listed
        finding.first = finding.first or entry.time
        finding.last = entry.time or finding.last
        finding.message = entry.message

    def _failover_step(self, entry: Entry, listed: bool) -> None:
        if entry.code == FAILOVER_STARTED:
            self._close_episode(entry, INTERRUPTED)
        episode = self.open_episode
        if episode is None:
            episode = self.open_episode = Episode()
            self.episodes.append(episode)
            if entry.code == FAILOVER_STARTED:
                episode.start = entry.time
        episode.listed = episode.listed or listed
        if entry.code in _EPISODE_STEPS:
            setattr(episode, _EPISODE_STEPS[entry.code], entry.time)
        if entry.code == FAILOVER_DONE:
            episode.end, episode.outcome = entry.time, COMPLETED
            self.open_episode = None

    def _close_episode(self, entry: Entry, outcome: str) -> None:
        if self.open_episode is not None:
            self.open_episode.end, self.open_episode.outcome = entry.time, outcome
            self.open_episode = None

    def verdict(self) -> tuple[str, str]:
        """The verdict and one sentence saying why."""
        if {REPLICATE_ENDED, METADATA_RUNNING} <= self.run:
            return HEALTHY, (f"{REPLICATE_ENDED} (Replicate ended) and {METADATA_RUNNING} "
                             "(Metadata Replication is running successfully) are the latest "
                             "replication events")
        if FULL_DONE in self.run:
            return FULL_REPLICATION, (f"{FULL_DONE} (Full Replication Completed Successfully) "
                                      "is the latest replication result")
        if self.pending_errors:
            after = ("after the last successful cycle" if self.last_success
                     else "and no successful cycle in the part of the log read")
            plural = "s" if self.pending_errors > 1 else ""
            return FAILING, f"{self.pending_errors} error{plural} logged {after}"
        if self.open_episode is not None:
            return UNKNOWN, ("a failover is in progress: this vault is taking over and does "
                             "not replicate")
        last_episode = self.episodes[-1] if self.episodes else None
        if last_episode and last_episode.outcome == COMPLETED and not self.run:
            return UNKNOWN, ("the latest event is a completed failover: this vault is the "
                             "active vault and does not replicate until a failback")
        if self.last_break is not None and self.last_break.code == "PADR0022I" and not self.run:
            return UNKNOWN, "the DR service terminated (PADR0022I) and has not replicated since"
        if self.run:
            seen = ", ".join(sorted(self.run))
            return UNKNOWN, (f"only {seen} since the last interruption; a healthy cycle logs "
                             f"both {REPLICATE_ENDED} and {METADATA_RUNNING}")
        return UNKNOWN, (f"no replication result ({REPLICATE_ENDED}, {METADATA_RUNNING} or "
                         f"{FULL_DONE}) in the part of the log read")
