"""Pre-change linting: report what a change to a set of configuration files introduces.

A finding is introduced when the file has it after the change and not before, compared by
(file, code, key) rather than line, so moved lines are not news; the transition rules
(CHG001-CHG003) judge the change itself. The change is read by :mod:`cyberark_cfg.estate.change`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cyberark_cfg.api import DEFAULT_MAX_BYTES, detect_kind
from cyberark_cfg.display import escape
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import apply_config, diagnose

if TYPE_CHECKING:  # `introduced` serves `set` too, which needs neither the estate nor CHG rules
    from cyberark_cfg.estate.change import FileChange


def _kind_of(change: FileChange) -> str | None:
    """The kind by file name, then by the content of either side."""
    name = os.path.basename(change.relpath)
    for data in (change.after, change.before):
        kind = detect_kind(name, data if data is not None else b"")
        if kind is not None:
            return kind
    return None


def introduced(before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings of ``after`` that ``before`` does not have, matched by (code, key)."""
    remaining = Counter((d.code, d.key) for d in before)
    new = []
    for diagnostic in after:
        signature = (diagnostic.code, diagnostic.key)
        if remaining[signature] > 0:
            remaining[signature] -= 1
        else:
            new.append(diagnostic)
    return new


def check_change(changes: Iterable[FileChange], config: LintConfig | None = None
                 ) -> list[Diagnostic]:
    """Findings the change introduces in each file, plus the transition rules' findings; with
    ``config``, only those `cfgtool lint` would report (select, ignores, per-file-ignores,
    inline comments on either side)."""
    from cyberark_cfg.rules.change import check_transition

    chosen = config or LintConfig()
    found: list[Diagnostic] = []
    for change in changes:
        if change.after is None:
            continue  # a deleted file introduces nothing of its own
        kind = _kind_of(change)
        # The same per-file findings as `cfgtool lint` (CFG001/CFG002 for what does not parse).
        old, old_findings = (None, []) if change.before is None else diagnose(
            change.before, change.shown, kind, encoding=chosen.encoding)
        new, new_findings = diagnose(change.after, change.shown, kind, encoding=chosen.encoding)
        found.extend(introduced(apply_config(old_findings, chosen, change.shown, old),
                                apply_config(new_findings, chosen, change.shown, new)))
        if new is not None and (change.before is None or old is not None):
            found.extend(apply_config(list(check_transition(old, new)), chosen, change.shown,
                                      new))
    found.sort(key=lambda d: (d.path or "", d.line, d.column, d.code))
    return found


def change_json(changes: Sequence[FileChange], found: Sequence[Diagnostic]) -> dict[str, Any]:
    """`cfgtool check-change --format json`: the count of files compared and the findings."""
    from cyberark_cfg.lint.output.json_list import record

    return {"files": len(changes), "findings": [record(d) for d in found]}


def change_text(changes: Sequence[FileChange], found: Sequence[Diagnostic]) -> str:
    """`cfgtool check-change`'s text: one line per finding, then what the change introduced."""
    lines = [escape(diagnostic.one_line()) for diagnostic in found]
    count, files = len(found), len(changes)
    compared = f"({files} file{'s' if files != 1 else ''} compared)"
    lines.append(f"{count} finding{'s' if count != 1 else ''} introduced by the change {compared}"
                 if count else f"no finding introduced {compared}")
    return "\n".join(lines)


def check_change_paths(paths: Sequence[str], git: str | None = None, *,
                       config_file: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                       encoding: str | None = None
                       ) -> tuple[list[FileChange], list[Diagnostic]]:
    """`cfgtool check-change` as a function: the files compared and the findings the change
    introduces. Without ``git``, ``paths`` are BEFORE and AFTER (two files or two folders);
    with it, the working tree's ``paths`` (default: the current folder) against revision
    ``git``. The configuration is ``config_file``, else the one `cfgtool lint` finds from
    AFTER (or the first path); its excludes apply to folder walks, and its `encoding` (or
    ``encoding``, `--encoding`) is the ANSI code page of 8-bit files on both sides.
    :class:`UsageError` for anything but two paths without ``git``, or a code page that is
    not ANSI."""
    from cyberark_cfg.errors import UsageError
    from cyberark_cfg.estate.change import pair_paths
    from cyberark_cfg.estate.git import git_changes
    from cyberark_cfg.lint.resolve import resolve_config
    from cyberark_cfg.usage import check_encoding

    if git is None and len(paths) != 2:
        raise UsageError("give BEFORE and AFTER, or --git REV [PATH...]")
    config = resolve_config(list(paths[-1:] if git is None else paths[:1]), config_file)
    if encoding is not None:
        config = config.with_options(encoding=check_encoding(encoding))
    if git is not None:
        changes = git_changes(git, list(paths), max_bytes=max_bytes, skip=config.excluded)
    else:
        changes = pair_paths(paths[0], paths[1], max_bytes, skip=config.excluded)
    return changes, check_change(changes, config)


def change_output(paths: Sequence[str], git: str | None = None, *, output_format: str = "text",
                  config_file: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  encoding: str | None = None) -> tuple[str, int]:
    """`cfgtool check-change` as a function: :func:`check_change_paths` shown as text or JSON,
    and the number of findings the change introduces."""
    from cyberark_cfg.usage import check_format

    check_format(output_format)
    changes, found = check_change_paths(paths, git, config_file=config_file, max_bytes=max_bytes,
                                        encoding=encoding)
    if output_format == "json":
        import json

        return json.dumps(change_json(changes, found), indent=2), len(found)
    return change_text(changes, found), len(found)
