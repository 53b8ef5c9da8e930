"""The drill record for auditors (`cfgtool runbook PROCEDURE --drill-record`): the procedure,
each step's status and evidence (the change records `cfgtool fix --record` wrote for it, with
their time and SHA-256 before and after; for a service step, the snapshots of the vaults it
changes, with the time each was written), the files and service snapshots as they are now
(hashes), the failover timeline from padr.log (PADR0103I to PADR0017I) and the replication gap.

Only hashes, names, times, statuses and codes go in: never a file's content, so no secret.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any

from cyberark_cfg.api import read_bytes
from cyberark_cfg.display import json_valid
from cyberark_cfg.drill.runbook import Runbook, Step
from cyberark_cfg.drill.status import Evidence, gather, status
from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.estate.state import iso_utc
from cyberark_cfg.fixing.changes import Change, read_changes
from cyberark_cfg.padrlog.entries import Entry, detect_order, wanted_entries
from cyberark_cfg.padrlog.reader import LogFile
from cyberark_cfg.writing import sha256

_LOG_TAIL = 32 << 20  # the timeline reads at most the last 32 MiB of a padr.log
_CYCLE_ENDS = ("PADR0010I", "PADR0093I")


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _hash(path: str) -> str | None:
    try:
        return sha256(read_bytes(path))
    except FileAccessError:
        return None


def _modified(path: str) -> str | None:
    try:
        moment = datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc)
    except OSError:
        return None
    return iso_utc(moment.replace(microsecond=0))


def _snapshot(path: str) -> dict[str, Any]:
    """A service snapshot as evidence: where, when it was written (UTC), its hash."""
    return {"path": path, "modified": _modified(path), "sha256": _hash(path)}


def _step_snapshots(step: Step, evidence: Evidence) -> list[dict[str, Any]]:
    """For a service step: the snapshots of the vaults whose services it changes."""
    found = []
    for vault in evidence.state.vaults:
        if vault.name in step.expect and vault.services is not None:
            found.append(dict(_snapshot(vault.services.path), vault=vault.name))
    return found


def _step_changes(step: Step, changes: list[Change]) -> list[dict[str, Any]]:
    """The change records a step's `cfgtool fix FILE --PROCEDURE` command wrote (read from the
    step's template and target, not by re-splitting the printed command, whose quoting
    differs between shells)."""
    words = (step.spec.command or "").split()
    if (words[:2] != ["cfgtool", "fix"] or len(words) < 4 or not words[3].startswith("--")
            or step.target is None):
        return []
    target, procedure = _key(step.target), words[3][2:]
    return [{"time": c.time, "path": c.path, "procedure": c.procedure,
             "sha256_before": c.before, "sha256_after": c.after, "now": c.now}
            for c in changes if _key(c.path) == target and c.procedure == procedure]


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(sep=" ")


def timeline(path: str) -> dict[str, Any]:
    """The last failover in a padr.log: each step's time (the log's own local time), and the
    last successful replication cycle before it (the replication gap)."""
    with LogFile(path) as log:
        start = max(log.encoding.start, log.end - _LOG_TAIL)
        text = log.encoding.decode(log.read(start, log.end - start))
    # padr.log writes dates in the server's locale: read them in the order the log shows (a
    # day above 12); a log where every date reads both ways gives its steps without times.
    order = detect_order(text)
    entries = [e for e in wanted_entries(text, order)
               if e.code and (order is None or e.time is not None)]
    starts = [i for i, e in enumerate(entries) if e.code == "PADR0103I"]
    if not starts:
        return {"log": path, "failover": None, "replication_gap": None}
    first = starts[-1]
    steps: dict[str, str | None] = {}
    for entry in entries[first:]:
        if entry.code in ("PADR0103I", "PADR0024I", "PADR0025I", "PADR0067I", "PADR0017I",
                          "PADR0022I") and entry.code not in steps:
            steps[entry.code] = _time(entry.time)
    before: Entry | None = next((e for e in reversed(entries[:first])
                                 if e.code in _CYCLE_ENDS), None)
    began = entries[first].time
    gap: timedelta | None = (began - before.time if before is not None and began is not None
                             and before.time is not None else None)
    return {
        "log": path,
        "failover": {"codes": steps, "completed": "PADR0017I" in steps},
        "replication_gap": None if before is None else {
            "last_cycle": _time(before.time), "last_cycle_code": before.code,
            "failover_started": _time(began),
            "seconds": None if gap is None else int(gap.total_seconds())},
    }


def drill_record(runbook: Runbook, record: str | None = None,
                 now: datetime | None = None, evidence: Evidence | None = None,
                 encoding: str | None = None) -> dict[str, Any]:
    evidence = evidence or gather(runbook, encoding=encoding)
    result = status(runbook, evidence)
    changes = read_changes(record) if record else []
    topology = runbook.topology
    vaults = []
    for vault in topology.vaults:
        found = next((v for v in evidence.state.vaults if v.name == vault.name), None)
        padr = topology.resolve(vault.padr) if vault.padr else None
        snapshot = found.services if found is not None else None
        vaults.append({
            "name": vault.name, "role": vault.role,
            "padr": None if padr is None else {"path": padr, "sha256": _hash(padr)},
            "services": None if snapshot is None else dict(
                _snapshot(snapshot.path), list=[s.to_json() for s in snapshot.known()]),
            "last_data_replication": (iso_utc(found.last_replication) if found is not None
                                      and found.last_replication else None),
            "padrlog": timeline(topology.resolve(vault.padrlog)) if vault.padrlog else None,
        })
    return {
        "procedure": runbook.procedure,
        "title": runbook.title,
        "topology": topology.path,
        "generated": iso_utc(now) if now else None,
        "state": result.state,
        "complete": result.complete,
        "steps": [dict(s.to_json(), command=s.step.command,
                       changes=_step_changes(s.step, changes),
                       snapshots=_step_snapshots(s.step, evidence)) for s in result.steps],
        "vaults": vaults,
        "changes": [{"line": c.line, "time": c.time, "path": c.path, "procedure": c.procedure,
                     "sha256_before": c.before, "sha256_after": c.after, "now": c.now}
                    for c in changes],
    }


def render_record(record: dict[str, Any]) -> str:
    return json.dumps(json_valid(record), indent=2)
