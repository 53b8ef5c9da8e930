"""Output writers: each takes findings one at a time as they come and writes them at once, then
a closing summary. :func:`writer` imports only the format asked for.

The formats people read as they come (text, github) flush each finding; JSON and SARIF are of
use only whole, so they go through the stream's buffer (memory stays bounded either way).
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from typing import Protocol, TextIO

from cyberark_cfg.findings import Diagnostic, Severity

FORMATS = {
    "text": "cyberark_cfg.lint.output.text",
    "json": "cyberark_cfg.lint.output.json_list",
    "sarif": "cyberark_cfg.lint.output.sarif",
    "github": "cyberark_cfg.lint.output.github",
}


class Summary:
    """Counts for the closing line and the exit code (a plain class: a dataclass costs a
    cold `cfgtool lint FILE` more to define than the whole run uses it)."""

    def __init__(self, files: int = 0, fixable: int = 0, unreadable: int = 0,
                 unknown: int = 0, baselined: int = 0) -> None:
        self.files = files
        self.by_severity: Counter[Severity] = Counter()
        self.fixable = fixable
        self.unreadable = unreadable
        self.unknown = unknown  # files named on the command line whose kind is unknown
        self.baselined = baselined

    def add(self, diagnostic: Diagnostic) -> None:
        self.count(diagnostic.severity, diagnostic.fixable)

    def count(self, severity: Severity, fixable: bool) -> None:
        """Count one finding (of a pool's rendered findings, which are no longer objects)."""
        self.by_severity[severity] += 1
        self.fixable += fixable

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def reaches(self, level: Severity) -> bool:
        """Whether any finding is at ``level`` or above."""
        return any(count and severity >= level for severity, count in self.by_severity.items())


class Writer(Protocol):
    """What a lint run writes to. A writer whose findings do not depend on each other (text,
    json, github; not SARIF, which numbers its rules as they come) may also carry
    ``render_spec``, (the module whose ``render(diagnostic, color)`` gives a finding's text,
    color), and ``rendered(text)``, which writes such a text: a pool's workers then render
    the findings and the parent only writes them, in order."""

    def start(self) -> None: ...

    def finding(self, diagnostic: Diagnostic) -> None: ...

    def finish(self, summary: Summary) -> None: ...


# (module, color): how a pool's worker renders findings for a writer (see Writer).
RenderSpec = tuple[str, bool]


def render_spec(out: Writer) -> RenderSpec | None:
    """How ``out``'s findings can be rendered elsewhere, or None when they cannot."""
    spec = getattr(out, "render_spec", None)
    return spec if spec is not None and callable(getattr(out, "rendered", None)) else None


COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color`: always, never, or auto (a terminal, and NO_COLOR unset or empty)."""
    if choice not in COLOR_CHOICES:
        raise ValueError(f"--color must be one of {', '.join(COLOR_CHOICES)}")
    if choice != "auto":
        return choice == "always"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def writer(name: str, stream: TextIO, color: bool = False, quiet: bool = False) -> Writer:
    """The writer for format ``name`` (text, json, sarif, github) on ``stream``; ``quiet``
    leaves out the text format's closing summary (the machine formats have none)."""
    module = importlib.import_module(FORMATS[name])
    made: Writer = module.make(stream, color, quiet) if quiet else module.make(stream, color)
    return made


def display_path(path: str | None) -> str:
    return path or "<input>"
