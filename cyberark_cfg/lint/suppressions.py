"""Inline suppressions: an own-line comment `# cfgtool: ignore[CODE, ...]` (or `;`) above an
entry turns those codes (or prefixes) off for that entry. Blank lines and other comments may
stand between the comment and the entry; without a bracket list every code is ignored there.
"""

from __future__ import annotations

import re

from cyberark_cfg.document import Document
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint import selectors
from cyberark_cfg.nodes import Blank, Comment, Entry

_DIRECTIVE = re.compile(r"cfgtool\s*:\s*ignore(?:\[([^\]]*)\])?\s*$", re.IGNORECASE)


def suppressed_lines(document: Document) -> dict[int, tuple[str, ...]]:
    """Entry line number -> the selectors suppressed on it (`ALL` for a bare ignore)."""
    found: dict[int, tuple[str, ...]] = {}
    pending: list[str] = []
    for line in document.lines():
        if isinstance(line, Comment):
            match = _DIRECTIVE.search(line.body)
            if match:
                codes = match.group(1)
                pending.extend(selectors.split([codes]) if codes is not None else ["ALL"])
        elif isinstance(line, Entry):
            if pending:
                found[line.lineno] = tuple(pending)
            pending = []
        elif not isinstance(line, Blank):
            pending = []
    return found


def is_suppressed(diagnostic: Diagnostic, lines: dict[int, tuple[str, ...]]) -> bool:
    chosen = lines.get(diagnostic.line)
    return chosen is not None and selectors.match_length(diagnostic.code, chosen) >= 0
