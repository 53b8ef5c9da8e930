"""GitHub Actions output: one workflow command per finding,
`::error file=...,line=...,col=...,title=CODE::message` (info findings become notices)."""

from __future__ import annotations

import os
from typing import TextIO

from cyberark_cfg.display import escape
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint.output import Summary, display_path

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # Workflow command escaping: the message may not hold raw line breaks or `%`; other
    # control characters (ESC, undecodable bytes of a name) are written as visible escapes.
    return escape(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostic: Diagnostic, color: bool = False) -> str:
    """One finding's workflow command (a pool's worker renders findings with this)."""
    path = display_path(diagnostic.path)
    if os.sep == "\\":  # GitHub's paths use `/`; elsewhere a backslash is part of a name
        path = path.replace("\\", "/")
    return (f"::{LEVELS[diagnostic.severity]} file={_property(path)},line={diagnostic.line},"
            f"col={diagnostic.column},title={_property(diagnostic.code)}::"
            f"{_data(diagnostic.message)}\n")


class GithubWriter:
    render_spec = (__name__, False)  # see cyberark_cfg.lint.output.Writer

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def start(self) -> None:
        pass

    def finding(self, diagnostic: Diagnostic) -> None:
        self.rendered(render(diagnostic))

    def rendered(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        pass


def make(stream: TextIO, color: bool) -> GithubWriter:
    return GithubWriter(stream)
