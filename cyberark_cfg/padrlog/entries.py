"""The padr.log line grammar, kept here and nowhere else, and the scan that picks out of a chunk
of decoded text the entries the verdict needs (codes that are errors, warnings or replication
and failover events), skipping routine progress lines without ever handing them to Python.

Why regular expressions and not a lark grammar: a log reaches hundreds of MB, and a lark parse
costs tens of microseconds a line, minutes for such a file. One compiled pattern run over a
whole chunk by ``re.finditer`` stays in C; anchored on the literal ``::`` of every header it
scans about 300 MB/s and stops only on the lines that matter, so the verdict on a 200 MB log
reads just its last block. The line grammar, which both patterns below implement::

    entry        = header [code] message {continuation}
    header       = "[" month "/" day "/" year blank+ hour ":" minute ":" second ["." micro] "]"
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

from cyberark_cfg.padrlog.codes import FAILOVER, STOPPED, SUCCESS, codes_with_role

_CODE = r"[A-Z]{3,6}[0-9]{3,4}[IWE]"
_HEADER = (r"\[(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})[ \t]+"
           r"(?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<micro>\d{1,6}))?\]")

# One whole line, from its first character.
LINE = re.compile(
    _HEADER
    + r"[ \t]*(?:::[ \t]*(?:(?P<code>" + _CODE + r")(?![A-Za-z0-9])[ \t]*)?)?"
    + r"(?P<message>[^\r\n]*)"
)

# A header at the start of any line: tells a log from some other text file.
_ANY_HEADER = re.compile(r"^" + _HEADER, re.MULTILINE)

# The codes the verdict needs: every error and warning, and the replication and failover
# events from the code table. Its literal "::" prefix lets the regex engine skip fast.
EVENT_CODES = codes_with_role(SUCCESS, FAILOVER, STOPPED)
_WANTED = re.compile(
    r"::[ \t]*(?P<code>" + "|".join(EVENT_CODES) + r"|[A-Z]{3,6}[0-9]{3,4}[EW])(?![A-Za-z0-9])"
)

# A continuation never holds more than this much of the message (a stack dump, say).
_MAX_CONTINUATION = 2000


@dataclass(frozen=True)
class Entry:
    """One log entry: its time (None when the date is impossible), code and message."""

    time: datetime | None
    code: str | None
    message: str

    @property
    def severity(self) -> str:
        return {"E": "error", "W": "warning"}.get(self.code[-1], "info") if self.code else "info"


def _time(match: re.Match[str]) -> datetime | None:
    try:
        return datetime(int(match["year"]), int(match["month"]), int(match["day"]),
                        int(match["hour"]), int(match["minute"]), int(match["second"]),
                        int((match["micro"] or "0").ljust(6, "0")))
    except ValueError:
        return None


def parse_line(line: str) -> Entry | None:
    """The entry a line starts, or None for a continuation line or garbage."""
    match = LINE.match(line)
    if match is None:
        return None
    return Entry(_time(match), match["code"], match["message"].rstrip())


def header_time(text: str, start: int = 0) -> datetime | None:
    """The time of the entry that starts at ``start`` (None when no header starts there)."""
    match = LINE.match(text, start)
    return _time(match) if match else None


def has_header(text: str) -> bool:
    return _ANY_HEADER.search(text) is not None


def last_header_time(text: str) -> datetime | None:
    """The time of the last entry in ``text`` that has a readable header."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        if text.startswith("[", start):
            found = header_time(text, start)
            if found is not None:
                return found
        end = start
        if start == 0:
            break
    return None


def wanted_entries(text: str) -> list[Entry]:
    """The entries of ``text`` that carry an error, warning or event code, in file order."""
    found = []
    for hit in _WANTED.finditer(text):
        start = text.rfind("\n", 0, hit.start()) + 1
        line = LINE.match(text, start)
        # The code must be the header's own, not text inside some other line's message.
        if line is None or line.start("code") != hit.start("code"):
            continue
        message = line["message"].rstrip()
        end = line.end()
        following = text.find("\n[", end)
        tail = text[end: following if following >= 0 else len(text)]
        extra = [part.strip() for part in tail[:_MAX_CONTINUATION].splitlines() if part.strip()]
        if extra:
            message = " / ".join([message, *extra]) if message else " / ".join(extra)
        found.append(Entry(_time(line), line["code"], message))
    return found
