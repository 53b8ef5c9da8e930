"""Check a fix's result before anything is written, independently of the code that made it.

The line check decodes the old and the new bytes afresh and diffs them line by line: every line
that differs must be an entry of a key the plan edits, and line terminators, encoding and BOM may
change only where the plan says so. The state check reads the re-parsed result back: each edited
key now holds what the plan asked for. Messages name lines and keys, never values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cyberark_cfg import decoding
from cyberark_cfg.document import Document
from cyberark_cfg.edits import (
    Edit,
    InsertEntry,
    KeyEdit,
    RemoveEntry,
    ReplaceList,
    SetEncoding,
    SetNewlines,
    SetValue,
    assert_never,
)
from cyberark_cfg.errors import CfgError
from cyberark_cfg.grammar import key_line
from cyberark_cfg.secrecy import reveal

# Deliberately not the parser's patterns: this check must not share the edit code's mistakes.
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_UTF16 = (decoding.UTF16LE, decoding.UTF16BE)


class VerificationError(CfgError):
    """The result of a fix is not what the plan promised; nothing was written."""


def split_lines(text: str) -> list[tuple[str, str]]:
    """(text, terminator) per physical line; only LF ends a line, as in the parser's model."""
    lines = []
    for match in _LINE.finditer(text):
        line = match.group()
        if line.endswith("\r\n"):
            lines.append((line[:-2], "\r\n"))
        elif line.endswith("\n"):
            lines.append((line[:-1], "\n"))
        else:
            lines.append((line, ""))
    return lines


def line_key(text: str) -> str | None:
    """The lower-cased key of an entry line, or None for any other line."""
    match = key_line().match(text)
    return match.group(1).lower() if match else None


def edited_keys(edits: Iterable[Edit]) -> set[str]:
    return {e.key.strip().lower() for e in edits if isinstance(e, KeyEdit)}


def _same_family(old: decoding.Decoded, new: decoding.Decoded) -> bool:
    """Same BOM and width; ASCII bytes read the same in every 8-bit encoding we record."""
    if old.bom != new.bom:
        return False
    if old.encoding in _UTF16 or new.encoding in _UTF16:
        return old.encoding == new.encoding
    return decoding.ASCII in (old.encoding, new.encoding) or old.encoding == new.encoding


def verify_lines(before: bytes, after: bytes, edits: Iterable[Edit],
                 path: str | None = None) -> None:
    """Raise :class:`VerificationError` unless ``after`` differs from ``before`` only as allowed."""
    edits = list(edits)
    old, new = decoding.decode(before, path), decoding.decode(after, path)
    if not _same_family(old, new) and not any(isinstance(e, SetEncoding) for e in edits):
        raise VerificationError("the encoding or byte order mark would change; nothing written",
                                path=path)
    keys = edited_keys(edits)
    newlines_edited = any(isinstance(e, SetNewlines) for e in edits)
    a, b = split_lines(old.text), split_lines(new.text)
    # Every line that is not an entry of an edited key must come through, in order, with its
    # text: compare the two files with those entries left out. One pass over each (a diff was
    # quadratic in repeated lines: 69 s for 20,000 blank lines).
    kept_a = [(number, line) for number, line in enumerate(a, 1) if line_key(line[0]) not in keys]
    kept_b = [(number, line) for number, line in enumerate(b, 1) if line_key(line[0]) not in keys]
    for (number, (was, was_end)), (_, (now, now_end)) in zip(kept_a, kept_b, strict=False):
        if was != now:
            raise VerificationError(f"line {number} would change but is not an entry the fix "
                                    f"edits; nothing written", path=path)
        # The old last line gains a terminator when a line is added after it.
        if was_end != now_end and not newlines_edited and not (
                was_end == "" and number == len(a)):
            raise VerificationError(f"line {number} would get another line ending; nothing "
                                    f"written", path=path)
    if len(kept_a) > len(kept_b):
        raise VerificationError(f"line {kept_a[len(kept_b)][0]} would change but is not an "
                                f"entry the fix edits; nothing written", path=path)
    if len(kept_b) > len(kept_a):
        near = kept_a[-1][0] if kept_a else 1
        raise VerificationError(f"a line near line {near} would change but is not an entry "
                                f"the fix edits; nothing written", path=path)


def verify_state(result: Document, edits: Iterable[Edit]) -> None:
    """Raise :class:`VerificationError` unless the re-parsed result holds each edit's effect.

    When several edits name one key, the last one decides what the key must hold.
    """
    last: dict[str, KeyEdit] = {}
    for edit in edits:
        match edit:
            case SetValue() | InsertEntry() | RemoveEntry() | ReplaceList():
                last[edit.key.strip().lower()] = edit
            case SetEncoding():
                if result.bom != edit.bom or not _encoding_ok(result.encoding, edit.encoding):
                    raise VerificationError("the file is not in the requested encoding",
                                            path=result.path)
            case SetNewlines():
                if set(result.newline_counts()) - {edit.newline}:
                    raise VerificationError("the file still has mixed line endings",
                                            path=result.path)
            case _:
                assert_never(edit)
    for edit in last.values():
        if not _holds(result, edit):
            raise VerificationError(f"{edit.key} does not hold what the fix set; nothing written",
                                    path=result.path)


def _encoding_ok(actual: str, wanted: str) -> bool:
    return actual == wanted or (decoding.ASCII in (actual, wanted) and wanted not in _UTF16)


def _holds(result: Document, edit: KeyEdit) -> bool:
    match edit:
        case RemoveEntry():
            return edit.line is not None or not result.entries(edit.key, edit.section)
        case InsertEntry():
            return any(reveal(e.value) == edit.value
                       for e in result.entries(edit.key, edit.section))
        case SetValue():
            found = result.entries(edit.key, edit.section)
            if edit.line is not None:
                return any(e.lineno == edit.line and reveal(e.value) == edit.value
                           for e in found)
            return bool(found) and all(reveal(e.value) == edit.value for e in found)
        case ReplaceList():
            found = result.entries(edit.key, edit.section)
            wanted = [item.strip() for item in edit.items]
            return bool(found) and all([p.strip() for p in reveal(e.value).split(",")] == wanted
                                       for e in found)
        case _:
            assert_never(edit)
