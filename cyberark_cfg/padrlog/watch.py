"""`cfgtool log --follow` as a library loop: the log's last lines, then each new line as it is
written, with each error code explained and the verdict announced whenever it changes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from cyberark_cfg.padrlog.backscan import scan
from cyberark_cfg.padrlog.codes import lookup
from cyberark_cfg.padrlog.entries import parse_line
from cyberark_cfg.padrlog.follow import follow
from cyberark_cfg.padrlog.verdict import FULL_REPLICATION, HEALTHY
from cyberark_cfg.secrecy import redact_assignments


class Watch:
    """Iterate :meth:`lines` to follow the log (until the caller stops, e.g. on Ctrl-C);
    :attr:`verdict` is the replication verdict as of the last line read."""

    def __init__(self, path: str | os.PathLike[str], interval: float = 0.5) -> None:
        self.path = path
        self.interval = interval
        self.verdict = ""

    @property
    def confirmed(self) -> bool:
        """Replication confirmed: healthy, or a full replication completed."""
        return self.verdict in (HEALTHY, FULL_REPLICATION)

    def show(self, echo: Callable[[str], object]) -> bool:
        """Print :meth:`lines` with ``echo`` until Ctrl-C, then the verdict; True when
        replication is confirmed."""
        try:
            for line in self.lines():
                echo(line)
        except KeyboardInterrupt:
            pass
        echo(f"== stopped; replication {self.verdict}")
        return self.confirmed

    def lines(self) -> Iterator[str]:
        """The lines to show: the log's tail, then each new line and what it means."""
        state = scan(self.path, history_bytes=0)
        tracker = state.tracker
        yield from map(redact_assignments, state.tail)
        self.verdict, reason = tracker.verdict()
        yield f"== replication {self.verdict}: {reason}"
        for line in follow(self.path, state.resume_offset, state.encoding,
                           interval=self.interval):
            if line is None:
                yield "== the log was truncated or replaced; reading it from the start"
                continue
            yield redact_assignments(line)
            entry = parse_line(line)
            if entry is None or entry.code is None:
                continue
            if entry.severity != "info":
                known = lookup(entry.code)
                if known is None:
                    yield f"   ^ {entry.code}: unknown {entry.severity} code"
                else:
                    yield f"   ^ {entry.code}: {known.meaning}"
                    if known.remedy:
                        yield f"     remedy: {known.remedy}"
            tracker.feed(entry)
            verdict, reason = tracker.verdict()
            if verdict != self.verdict:
                self.verdict = verdict
                yield f"== replication {verdict}: {reason}"
