"""The change record as read back, for the report and the drill record: the JSON lines that
`cfgtool fix --record` appends (see :mod:`cyberark_cfg.fixing.record`), each compared with the
file as it is now on disk, so a drill can see that every recorded edit is still in place."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from cyberark_cfg.api import read_bytes
from cyberark_cfg.errors import FileAccessError, ParseError
from cyberark_cfg.secrecy import redact_assignments
from cyberark_cfg.writing import sha256

_REQUIRED = ("time", "path", "sha256_before", "sha256_after")
IN_PLACE, REVERTED, CHANGED, SUPERSEDED, GONE = (
    "in place", "reverted", "changed since", "superseded by a later edit", "file missing")


@dataclass(frozen=True)
class Change:
    line: int
    time: str
    path: str
    procedure: str
    edits: tuple[str, ...]
    before: str
    after: str
    backup: str | None
    now: str  # IN_PLACE, REVERTED, CHANGED, SUPERSEDED or GONE


def read_changes(path: str) -> list[Change]:
    """Every record in the file, oldest first; a line that is not one is a ParseError."""
    text = read_bytes(path).decode("utf-8", "replace")
    raw = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            raw.append((number, _record(line, path, number)))
    latest = {os.path.normcase(os.path.abspath(str(r["path"]))): n for n, r in raw}
    return [_change(number, record, latest) for number, record in raw]


def _record(line: str, path: str, number: int) -> dict[str, object]:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        raise ParseError("not a JSON line of `cfgtool fix --record`", path=path,
                         line=number) from None
    if not isinstance(record, dict):
        raise ParseError("not a JSON object of `cfgtool fix --record`", path=path, line=number)
    for key in _REQUIRED:
        if not isinstance(record.get(key), str) or not record[key]:
            raise ParseError(f"a change record needs {key!r} (a string)", path=path,
                             line=number)
    for key in ("edits", "fixes"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParseError(f"{key!r} must be a list of strings", path=path, line=number)
    return record


def _change(number: int, record: dict[str, object], latest: dict[str, int]) -> Change:
    target = str(record["path"])
    before, after = str(record["sha256_before"]), str(record["sha256_after"])
    if latest[os.path.normcase(os.path.abspath(target))] != number:
        now = SUPERSEDED
    else:
        try:
            current = sha256(read_bytes(target))
        except FileAccessError:
            current = None
        now = (GONE if current is None else IN_PLACE if current == after else
               REVERTED if current == before else CHANGED)
    edits = record.get("edits") or record.get("fixes") or []
    assert isinstance(edits, list)
    backup = record.get("backup")
    return Change(number, str(record["time"]), target, str(record.get("procedure") or "fix"),
                  tuple(redact_assignments(str(e)) for e in edits), before, after,
                  backup if isinstance(backup, str) else None, now)
