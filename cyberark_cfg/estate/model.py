"""The estate: a topology together with the files it names, each loaded once.

Loading never raises for a file: a path that does not exist or a glob that matches nothing is
recorded for DR008, and a file that does not parse is recorded as a finding of its own (with
the parser's code and position), so the estate rules can still judge everything else.
"""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch

from cyberark_cfg.api import file_identity, load
from cyberark_cfg.document import Document
from cyberark_cfg.errors import FileAccessError, ParseError
from cyberark_cfg.estate.services import Snapshot, load_snapshot
from cyberark_cfg.estate.topology import Component, Topology, load_topology
from cyberark_cfg.findings import Diagnostic, Severity


@dataclass(frozen=True)
class Missing:
    """A file the topology names that is not there or cannot be read, or a glob that matches
    nothing; ``line`` is where the topology names it."""

    pattern: str
    path: str
    key: str
    line: int
    reason: str


@dataclass(frozen=True)
class ComponentFile:
    component: Component
    path: str
    document: Document


@dataclass
class Estate:
    """Everything the estate rules look at; documents are None when not named or not loaded."""

    topology: Topology
    padr: dict[str, Document | None] = field(default_factory=dict)
    vault_ini: dict[str, Document | None] = field(default_factory=dict)
    components: list[ComponentFile] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    # Service snapshots by vault name, and those that could not be read (DR014).
    services: dict[str, Snapshot | None] = field(default_factory=dict)
    snapshot_errors: list[ParseError] = field(default_factory=list)
    # The ANSI code page its 8-bit files are read in (None: cp1252), for files read later
    # (the backup chain's).
    encoding: str | None = None

    def files(self) -> list[str]:
        """Every file of the estate that loaded, in topology order."""
        named = [d.path for d in (*self.padr.values(), *self.vault_ini.values()) if d and d.path]
        return named + [c.path for c in self.components]


def load_estate(topology: Topology | str | os.PathLike[str], encoding: str | None = None
                ) -> Estate:
    """Load every file a topology names (a path is read with :func:`load_topology` first);
    ``encoding``: the ANSI code page of its 8-bit files (see :func:`~cyberark_cfg.api.loads`)."""
    if not isinstance(topology, Topology):
        topology = load_topology(topology)
    estate = Estate(topology, encoding=encoding)
    for vault in topology.vaults:
        for key, kind, target in (("padr", "padr", estate.padr),
                                  ("vault_ini", "vault", estate.vault_ini)):
            pattern = getattr(vault, key)
            target[vault.name] = None
            if pattern is not None:
                line = topology.lines.line_of("vaults", vault.name, key)
                path = topology.resolve(pattern)
                if _present(estate, pattern, path, key, line):
                    target[vault.name] = _load(estate, path, kind, Missing(
                        pattern, path, key, line, ""), encoding)
        estate.services[vault.name] = _snapshot(estate, vault.name)
    seen: set[object] = set()
    for component in topology.components:
        for pattern in component.patterns:
            line = topology.lines.line_of_string(pattern, "components", component.index,
                                                 "files")
            for path in _expand(estate, pattern, line):
                identity = file_identity(path) or path
                if identity in seen:  # the same file through a link, or named twice
                    continue
                seen.add(identity)
                document = _load(estate, path, None, Missing(pattern, path, "files", line, ""),
                                 encoding)
                if document is not None:
                    estate.components.append(ComponentFile(component, path, document))
    return estate


def _snapshot(estate: Estate, name: str) -> Snapshot | None:
    pattern = estate.topology.vault(name).services
    if pattern is None:
        return None
    line = estate.topology.lines.line_of("vaults", name, "services")
    path = estate.topology.resolve(pattern)
    if not _present(estate, pattern, path, "services", line):
        return None
    try:
        return load_snapshot(path)
    except ParseError as exc:
        estate.snapshot_errors.append(exc)
    except FileAccessError as exc:
        estate.missing.append(Missing(pattern, path, "services", line,
                                      f"cannot be read ({exc.message})"))
    return None


def _expand(estate: Estate, pattern: str, line: int) -> list[str]:
    resolved = estate.topology.resolve(pattern)
    if not glob.has_magic(pattern):
        return [resolved] if _present(estate, pattern, resolved, "files", line) else []
    matches = expand_glob(resolved)
    if not matches:
        estate.missing.append(Missing(pattern, resolved, "files", line, "matches no file"))
    return matches


def expand_glob(pattern: str) -> list[str]:
    """The files a glob matches (`*`, `?`, `[...]` in a name, `**` for any folders), sorted,
    each file once however many links lead to it.

    Unlike :func:`glob.glob`, a link that loops back to a folder above it is walked once: a
    `**` over two link loops never ends there, and over one it names the same files again at
    every depth. The walk keeps a stack, not recursion, so a deep tree cannot overflow it.
    """
    drive, rest = os.path.splitdrive(os.path.normpath(pattern))
    parts = rest.replace("\\", "/").split("/") if os.sep == "\\" else rest.split(os.sep)
    root = drive + (os.sep if parts and parts[0] == "" else "")
    segments = [part for part in parts if part]
    while segments and not glob.has_magic(segments[0]):
        root = os.path.join(root, segments.pop(0)) if root else segments.pop(0)
    stack = [(root or os.curdir, 0)]
    expanded: set[tuple[tuple[int, int] | None, int]] = set()
    found: list[str] = []
    while stack:
        path, index = stack.pop()
        if index == len(segments):
            found.append(path)
            continue
        segment = segments[index]
        if not glob.has_magic(segment):
            stack.append((os.path.join(path, segment), index + 1))
            continue
        if segment == "**":
            state = (file_identity(path), index)
            if state in expanded:  # this folder was walked for this segment: a loop
                continue
            expanded.add(state)
            stack.append((path, index + 1))
        for name in _names(path):
            if name.startswith(".") and not segment.startswith("."):
                continue  # glob's rule: `*` does not match a hidden name
            child = os.path.join(path, name)
            if segment == "**":
                if os.path.isdir(child):
                    stack.append((child, index))
                elif index == len(segments) - 1:  # a last `**` matches files too
                    found.append(child)
            elif fnmatch(name, segment):
                stack.append((child, index + 1))
    files: dict[tuple[int, int], str] = {}
    for path in sorted(os.path.normpath(p) for p in found):
        try:
            info = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            files.setdefault((info.st_dev, info.st_ino), path)
    return sorted(files.values())


def _names(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _present(estate: Estate, pattern: str, path: str, key: str, line: int) -> bool:
    if os.path.isfile(path):
        return True
    reason = ("is a directory, not a file" if os.path.isdir(path) else
              "is not a regular file (a pipe, socket or device)" if os.path.exists(path) else
              "does not exist")
    estate.missing.append(Missing(pattern, path, key, line, reason))
    return False


def _load(estate: Estate, path: str, kind: str | None, named: Missing,
          encoding: str | None = None) -> Document | None:
    try:
        document = load(path, kind, strict=False, encoding=encoding)
    except ParseError as exc:
        estate.problems.append(Diagnostic(exc.code, Severity.ERROR, exc.message, path,
                                          exc.line, exc.column))
        return None
    except FileAccessError as exc:
        estate.missing.append(replace(named, reason=f"cannot be read ({exc.message})"))
        return None
    for error in document.errors:
        estate.problems.append(Diagnostic(error.code, Severity.ERROR, error.message, path,
                                          error.line, error.column))
    return document
