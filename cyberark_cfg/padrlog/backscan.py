"""Read a padr.log from its end, only as far back as the verdict and the requested history
need, and feed what was read to a Tracker in time order.

The verdict needs the entries back to the last successful cycle and the last interruption
before the latest successes; on a healthy log that is the last block. History (episodes,
findings) goes back ``history_bytes`` (32 MiB by default), to ``since``, or to the start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime

from cyberark_cfg.errors import CfgError, ParseError
from cyberark_cfg.padrlog.codes import FAILOVER, STOPPED, SUCCESS
from cyberark_cfg.padrlog.entries import (
    Entry,
    check_date_order,
    detect_order,
    has_header,
    header_time,
    last_header_time,
)
from cyberark_cfg.padrlog.entries import wanted_entries as parse_chunk
from cyberark_cfg.padrlog.reader import BLOCK_SIZE, LogEncoding, LogFile
from cyberark_cfg.padrlog.verdict import (
    METADATA_RUNNING,
    REPLICATE_ENDED,
    Tracker,
    is_cycle_end,
    names_cycle_end,
    role_of,
)

DEFAULT_HISTORY_BYTES = 32 << 20
# How much of the log's start and end is read to tell its date order.
ORDER_SAMPLE = 1 << 20


class DateOrderError(CfgError):
    """A time was asked of a log whose date order is unknown (every date reads both ways)."""


AMBIGUOUS = ("the log's date order is ambiguous (no date with a day above 12 in the part "
             "read, so 03/05 may be 3 May or 5 March; padr.log follows the server's locale)")
MAX_KEPT = 200_000
TAIL_LINES = 10


@dataclass
class Scan:
    """What one backward read found, and where a follower should go on from."""

    path: str
    encoding: LogEncoding
    size: int
    tracker: Tracker
    since: datetime | None
    scanned_from: datetime | None = None
    scanned_bytes: int = 0
    whole_file: bool = False
    log_ends: datetime | None = None
    resume_offset: int = 0  # start of an incomplete last line, or the end
    tail: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    date_order: str | None = None  # dmy, mdy, or None: unknown (no times are read)
    date_order_source: str = "ambiguous"  # given, detected or ambiguous


class _Settler:
    """Walks entries newest first and says when the verdict can no longer change."""

    def __init__(self) -> None:
        self.run: set[str] = set()
        self.settled = False
        self.found_success = False

    def see(self, entry: Entry) -> None:
        role = role_of(entry)
        if not self.settled:
            if role == SUCCESS and entry.code:
                self.run.add(entry.code)
                self.settled = {REPLICATE_ENDED, METADATA_RUNNING} <= self.run
            elif role in (FAILOVER, STOPPED, "error"):
                self.settled = True
        if is_cycle_end(entry.code):
            self.found_success = True

    @property
    def done(self) -> bool:
        return self.settled and self.found_success

    def may_learn_from(self, text: str) -> bool:
        """Whether entries of ``text`` can change what this settler knows: any while the
        verdict is unsettled; once it is, only a cycle's end, which ``text`` names if it has
        one (a search, not a parse)."""
        if not self.settled:
            return True
        return not self.found_success and names_cycle_end(text)


def _date_order(log: LogFile, given: str | None) -> tuple[str | None, str]:
    """The order to read dates in, and how it was found: given, or detected from the log's
    first and last MiB (a day above 12 settles it); None when neither settles it. A usage
    error for an order given that is neither dmy nor mdy."""
    if check_date_order(given) is not None:
        return given, "given"
    start = log.encoding.start
    head = log.encoding.decode(log.read(start, min(log.end - start, ORDER_SAMPLE)))
    found = detect_order(head)
    if found is None and log.end - start > ORDER_SAMPLE:
        begin = log.encoding.aligned(max(start, log.end - ORDER_SAMPLE))
        found = detect_order(log.encoding.decode(log.read(begin, log.end - begin)))
    return found, "detected" if found else "ambiguous"


def scan(path: str | os.PathLike[str], *, since: datetime | None = None,
         history_bytes: int | None = DEFAULT_HISTORY_BYTES,
         block_size: int = BLOCK_SIZE, date_order: str | None = None) -> Scan:
    """Read ``path`` backwards; ``history_bytes=None`` (or a ``since``) overrides the budget,
    and ``history_bytes=0`` reads only what the verdict needs. ``date_order`` (``dmy`` or
    ``mdy``) forces how dates are read; by default the log tells, or no time is read and
    ``since`` is refused (:class:`DateOrderError`)."""
    with LogFile(path) as log:
        result = Scan(os.fspath(path), log.encoding, log.size, Tracker(), since)
        order, result.date_order_source = _date_order(log, date_order)
        result.date_order = order
        if order is None:
            if since is not None:
                raise DateOrderError(f"{AMBIGUOUS}: --since needs --date-order dmy or mdy",
                                     path=result.path)
            result.notes.append(f"{AMBIGUOUS}: times are not read; give --date-order dmy or "
                                "mdy")
        settler = _Settler()
        # Each chunk read: where it is, and its entries when parsed already. Chunks are parsed
        # and kept until MAX_KEPT entries are; past that (an error storm, a long --all) a
        # chunk is parsed now only when the verdict may learn from it (and then kept: no
        # chunk is parsed twice), else once, in the second pass.
        spans: list[tuple[int, int, list[Entry] | None]] = []
        kept_count, any_header, offset = 0, False, log.end
        for offset, data in log.reverse_chunks(block_size):
            text = log.encoding.decode(data)
            if not spans:
                result.resume_offset = offset + log.encoding.last_line_end(data)
            _newest(result, text, order,
                    partial=not spans and result.resume_offset < log.end)
            entries = None
            if kept_count <= MAX_KEPT or settler.may_learn_from(text):
                entries = parse_chunk(text, order)
                for entry in reversed(entries):
                    settler.see(entry)
                kept_count += len(entries)
            spans.append((offset, len(data), entries))
            first = header_time(text, 0, order)
            any_header = any_header or first is not None or has_header(text)
            result.scanned_from = first or result.scanned_from
            if settler.done and _history_done(log.end - offset, first, since, history_bytes):
                break
        result.scanned_bytes = log.end - offset
        result.whole_file = offset <= log.encoding.start
        if result.whole_file and log.end > log.encoding.start and not any_header:
            raise ParseError("no padr.log entries found (lines like "
                             "'[MM/DD/YYYY HH:MM:SS.ffffff] :: CODE message')",
                             path=result.path, line=1, column=1)
        if log.end > log.encoding.start and not log.ends_with_newline():
            result.notes.append("the last line is incomplete (no line end): the log is being "
                                "written, or was cut")
        if log.end != log.size:
            result.notes.append("an odd trailing byte of the UTF-16 log was ignored")
        # Second pass, oldest chunk first: the Tracker needs the entries in time order.
        for begin, length, entries in reversed(spans):
            if entries is None:
                entries = parse_chunk(log.encoding.decode(log.read(begin, length)), order)
            for entry in entries:
                listed = since is None or entry.time is None or entry.time >= since
                result.tracker.feed(entry, listed)
    return result


def _history_done(scanned: int, first: datetime | None, since: datetime | None,
                  history_bytes: int | None) -> bool:
    if since is not None:
        return first is not None and first < since
    return history_bytes is not None and scanned >= history_bytes


def _newest(result: Scan, text: str, order: str | None, partial: bool) -> None:
    """The log's end time and last lines, from the newest chunks that have them."""
    # With no date order no header has a time: do not search every chunk for one.
    if result.log_ends is None and order is not None:
        result.log_ends = last_header_time(text, order)
    if len(result.tail) < TAIL_LINES:
        lines = text.splitlines()
        if partial:
            lines = lines[:-1]  # the incomplete last line: a follower prints it once complete
        result.tail = (lines + result.tail)[-TAIL_LINES:]
