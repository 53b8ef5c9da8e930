"""A unified diff of a fix's result for people, with secret values shown as ``<redacted>``.

Lines are compared on their real text and terminators, so a changed secret still shows up as a
changed line, but every line of a secret key is printed with its value redacted, and so is a
comment that holds one (`#PROXYPASSWORD=...` left from an earlier proxy, `# pw: ...`), the
comment after a section header (`[Proxy] ; PROXYPASSWORD=...`), and in a file holding
credential-file data every comment and section name.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from cyberark_cfg.display import escape
from cyberark_cfg.document import REDACTED, Document
from cyberark_cfg.fixing.engine import Outcome
from cyberark_cfg.grammar import commented_entry
from cyberark_cfg.listing import NEWLINE_NAMES
from cyberark_cfg.nodes import Comment, Entry, Line, SectionHeader
from cyberark_cfg.secrecy import looks_secret


def _shown(document: Document) -> list[tuple[str, str]]:
    """(what to compare, what to print) for each line."""
    lines = []
    for line in document.lines():
        text = _line(line, document)
        # Escaped: a value's ESC or lone CR must not reach the terminal.
        lines.append((line.text + line.newline, escape(text) + (
            "" if line.newline else "\n\\ No newline at end of file")))
    return lines


def _line(line: Line, document: Document) -> str:
    """One line as it may be printed."""
    text = line.text
    if isinstance(line, Entry):
        key = document.display_key(line.key)
        if line.secret or document.is_secret(line.key) or key != line.key.strip():
            return line.indent + key + line.pre + "=" + line.post + REDACTED
        return text
    if isinstance(line, SectionHeader):
        indent = text[: text.index("[")]
        tail = text[text.index("]") + 1:]
        shown = indent + "[" + document.display_section(line.name) + "]"
        if tail.strip():  # a comment after the header: never shown
            shown += tail[: len(tail) - len(tail.lstrip(" \t"))] + tail.lstrip(" \t")[:1] + \
                " " + REDACTED
        return shown
    if isinstance(line, Comment):
        if document.secrecy.credential:
            return text[: len(text) - len(text.lstrip(" \t")) + 1] + REDACTED
        return _comment(text, document)
    return text


def _comment(text: str, document: Document) -> str:
    """A comment as it may be shown: a commented-out secret entry keeps only its key, and any
    other comment that reads like it mentions a secret is hidden whole."""
    match = commented_entry().match(text)
    marker = text[: len(text) - len(text.lstrip(" \t")) + 1]
    if match and document.is_secret(key := match.group(2).rstrip(" \t=")):
        # Its key only when that is a key to show (`# Password: hunter2Password=` is not).
        shown = document.display_key(key) == key.strip()
        return match.group(1) + match.group(2) + REDACTED if shown else marker + REDACTED
    words = re.findall(r"[A-Za-z]+", text)
    if looks_secret(text) or any(word.lower() == "pw" or looks_secret(word) for word in words):
        return marker + REDACTED
    return text


# Above this many runs of lines a side, difflib's junk heuristic is on: without it, each line
# is compared with every line like it, and one change in a padr.ini of 50,000 blank lines took
# three minutes to diff.
EXACT_LINES = 1000
Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


class _Opcodes(SequenceMatcher[str]):
    """difflib's opcodes of two line lists (``get_grouped_opcodes`` is difflib's, over them),
    with less work for difflib: the common head and tail are taken off first (a fix changes a
    few lines), and between them a run of equal lines counts as one (a hostile file's blank
    lines), then is matched line for line."""

    def __init__(self, a: list[str], b: list[str]) -> None:
        super().__init__(None, [], [], autojunk=False)
        shortest = min(len(a), len(b))
        head = 0
        while head < shortest and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < shortest - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        runs_a, runs_b = _runs(a, head, len(a) - tail), _runs(b, head, len(b) - tail)
        inner = SequenceMatcher(None, [line for line, _ in runs_a], [line for line, _ in runs_b],
                                autojunk=max(len(runs_a), len(runs_b)) > EXACT_LINES)
        starts_a, starts_b = _starts(runs_a, head), _starts(runs_b, head)
        codes: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
        for tag, r1, r2, s1, s2 in inner.get_opcodes():
            if tag != "equal":
                codes.append((tag, starts_a[r1], starts_a[r2], starts_b[s1], starts_b[s2]))
                continue
            for k in range(r2 - r1):  # the same line, repeated as often or not
                i, j = starts_a[r1 + k], starts_b[s1 + k]
                count_a, count_b = runs_a[r1 + k][1], runs_b[s1 + k][1]
                both = min(count_a, count_b)
                codes.append(("equal", i, i + both, j, j + both))
                if count_a > both:
                    codes.append(("delete", i + both, i + count_a, j + both, j + both))
                if count_b > both:
                    codes.append(("insert", i + both, i + both, j + both, j + count_b))
        if tail:
            codes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
        self._codes: list[Opcode] = []
        for code in codes:  # equal stretches next to each other: one
            if self._codes and code[0] == "equal" == self._codes[-1][0]:
                last = self._codes[-1]
                self._codes[-1] = ("equal", last[1], code[2], last[3], code[4])
            else:
                self._codes.append(code)

    def get_opcodes(self) -> list[Opcode]:
        return self._codes


def _runs(lines: list[str], start: int, stop: int) -> list[tuple[str, int]]:
    """``lines[start:stop]`` as (line, how many times in a row)."""
    runs: list[tuple[str, int]] = []
    for index in range(start, stop):
        line = lines[index]
        if runs and runs[-1][0] == line:
            runs[-1] = (line, runs[-1][1] + 1)
        else:
            runs.append((line, 1))
    return runs


def _starts(runs: list[tuple[str, int]], first: int) -> list[int]:
    """Where each run starts, and where the last ends."""
    starts = [first]
    for _, count in runs:
        starts.append(starts[-1] + count)
    return starts


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def _style(document: Document) -> str:
    endings = "+".join(sorted(NEWLINE_NAMES[n] for n in document.newline_counts())) or "none"
    return f"{document.encoding}{' with BOM' if document.bom else ''}, {endings}"


def unified_diff(outcome: Outcome, context: int = 3) -> str:
    """The diff text (empty when nothing changes), ending with a newline."""
    if not outcome.changed:
        return ""
    before, after = outcome.source.document, outcome.result
    a, b = _shown(before), _shown(after)
    out = []
    if _style(before) != _style(after):
        out.append(f"# {escape(outcome.plan.path)}: {_style(before)} -> {_style(after)}")
    groups = list(_Opcodes([raw for raw, _ in a], [raw for raw, _ in b])
                  .get_grouped_opcodes(context))
    if groups:  # a re-encoding alone changes no line: the note above says it all
        shown = escape(outcome.plan.path)
        out += [f"--- {shown}", f"+++ {shown}"]
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + shown for _, shown in a[i1:i2]]
                continue
            out += ["-" + shown for _, shown in a[i1:i2]]
            out += ["+" + shown for _, shown in b[j1:j2]]
    return "\n".join(out) + "\n"
