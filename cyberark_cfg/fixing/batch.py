"""Write several verified outcomes as one change: every file is checked first (it opens and
locks, still holds what was read, is writable and not hard-linked, is not the change record),
and only then is the first one written.

A write can still fail after that (a full disk, a service grabbing the file); then the error
names exactly the files already written and where their backups are, and nothing more is
written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.fixing import record as change_record
from cyberark_cfg.fixing.engine import Outcome, commit, file_identity
from cyberark_cfg.writing import check_ready


@dataclass(frozen=True)
class Written:
    """One file written by the batch, and its backup (None without --backup)."""

    outcome: Outcome
    backup: str | None


class PartialWriteError(CfgError):
    """A write failed after others in the same run succeeded; the message lists them."""

    def __init__(self, cause: CfgError, written: list[Written], left: list[str]) -> None:
        done = "; ".join(f"{w.outcome.plan.path}" + (f" (backup {w.backup})" if w.backup else "")
                         for w in written) or "none"
        super().__init__(f"{cause}. Written in this run: {done}. Not written: "
                         f"{', '.join(left) or 'none'}")
        self.written = written


def check_all(outcomes: Sequence[Outcome], *, record: str | None = None,
              allow_metadata_loss: bool = False) -> list[CfgError]:
    """What would stop any of ``outcomes`` from being written (empty: go ahead)."""
    changed = [outcome for outcome in outcomes if outcome.changed]
    problems: list[CfgError] = []
    if record is not None:
        record_identity = file_identity(record)
        for outcome in changed:
            same = os.path.realpath(record) == os.path.realpath(outcome.plan.path) or (
                record_identity is not None
                and record_identity == file_identity(outcome.plan.path))
            if same:
                problems.append(FileAccessError(
                    f"--record names {outcome.plan.path}, which is one of the files being "
                    f"fixed; choose another record file", path=record))
    for outcome in changed:
        try:
            check_ready(outcome.source.path, outcome.source.data,
                        identity=outcome.source.identity,
                        allow_metadata_loss=allow_metadata_loss)
        except CfgError as exc:
            problems.append(exc)
    return problems


def write_one(outcome: Outcome, written: list[Written], left: list[str], *, backup: bool,
              record: str | None, allow_metadata_loss: bool) -> Written:
    """Write one outcome of a batch, then its record line. ``written`` collects what this run
    wrote; ``left`` names the changed files not written yet (this one first). On failure raise
    :class:`PartialWriteError` when something was written, else the error itself."""
    try:
        saved = commit(outcome, backup=backup, allow_metadata_loss=allow_metadata_loss)
    except CfgError as exc:
        if written:
            raise PartialWriteError(exc, written, left) from None
        raise
    done = Written(outcome, saved)
    written.append(done)
    if record is not None:
        try:
            change_record.append(record, change_record.entry(outcome, saved))
        except CfgError as exc:
            raise PartialWriteError(exc, written, left[1:]) from None
    return done
