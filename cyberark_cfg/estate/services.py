"""Service snapshots: what runs on a vault server, read from the files an administrator can make
without installing anything (`Get-Service ... | ConvertTo-Json`, `Get-Service | Export-Csv`,
`sc queryex` / `sc qc` text), and matched to the services of the founding document's table.

Which services a vault runs is the evidence the DR state rests on (cyberark-formats.md section
10): padr.ini alone cannot tell a split brain from a crashed primary.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cyberark_cfg.api import DEFAULT_MAX_BYTES, read_bytes
from cyberark_cfg.decoding import decode
from cyberark_cfg.errors import ParseError

# The services of the seed's table, by the role they play. The display names are the table's
# (S1); "CyberArk Disaster Recovery" is how other sources write the DR service (S2, S7) and
# "CyberArk Event Notification Engine" is ENE's long name (S1). The short service names are
# not all public: "PADR" and "ENE" below are [inferred], so matching is by either name,
# case-insensitively, with "Cyber-Ark" and "CyberArk" taken as one spelling.
SERVER, DR_SERVICE, ENE = "server", "dr-service", "ene"
ROLES: dict[str, tuple[str, ...]] = {
    SERVER: ("PrivateArk Server",),
    DR_SERVICE: ("CyberArk Vault Disaster Recovery", "CyberArk Disaster Recovery", "PADR"),
    ENE: ("Cyber-Ark ENE", "CyberArk Event Notification Engine", "ENE"),
    "firewall": ("Cyber-Ark Hardened Windows Firewall",),
    "logic-container": ("CyberArk Logic Container",),
    "database": ("PrivateArk Database",),
    "remote-control": ("PrivateArk Remote Control Agent",),
}
LABELS = {role: names[0] for role, names in ROLES.items()}

# ServiceControllerStatus and ServiceStartMode as ConvertTo-Json writes them (numbers), with
# the names -EnumsAsStrings, Export-Csv and sc print.
STATUS_NAMES = ("Stopped", "StartPending", "StopPending", "Running", "ContinuePending",
                "PausePending", "Paused")
START_NAMES = ("Boot", "System", "Automatic", "Manual", "Disabled")
_STATUS_BY_NUMBER = dict(enumerate(STATUS_NAMES, start=1))
_START_BY_NUMBER = dict(enumerate(START_NAMES))
_SC_START = {"BOOT_START": "Boot", "SYSTEM_START": "System", "AUTO_START": "Automatic",
             "DEMAND_START": "Manual", "DISABLED": "Disabled"}
# Win32_Service (Get-CimInstance) spells two of them differently.
_ALIASES = {"auto": "Automatic", "automatic (delayed start)": "Automatic"}
_SC_LINE = re.compile(r"^\s*([A-Z_0-9]+)\s*:\s?(.*?)\s*$")


class SnapshotError(ParseError):
    """A service snapshot that cannot be read: names the file, line and column."""

    def __init__(self, message: str, *, path: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message, path=path, line=line, column=column, code="DR014")


@dataclass(frozen=True)
class Service:
    """One service of a snapshot: ``status`` is a ServiceControllerStatus name (None when the
    snapshot does not say, as `sc qc` alone), ``start_type`` a ServiceStartMode name."""

    name: str
    display_name: str | None
    status: str | None
    start_type: str | None
    line: int

    @property
    def role(self) -> str | None:
        return role_of(self.name, self.display_name)

    @property
    def running(self) -> bool | None:
        """Whether the service's process is up: any status but Stopped (pending and paused
        states included, since the process holds the vault's database either way)."""
        return None if self.status is None else self.status != "Stopped"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "display_name": self.display_name, "status": self.status,
                "start_type": self.start_type}


@dataclass(frozen=True)
class Snapshot:
    """The services of one vault server, as one file recorded them."""

    path: str
    format: str  # json, csv or sc
    services: tuple[Service, ...]

    def find(self, role: str) -> Service | None:
        return next((s for s in self.services if s.role == role), None)

    def running(self, role: str) -> bool | None:
        """True or False when the snapshot shows the service's status; None when it does not
        list the service (`sc query` without ``state= all`` lists only running ones)."""
        service = self.find(role)
        return None if service is None else service.running

    def known(self) -> list[Service]:
        """The snapshot's services of the seed's table, in table order."""
        found = [self.find(role) for role in ROLES]
        return [s for s in found if s is not None]


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("cyber-ark", "cyberark").split())


_BY_NAME = {_normal(name): role for role, names in ROLES.items() for name in names}


def role_of(name: str, display_name: str | None = None) -> str | None:
    """The table role of a service by its service name or display name, or None."""
    for candidate in (display_name, name):
        if candidate and _normal(candidate) in _BY_NAME:
            return _BY_NAME[_normal(candidate)]
    return None


def load_snapshot(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Snapshot:
    """Read a snapshot file in any of the three formats (encoding and BOM detected)."""
    name = os.fspath(path)
    return parse_snapshot(read_bytes(name, max_bytes), name)


def parse_snapshot(data: bytes, path: str) -> Snapshot:
    text = decode(data, path).text
    stripped = text.lstrip()
    if not stripped:
        raise SnapshotError("empty service snapshot", path=path)
    if stripped[0] in "[{":
        return Snapshot(path, "json", _from_json(text, path))
    if "SERVICE_NAME" in text:
        return Snapshot(path, "sc", _from_sc(text, path))
    first = stripped.splitlines()[0]
    if first.startswith(("#TYPE", '"')) or "," in first:
        return Snapshot(path, "csv", _from_csv(text, path))
    raise SnapshotError("not a service snapshot: expected the JSON of Get-Service | "
                        "ConvertTo-Json, the CSV of Export-Csv, or sc queryex text",
                        path=path, line=text[: len(text) - len(stripped)].count("\n") + 1)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _from_json(text: str, path: str) -> tuple[Service, ...]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                            column=exc.colno) from None
    except ValueError:  # a number of more than 4,300 digits
        raise SnapshotError("not valid JSON: a number too long to read", path=path) from None
    except RecursionError:
        raise SnapshotError("not valid JSON: nested too deeply", path=path) from None
    start = len(text) - len(text.lstrip())
    if isinstance(whole, dict):
        return (_json_service(whole, path, _line_of(text, start)),)
    if not isinstance(whole, list):
        raise SnapshotError("expected a JSON object or array of services", path=path,
                            line=_line_of(text, start))
    # Walk the array again to learn where each element starts, for messages naming its line
    # (counting the line breaks since the previous element: linear in the file).
    decoder, index, found = json.JSONDecoder(), text.index("[", start) + 1, []
    line, counted = 1, 0
    for item in whole:
        while text[index] in " \t\r\n,":
            index += 1
        line, counted = line + text.count("\n", counted, index), index
        _, index = decoder.raw_decode(text, index)
        if not isinstance(item, dict):
            raise SnapshotError("each element must be an object (a service)", path=path,
                                line=line)
        found.append(_json_service(item, path, line))
    return tuple(found)


def _json_service(item: dict[str, Any], path: str, line: int) -> Service:
    fields = {key.lower(): value for key, value in item.items()}
    name = fields.get("name") or fields.get("servicename")
    if not isinstance(name, str) or not name.strip():
        raise SnapshotError("a service without a Name", path=path, line=line)
    display = fields.get("displayname")
    status = fields.get("status", fields.get("state"))
    start = fields.get("starttype", fields.get("startmode"))
    return Service(name.strip(), display.strip() if isinstance(display, str) else None,
                   _enum(status, _STATUS_BY_NUMBER, STATUS_NAMES, "Status", path, line),
                   _enum(start, _START_BY_NUMBER, START_NAMES, "StartType", path, line),
                   line)


def _enum(value: object, numbers: dict[int, str], names: tuple[str, ...], what: str,
          path: str, line: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in numbers:
        return numbers[value]
    if isinstance(value, str):
        wanted = value.strip().lower()
        if wanted in _ALIASES:
            return _ALIASES[wanted]
        match = next((n for n in names if n.lower() == wanted), None)
        if match is not None:
            return match
        if wanted.isdecimal() and len(wanted) <= 2 and int(wanted) in numbers:
            return numbers[int(wanted)]
    shown = value if isinstance(value, (int, str)) and len(str(value)) <= 40 else "?"
    raise SnapshotError(f"{what} {shown!r} is not one of {', '.join(names)} (or their numbers)",
                        path=path, line=line)


def _from_csv(text: str, path: str) -> tuple[Service, ...]:
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip()
                                    or lines[skipped].lstrip().startswith("#")):
        skipped += 1  # Windows PowerShell's "#TYPE System.ServiceProcess..." first line
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        column = {h: i for i, h in enumerate(header)}
        name_at = column.get("name", column.get("servicename"))
        if name_at is None or "status" not in column:
            raise SnapshotError("the CSV header needs Name (or ServiceName) and Status columns",
                                path=path, line=skipped + 1)
        found = []
        for row in reader:
            line = skipped + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise SnapshotError(f"{len(row)} fields where the header has {len(header)}",
                                    path=path, line=line)
            item = {key: row[index] or None for key, index in column.items()}
            item["name"] = row[name_at]
            found.append(_json_service(item, path, line))
    except csv.Error as exc:
        raise SnapshotError(f"not valid CSV: {exc}", path=path,
                            line=skipped + reader.line_num) from None
    return tuple(found)


def _from_sc(text: str, path: str) -> tuple[Service, ...]:
    """`sc queryex` (SERVICE_NAME, DISPLAY_NAME, STATE) and `sc qc` (START_TYPE) records; the
    two may be concatenated in one file and are merged by service name."""
    records: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SC_LINE.match(line)
        if match is None:
            continue  # blank lines, "[SC] ... SUCCESS", the flags line under STATE
        key, value = match.groups()
        if key == "SERVICE_NAME":
            current = records.setdefault(value.lower(), {"name": value, "line": number})
        elif current is None:
            raise SnapshotError(f"{key} before any SERVICE_NAME line", path=path, line=number)
        elif key == "DISPLAY_NAME":
            current["displayname"] = value
        elif key == "STATE":
            current["status"] = _sc_word(value, path, number).title().replace("_", "")
        elif key == "START_TYPE":
            word = _sc_word(value, path, number)
            if word not in _SC_START:
                raise SnapshotError(f"START_TYPE {word!r} is not one of {', '.join(_SC_START)}",
                                    path=path, line=number)
            current["starttype"] = _SC_START[word]
    return tuple(_json_service(r, path, r["line"]) for r in records.values())


def _sc_word(value: str, path: str, line: int) -> str:
    """``4  RUNNING`` -> ``RUNNING``; ``2   AUTO_START  (DELAYED)`` -> ``AUTO_START``."""
    words = value.split()
    if len(words) < 2 or not words[0].isdigit():
        raise SnapshotError("expected a number and a name, as in 'STATE : 4  RUNNING'",
                            path=path, line=line)
    return words[1].upper()
