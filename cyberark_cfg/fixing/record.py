"""`--record FILE`: one JSON line per changed file, the evidence for a DR drill's change record.

Each line holds the path, the procedure, the edits in words (secrets redacted), the SHA-256 of
the file before and after, the backup's path if one was kept, and the UTC time of the write.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from typing import Any

from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.fixing.engine import Outcome
from cyberark_cfg.writing import append_line, sha256


def entry(outcome: Outcome, backup: str | None = None,
          now: datetime | None = None) -> dict[str, Any]:
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "time": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "path": os.path.abspath(outcome.plan.path),
        "procedure": outcome.plan.procedure,
        "fixes": list(outcome.plan.titles),
        "edits": outcome.descriptions(),
        "sha256_before": sha256(outcome.source.data),
        "sha256_after": sha256(outcome.after),
        "backup": backup,
    }


def check_writable(path: str) -> None:
    """Fail before any config file is touched if the record could not be appended to.

    Checked without creating the file, so a run that changes nothing leaves no trace.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        problem = "is a directory"
    elif os.path.exists(path):
        problem = "" if os.access(path, os.W_OK) else "is not writable"
    elif not os.path.isdir(folder):
        problem = "its folder does not exist"
    else:
        problem = "" if os.access(folder, os.W_OK) else "its folder is not writable"
    if problem:
        raise FileAccessError(f"cannot append the change record: {problem}", path=path)


def append(path: str, record: dict[str, Any]) -> None:
    """Append one line and flush it to disk: the record must outlive a crash right after."""
    line = json.dumps(record, sort_keys=False) + "\n"
    try:
        append_line(path, line.encode("utf-8"))
    except FileAccessError as exc:
        raise FileAccessError(f"cannot append the change record ({exc.message})",
                              path=path) from None
