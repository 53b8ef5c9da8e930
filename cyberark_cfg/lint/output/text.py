"""Text output: `path:line:col: CODE [severity] message`, one finding a line, then a summary.
The severity is a word, so a CI log without colour still tells errors from warnings; colour
comes on top (:func:`cyberark_cfg.lint.output.use_color`: `--color auto` colours a terminal
unless NO_COLOR is set)."""

from __future__ import annotations

from typing import TextIO

from cyberark_cfg.display import escape
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint.output import Summary, display_path

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _painted(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def render(diagnostic: Diagnostic, color: bool = False) -> str:
    """One finding's line (a pool's worker renders findings with this)."""
    # File names and messages can carry ESC, CR or a line break from the files: escaped,
    # so no file can colour, overwrite or forge a line of the report.
    where = f"{escape(display_path(diagnostic.path))}:{diagnostic.line}:{diagnostic.column}:"
    level = diagnostic.severity
    code = _painted(f"{diagnostic.code} [{level}]", _BOLD + _COLORS[level], color)
    return f"{_painted(where, _BOLD, color)} {code} {escape(diagnostic.message)}\n"


class TextWriter:
    def __init__(self, stream: TextIO, color: bool, quiet: bool = False) -> None:
        self.stream, self.color, self.quiet = stream, color, quiet
        self.render_spec = (__name__, color)  # see cyberark_cfg.lint.output.Writer

    def _paint(self, text: str, style: str) -> str:
        return _painted(text, style, self.color)

    def start(self) -> None:
        pass

    def finding(self, diagnostic: Diagnostic) -> None:
        self.rendered(render(diagnostic, self.color))

    def rendered(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return
        files = _plural(summary.files, "file")
        extra = ""
        if summary.baselined:
            extra += f"; {summary.baselined} more in the baseline"
        if summary.unreadable:
            extra += f"; {_plural(summary.unreadable, 'file')} could not be read"
        if summary.unknown:
            extra += f"; {_plural(summary.unknown, 'file')} of unknown kind not checked"
        if not summary.findings:
            # Only a run that checked everything it was given has passed.
            head = ("No findings" if summary.unreadable or summary.unknown
                    else "Nothing to check" if not summary.files else "All checks passed")
            self.stream.write(self._paint(f"{head} ({files} checked{extra}).", _DIM) + "\n")
            return
        counts = ", ".join(_plural(summary.by_severity[level], str(level),
                                   "info" if level is Severity.INFO else None)
                           for level in sorted(summary.by_severity, reverse=True))
        fixable = (f"; {summary.fixable} fixable with `cfgtool fix`" if summary.fixable else "")
        line = (f"Found {_plural(summary.findings, 'finding')} ({counts}) in {files}"
                f"{fixable}{extra}.")
        self.stream.write(self._paint(line, _BOLD) + "\n")


def make(stream: TextIO, color: bool, quiet: bool = False) -> TextWriter:
    return TextWriter(stream, color, quiet)
