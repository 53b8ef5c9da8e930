"""What every check reports: a :class:`Diagnostic` (one finding), the :class:`Fix` it may
carry (edits as data) and its :class:`Severity`.

The findings core sits just above the document model and its edits: rules produce findings;
lint, fixing, the estate checks, the report and the CLI consume them, all importing downward.
"""

import enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a fix holds edits; linting a file that needs none never loads them
    from cyberark_cfg.edits import Edit


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


class Fix(NamedTuple):
    """What a diagnostic's fix does (imperative title), its edits, and whether it is safe."""

    title: str
    edits: tuple["Edit", ...]
    safe: bool = True


class Diagnostic(NamedTuple):
    """One finding. ``path`` names the file it is about (estate rules may name another file).
    Findings are named tuples, not dataclasses: as immutable, compared and shown alike, and
    about six times cheaper to define, which a cold `cfgtool lint FILE` pays for."""

    code: str
    severity: Severity
    message: str
    path: str | None
    line: int = 1
    column: int = 1
    key: str | None = None
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def one_line(self) -> str:
        """`path:line:col: CODE [severity] message`, as fix and check-change print findings."""
        return (f"{self.path}:{self.line}:{self.column}: {self.code} [{self.severity}] "
                f"{self.message}")
