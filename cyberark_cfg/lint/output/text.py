"""Text output: `path:line:col: CODE message`, one finding a line, then a summary; coloured on a
terminal (the command decides: never when piped or with NO_COLOR)."""

from __future__ import annotations

from typing import TextIO

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint.output import Summary, display_path

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


class TextWriter:
    def __init__(self, stream: TextIO, color: bool) -> None:
        self.stream, self.color = stream, color

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def start(self) -> None:
        pass

    def finding(self, diagnostic: Diagnostic) -> None:
        where = f"{display_path(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
        code = self._paint(diagnostic.code, _BOLD + _COLORS[diagnostic.severity])
        self.stream.write(f"{self._paint(where, _BOLD)} {code} {diagnostic.message}\n")
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        files = _plural(summary.files, "file")
        extra = ""
        if summary.baselined:
            extra += f"; {summary.baselined} more in the baseline"
        if summary.unreadable:
            extra += f"; {_plural(summary.unreadable, 'file')} could not be read"
        if not summary.findings:
            self.stream.write(self._paint(f"All checks passed ({files} checked{extra}).", _DIM)
                              + "\n")
            return
        counts = ", ".join(_plural(summary.by_severity[level], str(level),
                                   "info" if level is Severity.INFO else None)
                           for level in sorted(summary.by_severity, reverse=True))
        fixable = (f"; {summary.fixable} fixable with `cfgtool fix`" if summary.fixable else "")
        line = (f"Found {_plural(summary.findings, 'finding')} ({counts}) in {files}"
                f"{fixable}{extra}.")
        self.stream.write(self._paint(line, _BOLD) + "\n")


def make(stream: TextIO, color: bool) -> TextWriter:
    return TextWriter(stream, color)
