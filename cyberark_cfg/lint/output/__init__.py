"""Output writers: each takes findings one at a time as they come and writes them at once, then
a closing summary. :func:`writer` imports only the format asked for.

The formats people read as they come (text, github) flush each finding; JSON and SARIF are of
use only whole, so they go through the stream's buffer (memory stays bounded either way).
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from cyberark_cfg.findings import Diagnostic, Severity

FORMATS = {
    "text": "cyberark_cfg.lint.output.text",
    "json": "cyberark_cfg.lint.output.json_list",
    "sarif": "cyberark_cfg.lint.output.sarif",
    "github": "cyberark_cfg.lint.output.github",
}


@dataclass
class Summary:
    """Counts for the closing line and the exit code."""

    files: int = 0
    by_severity: Counter[Severity] = field(default_factory=Counter)
    fixable: int = 0
    unreadable: int = 0
    baselined: int = 0

    def add(self, diagnostic: Diagnostic) -> None:
        self.by_severity[diagnostic.severity] += 1
        self.fixable += diagnostic.fixable

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())


class Writer(Protocol):
    def start(self) -> None: ...

    def finding(self, diagnostic: Diagnostic) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def writer(name: str, stream: TextIO, color: bool = False) -> Writer:
    """The writer for format ``name`` (text, json, sarif, github) on ``stream``."""
    module = importlib.import_module(FORMATS[name])
    made: Writer = module.make(stream, color)
    return made


def display_path(path: str | None) -> str:
    return path or "<input>"
