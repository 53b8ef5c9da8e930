"""JSON output: one list of finding objects, written as the findings come (the list is valid
JSON only when complete). The record shape is a documented contract (see the README)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from cyberark_cfg.display import undecodable
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.output import Summary, display_path


def record(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "path": undecodable(display_path(diagnostic.path)),  # a name's bytes as \\xNN
        "line": diagnostic.line,
        "column": diagnostic.column,
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "key": diagnostic.key,
        "fixable": diagnostic.fixable,
        "fix_title": diagnostic.fix.title if diagnostic.fix else None,
    }


def render(diagnostic: Diagnostic, color: bool = False) -> str:
    """One finding's text in the list, without the comma before it (a pool's worker renders
    findings with this; the writer adds the commas)."""
    return "\n  " + json.dumps(record(diagnostic))


class JsonWriter:
    render_spec = (__name__, False)  # see cyberark_cfg.lint.output.Writer

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.count = stream, 0

    def start(self) -> None:
        self.stream.write("[")

    def finding(self, diagnostic: Diagnostic) -> None:
        self.rendered(render(diagnostic))

    def rendered(self, text: str) -> None:
        self.stream.write(("," if self.count else "") + text)
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")


def make(stream: TextIO, color: bool) -> JsonWriter:
    return JsonWriter(stream)
