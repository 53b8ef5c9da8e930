"""`cfgtool fix`: run a DR procedure on padr.ini, put an address first in Vault.ini, or apply
the lint rules' safe fixes. Every file is planned and verified before any is written.

The command only reads options, calls :mod:`cyberark_cfg.fixing` and prints; exit 0 when done
or nothing to do, 1 when --check or --diff sees a change, the lint fixes cannot be planned, or
(with --fail-on-remaining) findings remain, 2 for a usage error or a file that cannot be read,
parsed, changed as planned or verified (then nothing is written). The lint fixes honour the
configuration `cfgtool lint` uses: what it does not report, fix does not touch.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, app, fail
from cyberark_cfg.cli.files import KindOption, MaxBytesOption
from cyberark_cfg.edits import Edit
from cyberark_cfg.errors import CfgError, EditError
from cyberark_cfg.fixing import (
    Outcome,
    Plan,
    Procedure,
    Source,
    batch,
    failback,
    full_replication,
    manual_failover,
    plan_first_address,
    plan_lint_fixes,
    prepare,
    read_source,
    rearm_failover,
)
from cyberark_cfg.fixing import record as change_record
from cyberark_cfg.fixing.addresses import check_address
from cyberark_cfg.fixing.diffs import unified_diff
from cyberark_cfg.fixing.guide import render_steps
from cyberark_cfg.kinds import KINDS
from cyberark_cfg.lint.resolve import Settings, resolve

if TYPE_CHECKING:
    from cyberark_cfg.lint.baseline import Baseline

KIND_NAMES = {"padr": "padr.ini", "vault": "Vault.ini"}


class UsageError(CfgError):
    """A procedure flag given for a file of another kind."""


@dataclass
class Request:
    """What was asked: a flag, the kinds it applies to, and how to plan one file."""

    flag: str
    kinds: tuple[str, ...]
    plan: Callable[[Source], Plan]
    procedure: Procedure | None = None


def _procedure_plan(source: Source, procedure: Procedure) -> Plan:
    edits = procedure.plan(source.document)  # EditError when the file's state is refused
    for warning in procedure.warnings(source.document):
        typer.echo(f"{source.path}: warning: {warning}", err=True)
    return Plan.single(source.path, procedure.name, edits)


def _procedure_request(flag: str, procedure: Procedure) -> Request:
    return Request(flag, procedure.kinds, lambda source: _procedure_plan(source, procedure),
                   procedure)


def _request(failback_: bool, full: bool, manual: bool, rearm: bool, first: str | None,
             position: int | None, unsafe: bool) -> Request | None:
    """Check the options against each other; None means the lint rules' fixes."""
    chosen = [flag for flag, on in (("--failback", failback_), ("--full-replication", full),
                                    ("--manual-failover", manual), ("--rearm-failover", rearm),
                                    ("--first", first is not None))
              if on]
    if len(chosen) > 1:
        raise fail(f"choose one of {', '.join(chosen)}")
    if position is not None and "--full-replication" not in chosen:
        raise fail("--position goes with --full-replication")
    if unsafe and chosen:
        raise fail("--unsafe-fixes goes with the lint fixes (no procedure flag)")
    if position is not None and position != -1:
        raise fail("--position takes only -1 (replicate everything from the start)")
    if failback_:
        return _procedure_request("--failback", failback())
    if full:
        return _procedure_request("--full-replication", full_replication(position))
    if manual:
        return _procedure_request("--manual-failover", manual_failover())
    if rearm:
        return _procedure_request("--rearm-failover", rearm_failover())
    if first is not None:
        try:
            address = check_address(first)
        except EditError as exc:
            raise fail(exc.message) from None
        return Request("--first", ("vault",), lambda source: Plan.single(
            source.path, "first-address", plan_first_address(source.document, address)))
    return None


@app.command()
def fix(
    paths: list[Path] = typer.Argument(None, metavar="PATH", help="The files to fix; for the "
                                       "lint fixes, folders too (walked as lint walks them). "
                                       "With --topology: limit its fixes to these files."),
    failback_: bool = typer.Option(False, "--failback", help="padr.ini: return this vault to "
                                   "standby replication (FailoverMode=No, position removed; "
                                   "EnableFailover untouched)."),
    full: bool = typer.Option(False, "--full-replication", help="padr.ini: force a full "
                              "replication (KB 000004199: FailoverMode=No, position removed)."),
    manual: bool = typer.Option(False, "--manual-failover", help="padr.ini: take over at the "
                                "next DR service start (EnableFailover=No, "
                                "ActivateManualFailover=Yes); refused when FailoverMode=Yes."),
    rearm: bool = typer.Option(False, "--rearm-failover", help="padr.ini: re-arm automatic "
                               "failover (EnableFailover=Yes) once replication is verified; "
                               "refused when FailoverMode=Yes."),
    first: str | None = typer.Option(None, "--first", metavar="ADDRESS", help="Vault.ini: put "
                                     "ADDRESS first in the ADDRESS list."),
    position: int | None = typer.Option(None, "--position", help="With --full-replication: "
                                        "-1 sets NextBinaryLogNumberToStartAt=-1 instead."),
    unsafe: bool = typer.Option(False, "--unsafe-fixes", help="Lint fixes: apply the unsafe "
                                "ones too."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff; write nothing; exit "
                              "1 if a file would change."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if a file would "
                               "change."),
    fail_on_remaining: bool = typer.Option(False, "--fail-on-remaining", help="Lint fixes: "
                                           "also exit 1 when findings at or above the "
                                           "configuration's fail-on remain after the fixes."),
    config_file: Path | None = typer.Option(None, "--config", help="Configuration file "
                                            "(default: the one `cfgtool lint` finds)."),
    exclude: list[str] = typer.Option(None, "--exclude", metavar="PATTERN", help="Also skip "
                                      "files and folders matching this pattern in folder "
                                      "walks (repeatable)."),
    backup: bool = typer.Option(False, "--backup", help="Keep <file>.<UTC time>.bak."),
    allow_metadata_loss: bool = typer.Option(False, "--allow-metadata-loss", help="Write even "
                                             "when the owner, ACL or extended attributes "
                                             "cannot be kept."),
    record: Path | None = typer.Option(None, "--record", metavar="FILE", help="Append one JSON "
                                       "line per changed file (change evidence)."),
    topology: Path | None = typer.Option(None, "--topology", "-t", metavar="FILE",
                                         help="DR topology: reorder or complete the components' "
                                         "ADDRESS lists (the DR003/DR004 fixes)."),
    kind: str | None = KindOption,
    max_bytes: int = MaxBytesOption,
) -> None:
    """Fix files with verified, atomic edits: a DR procedure, --first, the estate's fixes
    (--topology) or the lint fixes."""
    request = _request(failback_, full, manual, rearm, first, position, unsafe)
    if topology is not None and (request is not None or unsafe):
        raise fail("--topology goes alone: not with a procedure, --first or --unsafe-fixes")
    if not paths and topology is None:
        raise fail("give the files to fix, or --topology FILE")
    if kind is not None and kind.strip().lower() not in KINDS:
        raise fail(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    dry = diff or check
    if record is not None and not dry:
        change_record.check_writable(str(record))
    settings = resolve([str(p) for p in paths or []], config_file=str(config_file)
                       if config_file else None, exclude=tuple(exclude or ()),
                       find_topology=False)
    outcomes: list[Outcome] = []
    errors, unresolved = 0, False
    estate_plans = (_estate_plans(topology, paths, settings) if topology is not None
                    else None)
    if estate_plans is not None:
        targets: list[tuple[str, str | None]] = [(path, kind) for path in estate_plans]
        walked: set[str] = set()
    else:
        targets, walked, errors = _targets(settings, request, kind)
    for path, file_kind in targets:
        try:
            source = read_source(path, file_kind, max_bytes)
            plan: Plan | None
            if estate_plans is not None:
                plan, findings_left = Plan.single(path, "topology", estate_plans[path]), False
            else:
                plan, findings_left = _plan(source, request, unsafe, settings,
                                            fail_on_remaining)
            unresolved = unresolved or findings_left
            if plan is not None:
                outcomes.append(prepare(plan, source))
        except CfgError as exc:
            typer.echo(f"cfgtool: error: {exc}", err=True)
            errors += 1
    if not errors and not dry:  # every file checked before the first is written
        for problem in batch.check_all(outcomes, record=str(record) if record is not None else None,
                                       allow_metadata_loss=allow_metadata_loss):
            typer.echo(f"cfgtool: error: {problem}", err=True)
            errors += 1
    if errors:
        typer.echo("cfgtool: nothing written", err=True)
        raise typer.Exit(EXIT_ERROR)
    changed = False
    written: list[batch.Written] = []
    for index, outcome in enumerate(outcomes):
        changed = changed or outcome.changed
        if not outcome.changed and outcome.plan.path in walked:
            continue  # found in a folder: only what changes is worth a line
        left = [o.plan.path for o in outcomes[index:] if o.changed]
        errors += _report(outcome, request, diff=diff, check=check, backup=backup, record=record,
                          written=written, left=left, allow_metadata_loss=allow_metadata_loss)
        if errors:
            break  # a write failed: stop; the message named what was written
    if walked:
        count = sum(outcome.changed for outcome in outcomes)
        verb = "would change" if dry else "changed"
        # With --diff, stdout is the patch alone.
        typer.echo(f"{len(targets)} file{'s' if len(targets) != 1 else ''} checked; "
                   f"{verb} {count}", err=diff)
    if errors:
        raise typer.Exit(EXIT_ERROR)
    if (dry and changed) or unresolved:
        raise typer.Exit(EXIT_FINDINGS)


def _targets(settings: Settings, request: Request | None, kind: str | None
             ) -> tuple[list[tuple[str, str | None]], set[str], int]:
    """The files to fix, each with the kind to read it as; those found in folders; and how many
    could not be listed. Each real file comes once (the walk of `cfgtool lint`).

    A named file is taken as it is. A folder is walked for the lint fixes only: a procedure
    changes the role of a vault, and --first the vault a component reaches first, so they take
    the one file meant, never every file of a folder.
    """
    from cyberark_cfg.lint import discovery

    paths = list(settings.paths)
    folders = [path for path in paths if os.path.isdir(path)]
    if folders and request is not None:
        raise fail(f"{folders[0]}: {request.flag} takes the files to change, not a folder")
    named = set(paths)
    targets: list[tuple[str, str | None]] = []
    walked: set[str] = set()
    errors = 0

    def skipped(path: str, reason: str) -> None:
        if reason.startswith("looks like a copy"):
            typer.echo(f"cfgtool: {path}: {reason}; not fixed (name it to fix it)", err=True)

    for found in discovery.targets(paths, kind, settings.config, skipped):
        if isinstance(found, discovery.WalkError):
            typer.echo(f"cfgtool: {'error: ' if found.fatal else ''}{found.path}: "
                       f"{found.message}", err=True)
            errors += found.fatal
            continue
        targets.append((found.path, found.kind))
        if found.path not in named:
            walked.add(found.path)
    if folders and not walked and not errors:
        typer.echo(f"{', '.join(folders)}: no file of a known kind to fix")
    return targets, walked, errors


def _estate_plans(topology: Path, paths: list[Path] | None, settings: Settings
                  ) -> dict[str, list[Edit]]:
    """The DR003/DR004 fixes of the estate, per component file (limited to ``paths``), of the
    findings the configuration reports."""
    from cyberark_cfg.estate import load_estate
    from cyberark_cfg.fixing.estate import fix_plans
    from cyberark_cfg.lint.engine import apply_config

    estate = load_estate(topology)
    wanted = [str(p) for p in paths] if paths else None
    documents = {c.path: c.document for c in estate.components}
    plans = dict(fix_plans(estate, wanted, keep=lambda d: bool(apply_config(
        [d], settings.config, d.path or "", documents.get(d.path or "")))))
    if not plans:
        typer.echo(f"{topology}: every component already lists its vaults in its site's order")
    return plans


def _plan(source: Source, request: Request | None, unsafe: bool, settings: Settings,
          fail_on_remaining: bool) -> tuple[Plan | None, bool]:
    """The plan for one file (None: nothing to do), and whether that fails the run: the lint
    fixes could not be planned, or (``fail_on_remaining``) findings are left at or above the
    configuration's fail-on.

    A procedure on a kind it does not apply to is a usage error naming the kinds it fits.
    """
    if request is not None:
        if source.document.kind not in request.kinds:
            wanted = " or ".join(f"{KIND_NAMES.get(k, k)} ({k})" for k in request.kinds)
            raise UsageError(f"{request.flag} applies to {wanted} files, not to this "
                             f"{source.document.kind or 'unrecognised'} file (force the kind "
                             f"with --kind)", path=source.path)
        return request.plan(source), False
    lint = plan_lint_fixes(source, unsafe=unsafe, config=settings.config,
                           baseline=_baseline(settings))
    for diagnostic in lint.remaining:
        typer.echo(diagnostic.one_line(), err=True)
    if not lint.converged:
        typer.echo(f"{source.path}: not fixed: {lint.problem}; nothing written", err=True)
        return None, True
    return lint.plan, fail_on_remaining and any(
        d.severity >= settings.config.fail_on for d in lint.remaining)


def _baseline(settings: Settings) -> Baseline | None:
    if settings.baseline is None:
        return None
    from cyberark_cfg.lint.baseline import Baseline

    return Baseline(settings.baseline)


def _report(outcome: Outcome, request: Request | None, *, diff: bool, check: bool,
            backup: bool, record: Path | None, written: list[batch.Written], left: list[str],
            allow_metadata_loss: bool) -> int:
    """Show, count or write one outcome and print what happened; returns 1 on a write error."""
    path, name = outcome.plan.path, outcome.plan.procedure
    if not outcome.changed:
        state = "nothing to change"
        typer.echo(f"{path}: {name}: {state}; nothing written")
    elif diff or check:
        state = "not done yet (run again without --diff/--check)"
        if diff:
            typer.echo(unified_diff(outcome), nl=False)
        else:
            typer.echo(f"{path}: {name}: would change")
            for text in outcome.descriptions():
                typer.echo(f"  {text}")
    else:
        try:
            saved = batch.write_one(outcome, written, left, backup=backup,
                                    record=str(record) if record is not None else None,
                                    allow_metadata_loss=allow_metadata_loss).backup
        except CfgError as exc:
            typer.echo(f"cfgtool: error: {exc}", err=True)
            return 1
        state = "done by cfgtool"
        typer.echo(f"{path}: {name}: written" + (f" (backup {saved})" if saved else ""))
        for text in outcome.descriptions():
            typer.echo(f"  {text}")
    if request is not None and request.procedure is not None:
        for line in render_steps(request.procedure, path, state):
            typer.echo(line, err=diff)
    return 0
