"""`set` as a plan of the fix engine: one key, one value, read strictly, verified and written
through the one write path. A key on several lines (dbparm.ini's AllowNonStandardFWAddresses
holds one firewall rule a line, by design) is changed only when the caller says which line, or
says every line; otherwise nothing is written. An edit lint would call an error, an unknown
key or a secret in clear text is refused unless forced (:mod:`cyberark_cfg.fixing.validate`).
"""

from __future__ import annotations

import os

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.edits import SetValue
from cyberark_cfg.errors import EditError, UsageError
from cyberark_cfg.fixing.engine import Outcome, Plan, Source, commit, prepare, read_source
from cyberark_cfg.fixing.validate import check_edit
from cyberark_cfg.kinds.schema import Kind


class AmbiguousKey(EditError):
    """The key is on several lines and the caller did not say which to change."""

    def __init__(self, key: str, lines: list[int], path: str | None) -> None:
        self.lines = lines
        numbers = ", ".join(str(n) for n in lines)
        super().__init__(f"{key} is on {len(lines)} lines ({numbers}); nothing written: choose "
                         f"one with --occurrence N (1 to {len(lines)}) or change every one "
                         f"with --all", path=path)


def plan_set(source: Source, key: str, value: str, section: str | None = None, *,
             occurrence: int | None = None, every: bool = False) -> Plan:
    """The plan setting ``key`` (its ``occurrence``-th line, counted from 1, or ``every``
    line) to ``value``; inserted when absent. :class:`AmbiguousKey` when several lines hold
    the key and neither is given."""
    if occurrence is not None and every:
        raise EditError("give an occurrence or every line, not both", path=source.path)
    found = source.document.entries(key, section)
    shown = source.document.display_key(key)
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            raise EditError(f"{shown} is on {len(found)} line{'s' if len(found) != 1 else ''}; "
                            f"there is no occurrence {occurrence}; nothing written",
                            path=source.path)
        edit = SetValue(key, value, section, line=found[occurrence - 1].lineno)
    elif len(found) > 1 and not every:
        raise AmbiguousKey(shown, [entry.lineno for entry in found], source.path)
    else:
        edit = SetValue(key, value, section)
    return Plan.single(source.path, "set", [edit])


def set_key(path: str | os.PathLike[str], key: str, value: str, section: str | None = None, *,
            kind: str | Kind | None = None, occurrence: int | None = None, every: bool = False,
            backup: bool = False, allow_metadata_loss: bool = False, force: bool = False,
            max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
            ) -> tuple[Outcome, str | None, list[str]]:
    """Set a key in the file at ``path`` and write it (nothing when it already holds that).
    Returns the verified outcome, the backup's path (if one was kept) and what ``force`` let
    through; :class:`~cyberark_cfg.fixing.validate.EditRefused` for an edit lint would refuse
    (judged with the configuration `cfgtool lint` finds for the file, whose `encoding` is the
    code page when ``encoding`` is not given); :class:`UsageError` for an unknown kind or code
    page, or both ``occurrence`` and ``every``."""
    from cyberark_cfg.lint.resolve import resolve_config
    from cyberark_cfg.usage import check_encoding, check_kind

    if occurrence is not None and every:
        raise UsageError("choose one of --occurrence and --all")
    kind = check_kind(kind) if isinstance(kind, str) else kind
    encoding = check_encoding(encoding)
    config = resolve_config([str(path)])
    source = read_source(path, kind, max_bytes, encoding or config.encoding)
    outcome = prepare(plan_set(source, key, value, section, occurrence=occurrence,
                               every=every), source)
    forced = check_edit(outcome, [key], config=config, force=force)
    return (outcome, commit(outcome, backup=backup, allow_metadata_loss=allow_metadata_loss),
            forced)
