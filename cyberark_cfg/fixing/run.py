"""One fix run over many files, as `cfgtool fix` and scripts do it: choose the files, plan and
verify every one before any is written (:func:`plan_files`), then write each changed one and
record it (:func:`write_outcome`). Nothing here prints; the caller renders the result.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.edits import Edit
from cyberark_cfg.errors import CfgError, EditError, UsageError
from cyberark_cfg.fixing import procedures
from cyberark_cfg.fixing import record as change_record
from cyberark_cfg.fixing.addresses import check_address, plan_first_address
from cyberark_cfg.fixing.engine import Outcome, Plan, Source, commit, prepare, read_source
from cyberark_cfg.fixing.lintfix import plan_lint_fixes
from cyberark_cfg.fixing.preflight import check_all
from cyberark_cfg.fixing.procedures import Procedure
from cyberark_cfg.fixing.validate import check_edit
from cyberark_cfg.lint.resolve import Settings, resolve
from cyberark_cfg.lint.run import load_baseline

KIND_NAMES = {"padr": "padr.ini", "vault": "Vault.ini"}


@dataclass(frozen=True)
class Request:
    """What was asked: a flag, the kinds it applies to, and how to plan one file. No request
    (None) means the lint rules' fixes."""

    flag: str
    kinds: tuple[str, ...]
    plan: Callable[[Source], Plan]
    procedure: Procedure | None = None
    # A hand-made value (--first ADDRESS): the result is checked as lint would (refused when
    # it introduces an error, unless forced); these keys are checked for a secret too.
    checked_keys: tuple[str, ...] | None = None


def procedure_request(flag: str, procedure: Procedure) -> Request:
    """Run ``procedure`` (asked for with ``flag``) on each file."""
    return Request(flag, procedure.kinds, lambda source: Plan.single(
        source.path, procedure.name, procedure.plan(source.document)), procedure)


def first_address_request(address: str) -> Request:
    """Put ``address`` (already checked) first in each Vault.ini's ADDRESS list."""
    return Request("--first", ("vault",), lambda source: Plan.single(
        source.path, "first-address", plan_first_address(source.document, address)),
        checked_keys=("ADDRESS",))


def request_for(*, failback: bool = False, full_replication: bool = False,
                manual_failover: bool = False, rearm_failover: bool = False,
                first: str | None = None, position: int | None = None,
                unsafe: bool = False) -> Request | None:
    """The request `cfgtool fix`'s options make (None: the lint rules' fixes), or a
    :class:`UsageError` when they do not go together."""
    chosen = [flag for flag, on in (("--failback", failback),
                                    ("--full-replication", full_replication),
                                    ("--manual-failover", manual_failover),
                                    ("--rearm-failover", rearm_failover),
                                    ("--first", first is not None)) if on]
    if len(chosen) > 1:
        raise UsageError(f"choose one of {', '.join(chosen)}")
    if position is not None and "--full-replication" not in chosen:
        raise UsageError("--position goes with --full-replication")
    if unsafe and chosen:
        raise UsageError("--unsafe-fixes goes with the lint fixes (no procedure flag)")
    if position is not None and position != -1:
        raise UsageError("--position takes only -1 (replicate everything from the start)")
    if failback:
        return procedure_request("--failback", procedures.failback())
    if full_replication:
        return procedure_request("--full-replication", procedures.full_replication(position))
    if manual_failover:
        return procedure_request("--manual-failover", procedures.manual_failover())
    if rearm_failover:
        return procedure_request("--rearm-failover", procedures.rearm_failover())
    if first is not None:
        try:
            return first_address_request(check_address(first))
        except EditError as exc:
            raise UsageError(exc.message) from None
    return None


class NoteLevel(enum.Enum):
    """What a note is, which decides how it is introduced when printed."""

    PLAIN = enum.auto()  # a finding or a procedure's warning, printed as it is
    NOTICE = enum.auto()  # a remark of the tool's own
    ERROR = enum.auto()  # a file that stops the run: nothing is written


@dataclass(frozen=True)
class Note:
    """A line for the person running the fix, in the order it arose."""

    text: str
    level: NoteLevel = NoteLevel.PLAIN


@dataclass
class FixRun:
    """The planned, verified outcomes (nothing written yet) and what arose on the way.

    ``walked`` holds the files found in folders (only those that change are worth a line);
    ``empty`` says no file was found to fix (the folders, or the topology, said why).
    """

    targets: list[tuple[str, str | None]] = field(default_factory=list)
    walked: set[str] = field(default_factory=set)
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    errors: int = 0
    unresolved: bool = False
    empty: str | None = None
    written: list[tuple[str, str | None]] = field(default_factory=list)  # (path, backup)

    def error(self, text: str) -> None:
        self.notes.append(Note(text, NoteLevel.ERROR))
        self.errors += 1

    @property
    def changed(self) -> int:
        return sum(outcome.changed for outcome in self.outcomes)


def plan_files(paths: Sequence[str], request: Request | None = None, *,
               kind: str | None = None, unsafe: bool = False,
               max_bytes: int = DEFAULT_MAX_BYTES, topology: str | None = None,
               config_file: str | None = None, exclude: Sequence[str] = (),
               fail_on_remaining: bool = False, write: bool = False,
               record: str | None = None, allow_metadata_loss: bool = False,
               follow_links: bool = False, force: bool = False,
               encoding: str | None = None) -> FixRun:
    """Plan and verify the fix of every file: ``request`` on each named file, else the lint
    fixes (folders walked as lint walks them); with ``topology``, the estate's fixes of its
    component files (limited to ``paths`` when given). The lint and estate fixes honour the
    configuration `cfgtool lint` uses (``config_file``, else the one it finds): what lint does
    not report, fix does not touch. Files that cannot be read, parsed or fixed as planned are
    counted in ``errors``; then nothing may be written. ``unresolved`` is set when the lint
    fixes cannot be planned or (``fail_on_remaining``) findings at or above the
    configuration's fail-on remain. With ``write``, every changed file is then checked as the
    write will need it (opens and locks, unchanged since read, writable, not hard-linked, not
    ``record``, which must be a file that can be appended to): any problem is an error, so
    nothing is written unless every file can be.
    A file found in a folder through a link that leads outside that folder is not fixed
    unless ``follow_links`` (a link must not turn `fix DIR` into an edit elsewhere).
    A request with hand-made values (--first) whose result lint would call an error is an error
    too, unless ``force`` (then a warning note says what was forced). ``encoding`` is the ANSI
    code page of 8-bit files (`--encoding`, over the configuration's `encoding`).
    :class:`UsageError` for options that do not go together, an unknown kind or code page."""
    from cyberark_cfg.usage import check_encoding, check_kind

    if topology is not None and (request is not None or unsafe):
        raise UsageError("--topology goes alone: not with a procedure, --first or --unsafe-fixes")
    if not paths and topology is None:
        raise UsageError("give the files to fix, or --topology FILE")
    kind, encoding = check_kind(kind), check_encoding(encoding)
    if write and record is not None:
        change_record.check_writable(record)
    run = FixRun()
    settings = resolve(list(paths), config_file=config_file, exclude=tuple(exclude),
                       encoding=encoding, find_topology=False)
    estate_plans = None
    if topology is not None:
        estate_plans = _estate_plans(topology, paths, settings)
        run.targets = [(path, kind) for path in estate_plans]
        if not estate_plans:
            run.empty = (f"{topology}: every component already lists its vaults in its "
                         f"site's order")
    else:
        _targets(run, settings, request, kind, follow_links)
    for path, file_kind in run.targets:
        try:
            source = read_source(path, file_kind, max_bytes, settings.config.encoding)
            plan: Plan | None
            if estate_plans is not None:
                plan = Plan.single(path, "topology", estate_plans[path])
            else:
                plan = _plan(run, source, request, unsafe, settings, fail_on_remaining)
            if plan is not None:
                outcome = prepare(plan, source)
                if request is not None and request.checked_keys is not None:
                    for reason in check_edit(outcome, request.checked_keys,
                                             config=settings.config, force=force):
                        run.notes.append(Note(f"warning: {source.path}: forced: {reason}",
                                              NoteLevel.NOTICE))
                run.outcomes.append(outcome)
        except CfgError as exc:
            run.error(str(exc))
    if write and not run.errors:
        for problem in check_all(run.outcomes, record=record,
                                 allow_metadata_loss=allow_metadata_loss):
            run.error(str(problem))
    return run


def _targets(run: FixRun, settings: Settings, request: Request | None, kind: str | None,
             follow_links: bool = False) -> None:
    """The files to fix, each with the kind to read it as, and those found in folders. Each
    real file comes once (the walk of `cfgtool lint`).

    A named file is taken as it is. A folder is walked for the lint fixes only: a procedure
    changes the role of a vault, and --first the vault a component reaches first, so they take
    the one file meant, never every file of a folder.
    """
    from cyberark_cfg.lint import discovery

    paths = list(settings.paths)
    folders = [path for path in paths if os.path.isdir(path)]
    if folders and request is not None:
        raise UsageError(f"{request.flag} takes the files to change, not a folder",
                         path=folders[0])
    named = set(paths)
    roots = [os.path.realpath(folder) for folder in folders]

    def skipped(path: str, reason: str) -> None:
        if reason.startswith("looks like a copy"):
            run.notes.append(Note(f"{path}: {reason}; not fixed (name it to fix it)",
                                  NoteLevel.NOTICE))

    for found in discovery.targets(paths, kind, settings.config, skipped):
        if isinstance(found, discovery.WalkError):
            if found.fatal:
                run.error(f"{found.path}: {found.message}")
            else:
                run.notes.append(Note(f"{found.path}: {found.message}", NoteLevel.NOTICE))
            continue
        if found.path not in named and not follow_links and not _inside(found.path, roots):
            run.notes.append(Note(f"{found.path}: a link leads outside the folder named; not "
                                  f"fixed (name the file, or pass --follow-links)",
                                  NoteLevel.NOTICE))
            continue
        run.targets.append((found.path, found.kind))
        if found.path not in named:
            run.walked.add(found.path)
    if folders and not run.walked and not run.errors:
        run.empty = f"{', '.join(folders)}: no file of a known kind to fix"


def _inside(path: str, roots: list[str]) -> bool:
    """Whether ``path``, its links resolved, lies within one of the folders ``roots``."""
    real = os.path.realpath(path)
    for root in roots:
        try:
            if os.path.commonpath([real, root]) == root:
                return True
        except ValueError:  # another drive (Windows)
            continue
    return False


def _estate_plans(topology: str, paths: Sequence[str], settings: Settings
                  ) -> dict[str, list[Edit]]:
    """The DR003/DR004 fixes of the estate, per component file (limited to ``paths``), of the
    findings the configuration reports."""
    from cyberark_cfg.estate import load_estate
    from cyberark_cfg.fixing.estate import fix_plans
    from cyberark_cfg.lint.engine import apply_config

    estate = load_estate(topology, settings.config.encoding)
    documents = {c.path: c.document for c in estate.components}
    return dict(fix_plans(estate, list(paths) or None, keep=lambda d: bool(apply_config(
        [d], settings.config, d.path or "", documents.get(d.path or "")))))


def _plan(run: FixRun, source: Source, request: Request | None, unsafe: bool,
          settings: Settings, fail_on_remaining: bool) -> Plan | None:
    """The plan for one file (None: nothing to do); findings the lint fixes leave are noted.

    A procedure on a kind it does not apply to is a usage error naming the kinds it fits.
    """
    if request is not None:
        if source.document.kind not in request.kinds:
            wanted = " or ".join(f"{KIND_NAMES.get(k, k)} ({k})" for k in request.kinds)
            raise UsageError(f"{request.flag} applies to {wanted} files, not to this "
                             f"{source.document.kind or 'unrecognised'} file (force the kind "
                             f"with --kind)", path=source.path)
        plan = request.plan(source)  # EditError when the file's state is refused
        if request.procedure is not None:
            run.notes.extend(Note(f"{source.path}: warning: {warning}")
                             for warning in request.procedure.warnings(source.document))
        return plan
    lint = plan_lint_fixes(source, unsafe=unsafe, config=settings.config,
                           baseline=load_baseline(settings))
    run.notes.extend(Note(diagnostic.one_line()) for diagnostic in lint.remaining)
    if not lint.converged:
        run.notes.append(Note(f"{source.path}: not fixed: {lint.problem}; nothing written"))
        run.unresolved = True
        return None
    run.unresolved = run.unresolved or fail_on_remaining and any(
        d.severity >= settings.config.fail_on for d in lint.remaining)
    return lint.plan


@dataclass(frozen=True)
class Written:
    """What writing one outcome did: the backup kept, and the error that stopped it (with
    ``recorded`` False when the file was written but its record could not be)."""

    backup: str | None = None
    error: str | None = None
    recorded: bool = True


def write_outcome(outcome: Outcome, *, backup: bool = False, record: str | None = None,
                  allow_metadata_loss: bool = False, run: FixRun | None = None) -> Written:
    """Write one changed outcome (atomically, refusing a file changed since it was read) and
    append its record line to ``record``. With ``run``, what is written is noted there, and an
    error names every file this run wrote before it (and their backups) and those left."""
    try:
        saved = commit(outcome, backup=backup, allow_metadata_loss=allow_metadata_loss)
    except CfgError as exc:
        return Written(error=_with_progress(str(exc), run, outcome))
    if run is not None:
        run.written.append((outcome.plan.path, saved))
    if record is not None:
        try:
            change_record.append(record, change_record.entry(outcome, saved))
        except CfgError as exc:
            return Written(saved, _with_progress(str(exc), run, outcome, after=True),
                           recorded=False)
    return Written(saved)


def _with_progress(message: str, run: FixRun | None, failed: Outcome, *,
                   after: bool = False) -> str:
    """``message``, plus (when this run wrote files) which were written and which were not."""
    if run is None or not run.written or (after and len(run.written) == 1):
        return message
    done = "; ".join(path + (f" (backup {saved})" if saved else "")
                     for path, saved in run.written)
    changed = [o.plan.path for o in run.outcomes if o.changed]
    start = changed.index(failed.plan.path) + (1 if after else 0)
    left = ", ".join(changed[start:]) or "none"
    return f"{message}. Written in this run: {done}. Not written: {left}"
