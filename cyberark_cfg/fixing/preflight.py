"""Before a run writes several files, check every one as the write will need it (it opens and
locks, still holds what was read, is the file that was read, is writable and not hard-linked,
is not the change record), so that nothing is written unless all can be. A write can still
fail after that (a full disk, a service grabbing the file): :mod:`cyberark_cfg.fixing.run`
then names the files already written and their backups.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cyberark_cfg.api import file_identity
from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.fixing.engine import Outcome
from cyberark_cfg.writing import check_ready


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
