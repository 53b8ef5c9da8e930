"""The estate: a topology together with the files it names, each loaded once.

Loading never raises for a file: a path that does not exist or a glob that matches nothing is
recorded for DR008, and a file that does not parse is recorded as a finding of its own (with
the parser's code and position), so the estate rules can still judge everything else.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field, replace

from cyberark_cfg.api import load
from cyberark_cfg.document import Document
from cyberark_cfg.errors import FileAccessError, ParseError
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

    def files(self) -> list[str]:
        """Every file of the estate that loaded, in topology order."""
        named = [d.path for d in (*self.padr.values(), *self.vault_ini.values()) if d and d.path]
        return named + [c.path for c in self.components]


def load_estate(topology: Topology | str | os.PathLike[str]) -> Estate:
    """Load every file a topology names (a path is read with :func:`load_topology` first)."""
    if not isinstance(topology, Topology):
        topology = load_topology(topology)
    estate = Estate(topology)
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
                        pattern, path, key, line, ""))
    seen: set[str] = set()
    for component in topology.components:
        for pattern in component.patterns:
            line = topology.lines.line_of_string(pattern, "components", component.index,
                                                 "files")
            for path in _expand(estate, pattern, line):
                if path in seen:
                    continue
                seen.add(path)
                document = _load(estate, path, None, Missing(pattern, path, "files", line, ""))
                if document is not None:
                    estate.components.append(ComponentFile(component, path, document))
    return estate


def _expand(estate: Estate, pattern: str, line: int) -> list[str]:
    resolved = estate.topology.resolve(pattern)
    if not glob.has_magic(pattern):
        return [resolved] if _present(estate, pattern, resolved, "files", line) else []
    matches = sorted(os.path.normpath(p) for p in glob.glob(resolved, recursive=True)
                     if os.path.isfile(p))
    if not matches:
        estate.missing.append(Missing(pattern, resolved, "files", line, "matches no file"))
    return matches


def _present(estate: Estate, pattern: str, path: str, key: str, line: int) -> bool:
    if os.path.isfile(path):
        return True
    reason = "is a directory, not a file" if os.path.isdir(path) else "does not exist"
    estate.missing.append(Missing(pattern, path, key, line, reason))
    return False


def _load(estate: Estate, path: str, kind: str | None, named: Missing) -> Document | None:
    try:
        document = load(path, kind, strict=False)
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
