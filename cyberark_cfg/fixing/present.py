"""A planned fix run carried out for a person: each outcome shown as a diff, listed (--check)
or written and recorded, with the notes, the procedure's remaining steps and a count; and
:func:`fix_files`, `cfgtool fix` whole. The caller gives the echo to print with and maps the
result to an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.display import escape
from cyberark_cfg.edits import assert_never
from cyberark_cfg.fixing.diffs import unified_diff
from cyberark_cfg.fixing.engine import Outcome
from cyberark_cfg.fixing.guide import render_steps
from cyberark_cfg.fixing.run import (
    FixRun,
    Note,
    NoteLevel,
    Request,
    plan_files,
    request_for,
    write_outcome,
)


class Echo(Protocol):
    """Prints a message as ``typer.echo`` does: to stderr with ``err=True``, no newline with
    ``nl=False``."""

    def __call__(self, message: str, *, err: bool = False, nl: bool = True) -> None: ...


def fix_files(paths: Sequence[str], echo: Echo, *, failback: bool = False,
              full_replication: bool = False, manual_failover: bool = False,
              rearm_failover: bool = False, first: str | None = None, position: int | None = None,
              unsafe: bool = False, diff: bool = False, check: bool = False,
              backup: bool = False, record: str | None = None, allow_metadata_loss: bool = False,
              kind: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              topology: str | None = None, config_file: str | None = None,
              exclude: Sequence[str] = (), fail_on_remaining: bool = False,
              follow_links: bool = False, force: bool = False,
              encoding: str | None = None) -> tuple[FixRun, bool]:
    """`cfgtool fix` as a function: the request its flags make (:func:`request_for`), every
    file planned and verified (:func:`plan_files`, which takes kind to encoding), then
    :func:`carry_out`. Returns the run and whether it was carried out (False: errors, nothing
    written, or a write failed)."""
    request = request_for(failback=failback, full_replication=full_replication,
                          manual_failover=manual_failover, rearm_failover=rearm_failover,
                          first=first, position=position, unsafe=unsafe)
    run = plan_files(paths, request, unsafe=unsafe, write=not (diff or check), record=record,
                     allow_metadata_loss=allow_metadata_loss, kind=kind, max_bytes=max_bytes,
                     topology=topology, config_file=config_file, exclude=exclude,
                     fail_on_remaining=fail_on_remaining, follow_links=follow_links,
                     force=force, encoding=encoding)
    return run, carry_out(run, request, echo, diff=diff, check=check, backup=backup,
                          record=record, allow_metadata_loss=allow_metadata_loss)


def carry_out(run: FixRun, request: Request | None, echo: Echo, *, diff: bool, check: bool,
              backup: bool, record: str | None, allow_metadata_loss: bool) -> bool:
    """Print ``run``, writing each outcome unless ``diff`` or ``check``; False when the run
    had errors (then nothing is written) or a write failed (then no more are)."""
    if run.empty is not None:
        echo(run.empty)
    for note in run.notes:
        echo(_introduced(note), err=True)
    if run.errors:
        echo("cfgtool: nothing written", err=True)
        return False
    failed = False
    for outcome in run.outcomes:
        if not outcome.changed and outcome.plan.path in run.walked:
            continue  # found in a folder: only what changes is worth a line
        failed = not _one(run, outcome, request, echo, diff=diff, check=check, backup=backup,
                          record=record, allow_metadata_loss=allow_metadata_loss)
        if failed:
            break  # a write failed: the message named what this run wrote; write no more
    if run.walked:
        count, files = run.changed, len(run.targets)
        verb = "would change" if diff or check else "changed"
        # With --diff, stdout is the patch alone.
        echo(f"{files} file{'s' if files != 1 else ''} checked; {verb} {count}", err=diff)
    return not failed


def _introduced(note: Note) -> str:
    """The note's line as printed: an error or the tool's own remark says it is cfgtool's."""
    text = escape(note.text)
    match note.level:
        case NoteLevel.ERROR:
            return f"cfgtool: error: {text}"
        case NoteLevel.NOTICE:
            return f"cfgtool: {text}"
        case NoteLevel.PLAIN:
            return text
        case _:
            assert_never(note.level)


def _one(run: FixRun, outcome: Outcome, request: Request | None, echo: Echo, *, diff: bool,
         check: bool, backup: bool, record: str | None, allow_metadata_loss: bool) -> bool:
    """Show, count or write one outcome and print what happened; False on a write error."""
    path, name = escape(outcome.plan.path), outcome.plan.procedure
    if not outcome.changed:
        state = "nothing to change"
        echo(f"{path}: {name}: {state}; nothing written")
    elif diff or check:
        state = "not done yet (run again without --diff/--check)"
        if diff:
            echo(unified_diff(outcome), nl=False)
        else:
            echo(f"{path}: {name}: would change")
            for text in outcome.descriptions():
                echo(f"  {text}")
    else:
        written = write_outcome(outcome, backup=backup, record=record,
                                allow_metadata_loss=allow_metadata_loss, run=run)
        if written.error is not None and written.recorded:
            echo(f"cfgtool: error: {written.error}", err=True)
            return False
        state = "done by cfgtool"
        saved = written.backup
        echo(f"{path}: {name}: written" + (f" (backup {saved})" if saved else ""))
        for text in outcome.descriptions():
            echo(f"  {text}")
        if not written.recorded:
            echo(f"cfgtool: error: {written.error} (the file itself was written)", err=True)
            return False
    if request is not None and request.procedure is not None:
        for line in render_steps(request.procedure, outcome.plan.path, state,
                                 outcome.source.page):
            echo(line, err=diff)
    return True
