"""The padr.log line grammar, kept here and nowhere else, and the scan that picks out of a chunk
of decoded text the entries the verdict needs (codes that are errors, warnings or replication
and failover events), skipping routine progress lines without ever handing them to Python.

Why regular expressions and not a lark grammar: a log reaches hundreds of MB, and a lark parse
costs tens of microseconds a line, minutes for such a file. One compiled pattern run over a
whole chunk by ``re.finditer`` stays in C; anchored on the literal ``::`` of every header it
scans about 300 MB/s and stops only on the lines that matter, so the verdict on a 200 MB log
reads just its last block. The line grammar, which both patterns below implement::

    entry        = header [code] message {continuation}
    header       = "[" date blank+ hour ":" minute ":" second ["." micro] "]"
    date         = month "/" day "/" year, or day "/" month "/" year: the server's locale
                   decides, so the order is read from the log (:func:`detect_order`) or given
                   blank* ["::" blank*]
    code         = UPPER{3,6} DIGIT{3,4} ("I" | "W" | "E"), then neither a letter nor a digit;
                   recognised only after "::" (PADR0010I, ITATS006E, PAREP013I)
    message      = the rest of the line, without CR or LF
    continuation = a following line that does not start with "[": part of the same entry

Anything else (a truncated last line, garbage) is not an entry and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from cyberark_cfg.errors import UsageError
from cyberark_cfg.padrlog.codes import (
    FAILOVER,
    PASSWORD_ROTATION,
    STOPPED,
    SUCCESS,
    codes_with_role,
)

_CODE = r"[A-Z]{3,6}[0-9]{3,4}[IWE]"
_STAMP = r"\d{1,2}/\d{1,2}/\d{4}[ \t]+\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?"
_HEADER = r"\[(?P<stamp>" + _STAMP + r")\]"
# The parts of a stamp, read only when an entry's time is asked for (most never are).
_STAMP_PARTS = re.compile(r"(\d+)/(\d+)/(\d+)[ \t]+(\d+):(\d+):(\d+)(?:\.(\d+))?")
# The two date fields of every header, for telling the date order.
_HEADER_DATES = re.compile(r"^\[(\d{1,2})/(\d{1,2})/\d{4}[ \t]", re.MULTILINE)

MDY, DMY = "mdy", "dmy"
DATE_ORDERS = (DMY, MDY)


def check_date_order(order: str | None) -> str | None:
    """``order`` when it is None or one of :data:`DATE_ORDERS`; a usage error otherwise (the
    one check of `--date-order` and of the library's ``date_order``)."""
    if order is not None and order not in DATE_ORDERS:
        raise UsageError(f"--date-order must be {DMY} or {MDY}")
    return order


def detect_order(text: str) -> str | None:
    """``dmy`` when a header's first date field is above 12, ``mdy`` when its second is; None
    when every date reads both ways (or the log contradicts itself): never assumed."""
    first_big = second_big = False
    for match in _HEADER_DATES.finditer(text):
        first, second = int(match[1]), int(match[2])
        first_big = first_big or first > 12
        second_big = second_big or second > 12
        if first_big and second_big:
            return None
    if first_big:
        return DMY
    return MDY if second_big else None

# One whole line, from its first character.
LINE = re.compile(
    _HEADER
    + r"[ \t]*(?:::[ \t]*(?:(?P<code>" + _CODE + r")(?![A-Za-z0-9])[ \t]*)?)?"
    + r"(?P<message>[^\r\n]*)"
)

# A header at the start of any line: tells a log from some other text file.
_ANY_HEADER = re.compile(r"^" + _HEADER, re.MULTILINE)



_Trie = dict[str, "_Trie"]


def _factored(words: tuple[str, ...]) -> str:
    """A pattern for exactly ``words`` with shared prefixes written once (PADR0(?:010|099)I):
    the engine tries alternatives one by one, so this halves the scan of a big log."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + group + ")" if len(branches) == 1 else group) + "?"
        return group

    return emit(trie)


# The codes the verdict needs: every error and warning, and the replication and failover
# events from the code table. Its literal "::" prefix lets the regex engine skip fast.
EVENT_CODES = codes_with_role(SUCCESS, FAILOVER, STOPPED)
_WANTED = re.compile(
    r"::[ \t]*(?P<code>[A-Z]{3,6}[0-9]{3,4}[EW]|" + _factored(EVENT_CODES) + r")(?![A-Za-z0-9])"
)

# A continuation never holds more than this much of the message (a stack dump, say).
_MAX_CONTINUATION = 2000


@dataclass(frozen=True)
class Entry:
    """One log entry: its time stamp as logged, code and message."""

    stamp: str
    code: str | None
    message: str
    order: str | None = None  # the log's date order; None: unknown, so no time is read

    @cached_property
    def time(self) -> datetime | None:
        """The stamp as a time (local to the vault); None for an impossible date or when the
        log's date order is unknown."""
        return parse_stamp(self.stamp, self.order)

    @property
    def severity(self) -> str:
        return {"E": "error", "W": "warning"}.get(self.code[-1], "info") if self.code else "info"


def parse_stamp(stamp: str, order: str | None) -> datetime | None:
    """The stamp read in ``order`` (``mdy`` or ``dmy``); None when it is not a date in that
    order, or when the order is None (unknown)."""
    parts = _STAMP_PARTS.match(stamp)
    if parts is None or order is None:
        return None
    month, day, year, hour, minute, second, micro = parts.groups()
    if order == DMY:
        month, day = day, month
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        int((micro or "0")[:6].ljust(6, "0")))
    except ValueError:
        return None


def parse_line(line: str, order: str | None = None) -> Entry | None:
    """The entry a line starts, or None for a continuation line or garbage."""
    match = LINE.match(line)
    if match is None:
        return None
    return Entry(match["stamp"], match["code"], match["message"].rstrip(), order)


def header_time(text: str, start: int = 0, order: str | None = None) -> datetime | None:
    """The time of the entry that starts at ``start`` (None when no header starts there)."""
    match = LINE.match(text, start)
    return parse_stamp(match["stamp"], order) if match else None


def has_header(text: str) -> bool:
    return _ANY_HEADER.search(text) is not None


def last_header_time(text: str, order: str | None = None) -> datetime | None:
    """The time of the last entry in ``text`` that has a readable header."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        if text.startswith("[", start):
            found = header_time(text, start, order)
            if found is not None:
                return found
        end = start
        if start == 0:
            break
    return None


def wanted_entries(text: str, order: str | None = None) -> list[Entry]:
    """The entries of ``text`` that carry an error, warning or event code, in file order, and
    the lines (without a code) where PADR changed the DR user's password."""
    found = _coded_entries(text, order)
    if PASSWORD_ROTATION in text:
        for hit in re.finditer(re.escape(PASSWORD_ROTATION), text):
            start = text.rfind("\n", 0, hit.start()) + 1
            line = LINE.match(text, start)
            if line is not None and line["code"] is None and line.start("message") <= hit.start():
                found.append((start, Entry(line["stamp"], None, line["message"].rstrip(),
                                           order)))
        found.sort(key=lambda item: item[0])
    return [entry for _, entry in found]


def _coded_entries(text: str, order: str | None) -> list[tuple[int, Entry]]:
    found = []
    for hit in _WANTED.finditer(text):
        start = text.rfind("\n", 0, hit.start()) + 1
        line = LINE.match(text, start)
        # The code must be the header's own, not text inside some other line's message.
        if line is None or line.start("code") != hit.start("code"):
            continue
        message = line["message"].rstrip()
        end = line.end()
        # Most entries are one line: the next one starts right after this line's end.
        if not text.startswith("\r\n[", end) and not text.startswith("\n[", end):
            following = text.find("\n[", end)
            tail = text[end: following if following >= 0 else len(text)]
            extra = [part.strip() for part in tail[:_MAX_CONTINUATION].splitlines()
                     if part.strip()]
            if extra:
                message = " / ".join([message, *extra]) if message else " / ".join(extra)
        found.append((start, Entry(line["stamp"], line["code"], message, order)))
    return found
