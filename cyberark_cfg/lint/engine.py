"""Lint one file: a pure function from a path (or bytes) and a resolved configuration to a list
of diagnostics, so that a process pool can call it for many files at once.

A file whose bytes cannot be decoded (NUL bytes, truncated UTF-16) becomes a CFG002 finding and
stops there; a file with lines that do not parse is still linted as far as it parses (CFG001).
"""

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from cyberark_cfg.api import DEFAULT_MAX_BYTES, loads, read_bytes
from cyberark_cfg.document import Document
from cyberark_cfg.errors import FileAccessError, ParseError
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.suppressions import is_suppressed, suppressed_lines
from cyberark_cfg.rules import check_document, rules_for, run_rules
from cyberark_cfg.rules.base import Rule

# Findings rendered by a pool's worker: each one's text, severity (as an int) and whether
# it is fixable (all the parent needs to write it and count it).
Rendered = tuple[tuple[str, int, bool], ...]


class FileResult(NamedTuple):
    """What linting one file gave: its findings (or their ``rendered`` texts), or why it
    could not be read."""

    path: str
    kind: str | None
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None
    rendered: Rendered | None = None


def diagnose(data: bytes, path: str | None, kind: str | None,
             rules: list[Rule] | None = None, encoding: str | None = None
             ) -> tuple[Document | None, list[Diagnostic]]:
    """Parse ``data`` as ``kind`` (8-bit text in the ANSI code page ``encoding``, None:
    cp1252) and run ``rules`` (default: all) on it, unfiltered."""
    try:
        document = loads(data, kind, path=path, strict=False, encoding=encoding)
    except ParseError as exc:
        # Only decoding raises here (strict=False keeps bad lines): the text is unusable.
        return None, [Diagnostic(exc.code, Severity.ERROR, exc.message, path, exc.line,
                                 exc.column)]
    return document, check_document(document, rules)


def lint_file(path: str, config: LintConfig, kind: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Read, parse and lint the file at ``path``; findings filtered by ``config``.

    The bytes are read once and decoded once; without ``kind`` the decoded text tells it
    (:func:`~cyberark_cfg.api.loads`), and a file it does not tell (or that cannot be read or
    decoded) comes back with kind None and nothing else: not one of our files.
    """
    try:
        data = read_bytes(path, max_bytes)
    except FileAccessError as exc:
        # Not known by name and unreadable: not a file we can tell is ours (as before).
        return FileResult(path, kind, error=str(exc) if kind is not None else None)
    try:
        document = loads(data, kind, path=path, strict=False, encoding=config.encoding)
    except ParseError as exc:
        if kind is None:  # undecodable and not known by name: not one of our files
            return FileResult(path, None)
        # Only decoding raises here (strict=False keeps bad lines): the text is unusable.
        found = [Diagnostic(exc.code, Severity.ERROR, exc.message, path, exc.line, exc.column)]
        return FileResult(path, kind, apply_config(found, config, path, None))
    if document.kind is None:
        return FileResult(path, None)
    found = run_rules(document, _enabled_rules(config, document.kind))
    return FileResult(path, document.kind, apply_config(found, config, path, document))


def warm_up(config: LintConfig, kind: str | None) -> None:
    """Load what linting a file of ``kind`` needs (its rules, the parser and its compiled
    scanner) without reading a file: done once before a pool forks its workers."""
    _enabled_rules(config, kind)
    loads(b"", kind, strict=False)


@lru_cache(maxsize=64)
def _enabled_rules(config: LintConfig, kind: str | None) -> tuple[Rule, ...]:
    """The rules that run on a file of ``kind`` under ``config``: decided once per run and
    kind, not once per file."""
    return tuple(rule for rule in rules_for(kind)
                 if rule.applies_to(kind) and config.enabled(rule.code))


@lru_cache(maxsize=1024)
def _verdict(config: LintConfig, code: str, default: Severity) -> Severity | None:
    """The severity a finding of ``code`` is reported at under ``config``; None: turned off."""
    return config.severity_for(code, default) if config.enabled(code) else None


def apply_config(diagnostics: list[Diagnostic], config: LintConfig, path: str,
                 document: Document | None) -> list[Diagnostic]:
    """Drop what select/ignore, per-file-ignores and inline comments turn off; set severities."""
    if not diagnostics:
        return []
    here = config.ignored_for(path)
    inline = suppressed_lines(document) if document is not None else {}
    kept = []
    for diagnostic in diagnostics:
        code = diagnostic.code
        severity = _verdict(config, code, diagnostic.severity)
        if severity is None or (here and _matches(code, here)):
            continue
        if inline and is_suppressed(diagnostic, inline):
            continue
        kept.append(diagnostic if severity == diagnostic.severity
                    else diagnostic._replace(severity=severity))
    return kept


def _matches(code: str, chosen: tuple[str, ...]) -> bool:
    from cyberark_cfg.lint.selectors import match_length

    return match_length(code, chosen) >= 0
