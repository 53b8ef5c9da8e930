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
    matcher = SequenceMatcher(None, [raw for raw, _ in a], [raw for raw, _ in b], autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
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
